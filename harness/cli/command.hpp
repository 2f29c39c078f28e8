// One file per subcommand: each adds itself to the app and returns what to run if chosen.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "wsh/adapter.hpp"
#include "wsh/runner.hpp"
#include "wsh/test_case.hpp"

namespace wsh::cli {

inline constexpr int exit_clean = 0, exit_findings = 1, exit_usage = 2;

struct command {
  CLI::App* sub = nullptr;
  std::function<int()> run;  // throws setup_error for bad input (exit 2)
};

// The server under test and its policy, shared by every subcommand that talks to a server.
struct target_options {
  std::string target, url, command;
  // With --command: how reports name the server, the command that prints its library version,
  // and how long it may take to start accepting.
  std::string name, version_command;
  std::vector<std::string> targets_files;  // --targets-file: more targets, as data (registry.hpp)
  std::string ca_file;  // --ca: PEM file to verify a wss:// server's certificate
  bool insecure = false;  // --insecure: no certificate checks at all (said in every report)
  int startup_timeout_ms = 10000;
  bool text_only = false;
  int binary_close_code = 1007;
  run_options timing;  // --timeout-ms, --pause-ms, --probe-grace-ms, --max-message
  // --max-message-size: the endpoint's size limit (policy), over a built-in target's; 0: none.
  std::optional<std::uint64_t> max_message_size;

  CLI::Option* code_option = nullptr;  // set by add_to: was --binary-close-code given?
  CLI::Option* startup_option = nullptr;

  void add_to(CLI::App& cmd);
  // Loads the --targets-file files into the registry (once each); before any target is looked up.
  void load_targets_files() const;
  // The flags applied over a declared policy (a built-in target's; the default for --url/--command).
  endpoint_policy policy(const endpoint_policy& declared = {}) const;
  std::unique_ptr<adapter> make_adapter() const;
  // The same, with `declared` in place of the server's own policy (replay: the input's policy).
  std::unique_ptr<adapter> make_adapter(const endpoint_policy& declared) const;
  // Flags that reproduce this target, policy and timeout, for replay commands.
  std::string replay_flags() const;
};

// --timeout-ms, --pause-ms and --probe-grace-ms: how long a case may take, for every subcommand
// that runs cases; and `r` as flags for a replay command (those that differ from the defaults,
// --max-message included).
void add_timing_options(CLI::App& cmd, run_options& r);
std::string timing_flags(const run_options& r);

// The catalogue plus --cases-file files, filtered by --cases globs; none matching is bad input.
std::vector<const test_case*> selected_cases(const std::vector<test_case>& all, const std::string& globs);

command add_conformance(CLI::App& app);
command add_list_cases(CLI::App& app);
command add_targets(CLI::App& app);
command add_compare(CLI::App& app);
command add_baseline(CLI::App& app);
command add_gate(CLI::App& app);
command add_report(CLI::App& app);
command add_fuzz(CLI::App& app);
command add_replay(CLI::App& app);
command add_explain(CLI::App& app);
command add_autobahn(CLI::App& app);
command add_sweep(CLI::App& app);

}  // namespace wsh::cli
