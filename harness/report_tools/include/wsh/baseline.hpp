// Baselines: the non-passing verdicts accepted for a target (e.g. a library's known bugs), so a
// release gate fails only on NEW failures.
//
// File format (JSON, hand-editable; `wsharness baseline REPORT.json` writes one):
//   {
//     "tool": "wsharness", "kind": "baseline", "format": 1,
//     "target": {"name": "websocketpp", "version": "0.8.2"},   // informational
//     "profile": "strict",                                      // informational
//     "from": "reports/websocketpp.json",                       // informational
//     "accepted": [
//       {"id": "5.5.1/close-reason/truncated-at-end", "verdict": "fail", "finding": "wrong_code",
//        "note": "optional: why it is accepted, a bug link"}
//     ]
//   }
// An entry accepts exactly that verdict ("fail" or "non-strict") with that finding (tcp_drop and
// tcp_reset accept each other) for that case
// id. "finding" may be left out to accept any finding with that verdict (for servers whose way of
// failing varies). The informational fields only produce notes when they do not match a report.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "wsh/report.hpp"
#include "wsh/report_file.hpp"

namespace wsh {

struct baseline_entry {
  std::string id;
  outcome verdict = outcome::fail;
  std::optional<std::string> finding;  // absent: any finding
  std::string note;

  // A finding repeats itself, and an end of TCP without a close frame (FIN or RST) repeats the
  // other: which one a server's close produces can be timing alone (wsh::repeats).
  bool accepts(const case_record& c) const { return c.verdict == verdict && (!finding || repeats(*finding, c.finding)); }
  std::string describe() const;  // "fail [wrong_code]"
};

struct baseline {
  std::string source;  // the file it was read from
  std::string target_name, target_version, profile, from;
  std::vector<baseline_entry> accepted;

  const baseline_entry* find(const std::string& id) const;
};

// report_error (one line, naming the file and entry) on bad JSON, wrong kind/format, a missing
// id/verdict, an unknown verdict, an entry accepting "pass" or "skipped", or a duplicate id.
baseline parse_baseline(const std::string& json_text, const std::string& source);
baseline read_baseline_file(const std::string& path);
// Every fail and non-strict case of the report, with its verdict and finding.
baseline make_baseline(const report_file& r);
std::string to_json(const baseline& b);

// How the gate sees one case.
enum class gate_class {
  new_,     // not passing, and the baseline has no entry for it
  changed,  // not passing, the baseline has an entry for it but accepts another verdict/finding
  known,    // not passing, exactly as the baseline accepts
  fixed,    // in the baseline, passes now: the entry can be removed
  not_run,  // in the baseline, not judged: not in the report (renamed, removed, not selected) or skipped
};
const char* to_string(gate_class c);  // "new", "changed", "known", "fixed", "not-run"

struct gate_entry {
  std::string id;
  gate_class cls = gate_class::new_;
  std::optional<case_record> now;           // absent for not_run when the case is not in the report
  std::optional<baseline_entry> accepted;   // absent for new_
};

struct gate_result {
  std::string report_label, report_source, baseline_source;
  std::vector<std::string> notes;  // e.g. the baseline was written for another target
  std::vector<gate_entry> entries;  // every non-pass case and every baseline entry, report order
  int passed = 0;                   // passing cases not in the baseline
  int skipped = 0;                  // skipped cases not in the baseline

  int count(gate_class c) const;
  // new_ or changed entries whose verdict is `fail`. Like a plain conformance run, a non-strict
  // verdict is reported but never fails the gate on its own.
  int blocking() const;
  bool failed() const { return blocking() > 0; }
  bool strict_flaky = false;  // a new or changed `flaky` case blocks like a `fail`
};

gate_result apply_baseline(const report_file& r, const baseline& b, bool strict_flaky = false);
// The same for a run still in memory (what `conformance --baseline` needs): judged on its JSON
// form, so a live run and its saved report always gate the same way.
gate_result apply_baseline(const run_report& r, const baseline& b, bool strict_flaky = false);

// NEW and CHANGED first (with why and replay), then KNOWN, FIXED, NOT-RUN, then one summary line.
void print_gate(std::ostream& os, const gate_result& g);

}  // namespace wsh
