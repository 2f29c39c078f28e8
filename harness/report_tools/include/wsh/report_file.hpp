// A JSON report (as written by to_json / `wsharness conformance --json`) read back into memory.
// compare, baseline, gate and the HTML matrix all work on this, never on live runs, so they can
// combine reports from different machines, versions and days.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "wsh/verdict.hpp"

namespace wsh {

// Unreadable or malformed input (exit 2). what() is one line naming the file and the field.
struct report_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct case_record {
  std::string id, ref_id, group, description;
  std::string rfc;  // the requirement checked, when the report has it
  outcome verdict = outcome::pass;
  std::string finding = "none";  // kept as text so reports from newer versions still load
  std::string why;
  struct {
    bool close = false;
    std::vector<int> close_codes;
    std::string violation = "none";
    std::string reason;  // the oracle's why, with its RFC section
    int echoes = 0;
  } expected;
  struct {
    bool upgraded = true;
    std::string setup_error;
    std::optional<int> close_code;
    bool close_frame = false;
    std::string close_reason_hex;
    bool server_initiated_close = false;
    bool tcp_closed = false;
    bool tcp_reset = false;  // ended by an RST (reports before it: false)
    int echoed = 0;
    long ms = 0;
    std::optional<long> close_ms;
  } observed;
  std::vector<std::string> frames_hex;
  std::string replay;
};

struct report_file {
  std::string source;  // where it was read from (a path, or a label for in-memory reports)
  std::string tool_version;
  std::string target_name, target_version;
  bool text_only = false;
  int binary_close_code = 1007;
  std::optional<std::uint64_t> max_message_size;  // declared size limit (nullopt: none, or an older report)
  std::string profile = "strict";  // the judging profile (strict, autobahn)
  long duration_ms = 0;
  std::vector<case_record> cases;  // in the run's order

  const case_record* find(const std::string& id) const;
  int count(outcome o) const;
  std::string label() const { return target_name + " " + target_version; }
};

// Throw report_error (prefixed with `source`) on bad JSON, a missing required field
// (tool, target.name, cases[].id/verdict/finding), a wrong type, or a duplicate case id.
report_file parse_report(const std::string& json_text, const std::string& source);
report_file read_report_file(const std::string& path);

// Reads a whole file; report_error if it cannot be opened. Shared by the report readers.
std::string read_text_file(const std::string& path);

// The reports a path stands for: itself, or for a combined report of a multi-target run
// (`"kind": "combined"`) each target's report, resolved next to it, in its order. Targets that
// could not run have no report; `notes` gets one line for each.
std::vector<std::string> expand_report_path(const std::string& path, std::vector<std::string>& notes);

// What the server did, in a few characters: its close code, "close" (a close frame without a
// code), "drop" (TCP ended without a close frame), "—" (nothing: still open at the deadline, or
// never connected).
std::string observed_label(const case_record& c);

// pass < non-strict < fail: moving right is a regression. `skipped` (the case could not be
// judged against this server) is on no side of that scale; callers treat it apart.
int severity(outcome o);
outcome parse_outcome(const std::string& s);  // throws report_error

}  // namespace wsh
