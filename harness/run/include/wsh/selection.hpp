// Case selection by glob over both id schemes (ours and the reference suite's).
#pragma once
#include <string>
#include <vector>

#include "wsh/test_case.hpp"

namespace wsh {

// `globs` is a comma-separated list of shell globs ("8.1/invalid/*,6.4.*"); empty selects all.
// A case matches when its id or ref_id matches any glob.
std::vector<const test_case*> select_cases(const std::vector<test_case>& all, const std::string& globs);

}  // namespace wsh
