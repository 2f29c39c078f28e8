// Runs selected cases against one adapter: derive -> run -> judge, once per case, in one place.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "wsh/adapter.hpp"
#include "wsh/report.hpp"
#include "wsh/runner.hpp"

namespace wsh {

struct suite_options {
  run_options run;
  profile judging = profile::strict;
  // Prefix of the replay command; the case id is appended as --cases 'ID'.
  std::string replay_prefix = "wsharness conformance";
  int max_time_ms = 0;  // whole run; 0 = no limit. Cases not started by then are not run.
  // A failing case runs again up to `confirm` times; if a run does not fail the same way (verdict,
  // finding, close code) the case is outcome::flaky. 0: no confirmation runs.
  int confirm = 0;
  // How many connections the server takes at once. 1 (the default): every case runs on its own
  // connection, one after another. N > 1: cases run on up to N connections at once (worker
  // threads), except the timing-sensitive ones (a fail-fast pause, send_pause::fail_fast_probe:
  // the server's close must beat our next write), which run afterwards in a phase of their own
  // (up to N at once, with nothing else loading the server). Every case keeps its full deadline;
  // the report lists the cases in the order given; on_result is called from the calling thread,
  // for the parallel cases in the order given, then for the timing-sensitive ones. A server death
  // ends the parallel phase: the server is restarted and the rest (from the first case that lost
  // its connection to a dead server) runs one at a time.
  int connections = 1;
  // Called after every case with the report so far (complete == false), e.g. to rewrite a
  // report file so an interrupted run still leaves a valid one.
  std::function<void(const run_report&)> on_progress;
};

// Starts the adapter, runs every case on a fresh connection, stops the adapter. If the server
// stops accepting connections during a case, that case fails with `server_died` and the adapter
// is restarted (a spawned command comes back; a --url server that stays unreachable ends the
// run, marked incomplete). Ctrl-C/SIGTERM (wsh/interrupt.hpp) and max_time_ms end it likewise.
// `on_result` is called as each case finishes (progress, streaming reports).
run_report run_suite(adapter& target, const std::vector<const test_case*>& cases, const suite_options& opt,
                     const std::function<void(const case_result&)>& on_result = {});

// Quotes one shell word ('...' with embedded quotes escaped).
std::string shell_quote(const std::string& s);

}  // namespace wsh
