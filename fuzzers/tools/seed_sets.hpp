// The generated seed inputs: every fuzzer's corpus and the regression seeds, derived from the
// conformance catalogue and the UTF-8 vector table (never written by hand).
#pragma once
#include <map>
#include <string>

#include "wsh/bytes.hpp"

namespace wsh::libfuzzer {

// Largest seed kept: libFuzzer's default -max_len is 4096, and bigger inputs slow every run.
inline constexpr std::size_t max_seed_size = 4096;

using seed_set = std::map<std::string, bytes>;  // file name -> contents

// Directory name under corpus/ -> its generated seeds.
std::map<std::string, seed_set> generated_corpora();

}  // namespace wsh::libfuzzer
