#include "wsh/selection.hpp"

#include <fnmatch.h>

namespace wsh {

std::vector<const test_case*> select_cases(const std::vector<test_case>& all, const std::string& globs) {
  std::vector<std::string> patterns;
  std::size_t start = 0;
  while (start <= globs.size()) {
    std::size_t comma = globs.find(',', start);
    if (comma == std::string::npos) comma = globs.size();
    if (comma > start) patterns.push_back(globs.substr(start, comma - start));
    start = comma + 1;
  }
  std::vector<const test_case*> out;
  for (const auto& c : all) {
    bool hit = patterns.empty();
    for (const auto& p : patterns) {
      hit = hit || fnmatch(p.c_str(), c.id.c_str(), 0) == 0 ||
            (!c.ref_id.empty() && fnmatch(p.c_str(), c.ref_id.c_str(), 0) == 0);
    }
    if (hit) out.push_back(&c);
  }
  return out;
}

}  // namespace wsh
