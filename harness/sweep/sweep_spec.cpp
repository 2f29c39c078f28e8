#include "wsh/sweep_spec.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "wsh/setup_error.hpp"

namespace wsh {

namespace {
const char* const spec_form = " (expected ECO:PACKAGE@V1,V2,... or ECO:PACKAGE@FROM..TO, e.g. npm:ws@7.5.9,8.13.0)";

bool blank_or_spaced(const std::string& s) {
  return s.empty() || std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= ' '; });
}
}  // namespace

sweep_spec parse_sweep_spec(const std::string& text) {
  const auto bad = [&](const std::string& what) {
    return setup_error("bad sweep spec '" + text + "': " + what + spec_form);
  };
  sweep_spec s;
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) throw bad("no ecosystem");
  s.ecosystem = text.substr(0, colon);
  // The last '@': npm scopes (`@scope/pkg`) and Maven coordinates never contain one after it.
  const auto at = text.rfind('@');
  if (at == std::string::npos || at <= colon + 1) throw bad("no package@versions");
  s.package = text.substr(colon + 1, at - colon - 1);
  const std::string versions = text.substr(at + 1);
  if (blank_or_spaced(s.package)) throw bad("empty package");
  if (blank_or_spaced(versions)) throw bad("no versions");
  if (const auto dots = versions.find(".."); dots != std::string::npos) {
    s.from = versions.substr(0, dots);
    s.to = versions.substr(dots + 2);
    if (s.from.empty() || s.to.empty()) throw bad("a range needs both ends");
    if (s.to.find("..") != std::string::npos || s.to.find(',') != std::string::npos ||
        s.from.find(',') != std::string::npos)
      throw bad("a range is FROM..TO, nothing more");
    return s;
  }
  std::istringstream list(versions);
  std::set<std::string> seen;
  for (std::string v; std::getline(list, v, ',');) {
    if (v.empty()) throw bad("empty version in the list");
    if (!seen.insert(v).second) throw bad("version " + v + " is listed twice");
    s.versions.push_back(v);
  }
  if (versions.back() == ',') throw bad("empty version in the list");
  return s;
}

}  // namespace wsh
