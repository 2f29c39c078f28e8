// The case-by-case comparison of two reports. See report_diff.hpp for the regression rule.
#include "wsh/report_diff.hpp"

namespace wsh {

namespace {

std::string verdict_text(const case_record& c) {
  std::string s = to_string(c.verdict);
  if (c.finding != "none") s += " [" + c.finding + "]";
  return s;
}

std::string policy_text(const report_file& r) {
  return r.text_only ? "text-only (binary -> " + std::to_string(r.binary_close_code) + ")" : "text+binary";
}

// Only what a reader acts on: verdict, finding, and what the server did. Timings and the
// oracle's wording are left out so two runs of the same server compare equal.
std::optional<change_kind> classify(const case_record& a, const case_record& b) {
  // Judged on one side only (e.g. deflate declined): neither better nor worse, but different.
  if (a.verdict != b.verdict && (a.verdict == outcome::skipped || b.verdict == outcome::skipped))
    return change_kind::changed;
  if (severity(b.verdict) > severity(a.verdict)) return change_kind::regressed;
  if (severity(b.verdict) < severity(a.verdict)) return change_kind::improved;
  if (a.finding != b.finding || observed_label(a) != observed_label(b)) return change_kind::changed;
  return std::nullopt;
}

}  // namespace

const char* to_string(change_kind k) {
  switch (k) {
    case change_kind::regressed: return "regressed";
    case change_kind::improved: return "improved";
    case change_kind::changed: return "changed";
    case change_kind::added: return "added";
    case change_kind::removed: return "removed";
  }
  return "?";
}

std::string case_change::describe() const {
  if (!before) return "added: " + verdict_text(*after) + ", close " + observed_label(*after);
  if (!after) return "removed (was " + verdict_text(*before) + ", close " + observed_label(*before) + ")";
  std::string s = verdict_text(*before) + " -> " + verdict_text(*after);
  const std::string was = observed_label(*before), now = observed_label(*after);
  s += was == now ? ", close " + now : ", close " + was + " -> " + now;
  return s;
}

int report_diff::count(change_kind k) const {
  int n = 0;
  for (const auto& c : changes) n += c.kind == k;
  return n;
}

report_diff diff_reports(const report_file& before, const report_file& after) {
  report_diff d;
  d.old_label = before.label();
  d.new_label = after.label();
  d.old_source = before.source;
  d.new_source = after.source;
  if (before.text_only != after.text_only || before.binary_close_code != after.binary_close_code)
    d.notes.push_back("endpoint policies differ (" + policy_text(before) + " vs " + policy_text(after) +
                      "): verdicts of binary cases are judged differently");
  if (before.profile != after.profile)
    d.notes.push_back("judging profiles differ (" + before.profile + " vs " + after.profile +
                      "): some verdicts differ by definition");

  for (const auto& b : after.cases) {
    const case_record* a = before.find(b.id);
    if (!a) {
      d.changes.push_back({b.id, change_kind::added, std::nullopt, b});
    } else if (auto kind = classify(*a, b)) {
      d.changes.push_back({b.id, *kind, *a, b});
    } else {
      d.unchanged.push_back(b.id);
    }
  }
  for (const auto& a : before.cases)
    if (!after.find(a.id)) d.changes.push_back({a.id, change_kind::removed, a, std::nullopt});
  return d;
}

}  // namespace wsh
