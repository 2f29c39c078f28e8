// One directory per installed version, apart from the project's pinned targets:
//   <cache root>/<ecosystem>/<package, '/' as '+'>/<version>/
// or, with an interpreter other than the ecosystem's default, <version>@<interpreter's name>/.
// A version is installed into a temporary sibling and renamed into place only when the install
// succeeded (a marker file inside says so), so an interrupted install is never taken for one.
// The marker also holds the recipe's fingerprint (the install command and the contents of the
// ecosystem's build_inputs): an install made with another recipe is made again.
#pragma once
#include <string>

#include "wsh/ecosystem.hpp"

namespace wsh {

// $WSH_SWEEP_CACHE, else $XDG_CACHE_HOME/wsharness/sweep, else ~/.cache/wsharness/sweep.
std::string default_sweep_cache();

struct install_result {
  bool ok = false;
  bool cached = false;  // was already installed
  std::string dir;
  std::string error;  // one line, when !ok
};

// Installs `version` of `package` unless it is already there, within `timeout_s`.
// `interpreter` empty: the ecosystem's default. `src_dir`: targets/ ({src}), for ecosystems
// that build their echo server into the install (Go).
// The fingerprint of what `package`'s install is built from (FNV-1a, hex): the install command
// and every file of the ecosystem's build_inputs under `src_dir`, by path and contents.
std::string recipe_fingerprint(const ecosystem& eco, const std::string& package, const std::string& src_dir);

install_result install_version(const ecosystem& eco, const std::string& package, const std::string& version,
                               const std::string& cache_root, int timeout_s, const std::string& interpreter = "",
                               const std::string& src_dir = "");

}  // namespace wsh
