// Comparing two reports case by case (`wsharness compare OLD NEW`): what got worse, what got
// better, what changed without changing the verdict. A pure function of two parsed reports.
//
// Regression rule: a case regresses when its verdict gets more severe, pass < non-strict < fail.
// So pass->non-strict counts: a server that used to fail fast and now closes late has lost
// something, even though non-strict alone does not fail a conformance run. A fail that becomes a
// different fail (finding or close code changed) is a change, not a regression; so is a move to
// or from `skipped` (judged on one side only). Cases only in one report are listed as
// added/removed and never count as regressions (different catalogues or --cases selections are
// compared on what they share).
#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "wsh/report_file.hpp"

namespace wsh {

enum class change_kind {
  regressed,  // verdict more severe
  improved,   // verdict less severe
  changed,    // same verdict, different finding or observed close (code / drop / none); or to/from skipped
  added,      // only in NEW
  removed,    // only in OLD
};
const char* to_string(change_kind k);

struct case_change {
  std::string id;
  change_kind kind = change_kind::changed;
  std::optional<case_record> before, after;  // before absent: added; after absent: removed

  // "pass -> fail [wrong_code], close 1007 -> 1002"
  std::string describe() const;
};

struct report_diff {
  std::string old_label, new_label, old_source, new_source;
  std::vector<std::string> notes;   // caveats, e.g. different endpoint policies
  std::vector<case_change> changes;  // NEW's case order, then removed cases in OLD's order
  std::vector<std::string> unchanged;  // ids of cases identical in what we compare

  int count(change_kind k) const;
  bool regressed() const { return count(change_kind::regressed) > 0; }
};

report_diff diff_reports(const report_file& before, const report_file& after);

// Views: console lines (regressions first), a JSON document, JUnit (one testcase per case in
// either report; regressions are failures, so a CI dashboard shows them like failing tests).
void print_diff(std::ostream& os, const report_diff& d);
std::string to_json(const report_diff& d);
std::string to_junit(const report_diff& d);

}  // namespace wsh
