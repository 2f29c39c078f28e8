// Fuzz target: the harness's UTF-8 validator against websocketpp's and Beast's on arbitrary bytes
// in arbitrary chunkings (format in utf8_differential.hpp). Any disagreement aborts.
#include <cstdio>
#include <cstdlib>

#include "utf8_differential.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string why = wsh::libfuzzer::utf8_disagreement(wsh::byte_view(data, size));
  if (!why.empty()) {
    std::fprintf(stderr, "wsh fuzz: UTF-8 validators disagree: %s\n", why.c_str());
    std::abort();
  }
  return 0;
}
