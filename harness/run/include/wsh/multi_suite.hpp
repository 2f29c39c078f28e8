// Runs the same cases against several targets, one after another or N at a time, and the
// combined report over them. Each target still goes through run_suite; this only schedules.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wsh/adapter.hpp"
#include "wsh/suite.hpp"

namespace wsh {

struct suite_job {
  std::string name;
  std::function<std::unique_ptr<adapter>()> make;  // called on the worker thread; may throw setup_error
  suite_options opt;
};

struct suite_outcome {
  std::string name;
  std::optional<run_report> report;  // empty when the target could not be set up
  std::string error;                 // why, in one line
};

// Results come back in job order. `on_done` is called (serialised) as each target finishes.
// Spawned servers take leased ports (wsh/port_lease.hpp), so parallel jobs never share one.
std::vector<suite_outcome> run_suites(const std::vector<suite_job>& jobs, const std::vector<const test_case*>& cases,
                                      int parallel, const std::function<void(const suite_outcome&)>& on_done = {});

// One JSON document over a multi-target run: per target its version, policy, summary, the file
// of its full report and every non-passing case in brief (id, verdict, finding, close code).
// `report_file(name)` names the per-target report as written next to it.
std::string to_combined_json(const std::vector<suite_outcome>& outcomes, double duration_ms, int parallel,
                             const std::function<std::string(const std::string&)>& report_file);

}  // namespace wsh
