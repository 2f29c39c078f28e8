// What `wsharness sweep` is asked to sweep: `eco:package@v1,v2,v3` (these versions) or
// `eco:package@a..b` (every published version from a to b, both included, from the registry).
// `latest` stands for the newest release wherever a version goes (`npm:ws@7.5.9..latest`).
#pragma once
#include <string>
#include <vector>

namespace wsh {

struct sweep_spec {
  std::string ecosystem;              // "npm", "pypi", "maven", "go", "crates" (see ecosystem.hpp)
  std::string package;                // "ws", "websockets", "github.com/gorilla/websocket", ...
  std::vector<std::string> versions;  // a list; empty for a range
  std::string from, to;               // a range (both set), else empty

  bool is_range() const { return !from.empty(); }
};

// Throws setup_error (one line) for a missing `eco:`, package or `@`, an empty version, a range
// with a missing end or more than one `..`, or a version listed twice. The ecosystem name is
// not checked here (find_ecosystem does that).
sweep_spec parse_sweep_spec(const std::string& text);

}  // namespace wsh
