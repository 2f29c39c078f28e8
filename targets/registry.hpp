// The built-in targets `--target NAME` resolves: one row each in registry.cpp, and one small
// server file under targets/. A target runs in-process (an adapter object) or is spawned (a
// program the harness starts on a leased port, described as data).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "wsh/adapter.hpp"

namespace wsh {

// Something a spawned target needs, and the one command that provides it.
struct requirement {
  std::string path;     // an absolute file, or a program name looked up on PATH
  std::string install;  // e.g. "apt-get install python3-websockets"
};

struct in_process_target {
  std::function<std::string()> version;  // read from the library itself
  std::function<std::unique_ptr<adapter>(const endpoint_policy&)> make;
};

// In `command` and `version_command`, {src} and {bin} stand for targets/ in the source tree and
// in the build tree; {port} (command only) is the leased port.
struct spawned_target {
  std::string command;          // serves an echo endpoint at ws://127.0.0.1:{port}/
  std::string version_command;  // prints the library version, read from the library or its package
  std::vector<requirement> needs;
  int startup_timeout_ms = 10000;
  std::string tls_ca;  // set: the server speaks wss:// with a certificate this CA file signs ({src} expands)
};

struct target_info {
  std::string name;
  std::string library;     // what is under test, e.g. "Node.js ws"
  std::string language;    // of the library: "C++", "JavaScript", "Python", "Java", "Go", "Rust", ...
  endpoint_policy policy;  // what the endpoint promises; the oracle judges against it
  std::variant<in_process_target, spawned_target> how;
  // How many connections it serves at once with verdicts identical to one at a time (checked by
  // tests/e2e): `conformance --connections N` uses at most this many. 1: one case at a time.
  int connections = 1;
};

std::span<const target_info> builtin_targets();

// A user's own servers as data (`--targets-file FILE`): a JSON document with the rows of the
// built-in spawned targets,
//   {"targets": [{"name": "my-server", "command": "./server --port {port}",
//                 "version_command": "./server --version", "library": "...", "language": "Go",
//                 "policy": {"text_only": false, "binary_close_code": 1007},
//                 "startup_timeout_ms": 10000, "needs": [{"path": "./server", "install": "make"}]}]}
// (only name and command are required). Malformed rows are a setup_error naming the file, the row
// and the field. Reading the same file again does nothing; a name already taken is an error.
void load_targets_file(const std::string& path);
// The targets loaded from files, in file order.
std::span<const target_info> user_targets();

// Throws setup_error naming the known targets when `name` is neither built-in nor loaded.
const target_info& find_target(const std::string& name);

// How the target is started, for listings ("in-process", or the command with paths shortened).
std::string how_started(const target_info& t);
// Empty when everything the target needs is present; else one line naming what is missing and
// the command that installs it.
std::string missing_dependency(const target_info& t);
// The library version; throws setup_error if a dependency is missing or the probe fails.
std::string target_version(const target_info& t);

// Checks the dependencies, probes the version and makes the adapter. `policy` overrides the
// declared one (for in-process targets it also configures the server).
std::unique_ptr<adapter> make_target(const target_info& t, const std::optional<endpoint_policy>& policy = {});
std::unique_ptr<adapter> make_target(const std::string& name, const std::optional<endpoint_policy>& policy = {});

}  // namespace wsh
