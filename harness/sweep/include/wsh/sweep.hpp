// `wsharness sweep`: one library across its released versions. For each version: install it on
// its own into the cache, start the ecosystem's echo server on it, run the selected cases, keep
// the report. Then the cases whose verdict changed from one version to the next, and with
// bisection only O(log n) versions of a range run (wsh/bisect.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "wsh/bisect.hpp"
#include "wsh/ecosystem.hpp"
#include "wsh/report_file.hpp"
#include "wsh/suite.hpp"

namespace wsh {

struct sweep_options {
  std::string cache_root;       // install_cache.hpp
  std::string targets_src_dir;  // {src}: where targets/node/echo.js and friends are
  std::string interpreter;      // runs the echo server (and makes Python's venvs); empty: the ecosystem's
  int install_timeout_s = 600;
  int startup_timeout_ms = 20000;
  suite_options suite;  // per-case run settings, profile; max_time_ms bounds each version's run
};

// One version's outcome: a report, or why there is none (install or start failed).
struct version_run {
  std::string version;
  std::string error;          // empty when the cases ran
  std::string report_json;    // as `conformance --json` writes it
  std::optional<report_file> report;
  bool installed_from_cache = false;

  bool ok() const { return error.empty() && report.has_value(); }
};

// Installs, starts and runs one version. Never throws for the version's own problems: they are
// its `error`, and the sweep goes on.
version_run run_version(const ecosystem& eco, const std::string& package, const std::string& version,
                        const std::vector<const test_case*>& cases, const sweep_options& opt);

// What bisection compares: each case's verdict and finding in `ids` order ("fail tcp_drop";
// "-" when absent), or a single "error: install" / "error: start" for a version without a
// report. The finding is part of it: a server that stops replacing invalid text and starts
// dropping TCP still fails, but behaves differently. Close codes and timings are not.
verdict_vector verdicts_of(const version_run& run, const std::vector<std::string>& ids);

// A case whose verdict (or, with the same verdict, finding) differs between two consecutive
// versions that ran.
struct verdict_change {
  std::string id, from, to;    // from/to: versions
  std::string kind;            // "verdict" or "finding" (same verdict, another finding)
  std::string before, after;   // verdicts
  std::string before_detail, after_detail;  // "fail [wrong_code] 1002"
};
std::vector<verdict_change> consecutive_changes(const std::vector<version_run>& runs);

struct sweep_result {
  std::string ecosystem, package;
  std::vector<std::string> candidates;  // every version asked for, in order
  std::vector<version_run> runs;        // the versions that were run, in order
  std::vector<verdict_change> changes;
  bool bisected = false;
  std::vector<std::pair<std::string, std::string>> boundaries;  // (last_unchanged, first_changed)
  bool complete = true;  // false: interrupted (Ctrl-C/SIGTERM) before every version needed ran

  int failed_versions() const;
};

}  // namespace wsh
