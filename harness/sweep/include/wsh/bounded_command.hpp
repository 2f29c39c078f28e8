// A shell command with a deadline: package-manager clients (npm, pip) that list or install
// versions. It runs in its own process group, which is killed whole when the deadline passes,
// so nothing it started outlives it; likewise on Ctrl-C / SIGTERM (wsh/interrupt.hpp).
#pragma once
#include <string>

namespace wsh {

struct command_output {
  int exit_code = -1;  // -1: killed (deadline) or could not run
  bool timed_out = false;    // killed at the deadline
  bool interrupted = false;  // killed on Ctrl-C / SIGTERM
  std::string out, err;  // stdout and stderr, each up to 4 MiB
  bool ok() const { return exit_code == 0 && !timed_out && !interrupted; }
  // The last non-empty line of stderr (else of stdout), for one-line error messages.
  std::string last_line() const;
};

command_output run_bounded(const std::string& shell_command, int timeout_s);

}  // namespace wsh
