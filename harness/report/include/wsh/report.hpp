// A run's results and the views of them: console, JSON, JUnit. Reports only read transcripts
// and verdicts; they judge nothing themselves.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

#include "wsh/oracle.hpp"
#include "wsh/policy.hpp"
#include "wsh/test_case.hpp"
#include "wsh/transcript.hpp"
#include "wsh/verdict.hpp"

namespace wsh {

// One run of a case, as `--confirm` keeps every one of a failing case's runs.
struct case_attempt {
  verdict v;
  std::optional<std::uint16_t> close_code;
  bool tcp_closed = false;
  double total_ms = 0;
};

struct case_result {
  const test_case* c = nullptr;
  expectation expected;
  transcript observed;  // of the first run
  verdict v;            // of the first run; outcome::flaky when a confirmation run disagreed
  std::string replay;   // one shell command that re-runs just this case
  std::vector<case_attempt> attempts;  // with --confirm and a first run that failed: every run, first included
};

struct run_report {
  std::string target_name;
  std::string target_version;
  endpoint_policy policy;
  profile judging = profile::strict;
  std::string scheme = "ws";  // "wss": every case ran over TLS
  bool insecure = false;      // wss:// without certificate checks (--insecure)
  double duration_ms = 0;
  std::vector<case_result> results;
  bool complete = true;        // false: stopped early (interrupt, --max-time, server gone)
  std::string stopped_reason;  // why, when !complete
  std::size_t cases_planned = 0;

  int count(outcome o) const;
};

// One line per case as it finishes (for progress), then the details of every non-pass.
void print_case_line(std::ostream& os, const case_result& r);
void print_details(std::ostream& os, const case_result& r);
void print_summary(std::ostream& os, const run_report& r);

std::string to_json(const run_report& r);
std::string to_junit(const run_report& r);

// Writes through a temporary file and a rename, so a reader never sees half a report.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace wsh
