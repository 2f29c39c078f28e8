// One file per subcommand: each adds itself to the app and returns what to run if chosen.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "wsh/adapter.hpp"

namespace wsh::cli {

inline constexpr int exit_clean = 0, exit_findings = 1, exit_usage = 2;

struct command {
  CLI::App* sub = nullptr;
  std::function<int()> run;  // throws setup_error for bad input (exit 2)
};

// The server under test and its policy, shared by every subcommand that talks to a server.
struct target_options {
  std::string target, url, command;
  bool text_only = false;
  int binary_close_code = 1007;
  int timeout_ms = 2000;

  void add_to(CLI::App& cmd);
  endpoint_policy policy() const;
  std::unique_ptr<adapter> make_adapter() const;
  // Flags that reproduce this target, policy and timeout, for replay commands.
  std::string replay_flags() const;
};

command add_conformance(CLI::App& app);
command add_list_cases(CLI::App& app);
command add_targets(CLI::App& app);

}  // namespace wsh::cli
