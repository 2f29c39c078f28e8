// A server under test. Kept tiny so a new server is one small file in targets/.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "wsh/memory_server.hpp"
#include "wsh/policy.hpp"
#include "wsh/setup_error.hpp"  // what start() throws

namespace wsh {

// wss:// endpoints: how the server's certificate is checked. Verified by default (against
// `ca_file`, or the system's trust store when empty, and against the host name or IP address);
// `insecure` turns every check off and must be asked for (--insecure), and reports say so.
struct tls_settings {
  std::string ca_file;  // PEM
  bool insecure = false;
};

struct endpoint {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string path = "/";
  std::optional<tls_settings> tls;  // set: wss://
  std::string url() const {
    return (tls ? "wss://" : "ws://") + host + ":" + std::to_string(port) + path;
  }
};

// The contract every adapter keeps (checked for each kind by tests/run/test_adapter_contract.cpp):
// - start() returns an endpoint that accepts WebSocket upgrades, or throws setup_error. After
//   stop(), start() may be called again and serves again (possibly on another port): run_suite
//   restarts a server that died during a case.
// - stop() ends what start() began and returns when it has; calling it again, or before any
//   start(), does nothing. The destructor stops.
// - alive() is true while the server accepts upgrades and false once it stopped or died (killed,
//   crashed, exited), so a lost connection can be told apart from a dead server. It is asked only
//   after a case lost its connection and may take up to about a second to decide.
// - name(), version() and policy() do not depend on whether the server runs.
class adapter {
 public:
  virtual ~adapter() = default;
  virtual endpoint start() = 0;
  virtual void stop() = 0;
  virtual bool alive() = 0;
  virtual std::string name() const = 0;
  virtual std::string version() const = 0;
  virtual endpoint_policy policy() const = 0;
};

// Generic adapters: any running server, or any server command the harness spawns.
// ws:// or wss:// (with `tls` for a wss:// URL: the CA file, or insecure). A wss:// server whose
// certificate does not verify is a setup_error at start(), naming the certificate problem.
std::unique_ptr<adapter> make_url_adapter(const std::string& url, endpoint_policy policy, tls_settings tls = {});
// `command` contains {port}; the harness leases a free loopback port (wsh/port_lease.hpp), runs
// the command under /bin/sh in its own process group with its output in a temporary log, waits
// (bounded) until the port accepts, and kills the group on stop().
struct command_spec {
  std::string command;
  std::string name;     // for reports; empty: "command: <command>"
  std::string version;  // for reports; empty: "unknown (spawned command)"
  int startup_timeout_ms = 10000;
  bool warm_up = false;  // also wait for one text echo before start() returns (echo servers only)
  std::optional<tls_settings> tls;  // the server speaks wss:// (e.g. a built-in TLS target)
};
std::unique_ptr<adapter> make_command_adapter(const command_spec& spec, endpoint_policy policy);
// The first line a version command prints (e.g. `node echo.js --version`); throws setup_error if
// it cannot run, fails or prints nothing. Built-in targets and `--version-command` use it.
std::string probe_version(const std::string& command);
std::unique_ptr<adapter> make_command_adapter(const std::string& command, endpoint_policy policy,
                                              int startup_timeout_ms = 10000);
// A server in this process written against wsh::memory_server (wsh/memory_server.hpp), served
// over loopback TCP with a fresh server per connection (`make` gets the policy's echo options).
std::unique_ptr<adapter> make_memory_server_adapter(memory_server_factory make, endpoint_policy policy,
                                                    std::string name, std::string version);

}  // namespace wsh
