// `wsharness conformance --target a,b,c | --all-targets`: the catalogue against several built-in
// targets, N at a time, one JSON report each plus a combined one.
#pragma once
#include <string>
#include <vector>

#include "wsh/multi_suite.hpp"

namespace wsh::cli {

struct many_targets_output {
  std::string json_dir;  // DIR/<target>.json and DIR/combined.json; empty: no files
  bool quiet = false;    // summaries only, no per-case lines
  std::string markdown;  // a Markdown summary of every target here; empty: none
  bool strict_flaky = false;  // flaky cases count as failing
};

// Checks every target's dependencies first (one line naming each missing install command),
// runs them, prints a block per target as it finishes and a matrix at the end.
// Returns exit_findings if any case failed; throws setup_error (exit 2) if a target could not
// be set up, after the others ran and their reports were written.
int run_many_targets(const std::vector<suite_job>& jobs, const std::vector<const test_case*>& cases, int parallel,
                     const many_targets_output& out);

}  // namespace wsh::cli
