// Applying a baseline to a report: which non-passes are known, which are new, which baseline
// entries are fixed. See baseline.hpp for the rules.
#include <cctype>
#include <iomanip>
#include <ostream>

#include "wsh/baseline.hpp"

namespace wsh {

namespace {

constexpr gate_class print_order[] = {gate_class::new_, gate_class::changed, gate_class::known, gate_class::fixed,
                                      gate_class::not_run};

std::string now_text(const case_record& c) {
  std::string s = to_string(c.verdict);
  if (c.finding != "none") s += " [" + c.finding + "]";
  return s + ", close " + observed_label(c);
}

}  // namespace

const char* to_string(gate_class c) {
  switch (c) {
    case gate_class::new_: return "new";
    case gate_class::changed: return "changed";
    case gate_class::known: return "known";
    case gate_class::fixed: return "fixed";
    case gate_class::not_run: return "not-run";
  }
  return "?";
}

int gate_result::count(gate_class c) const {
  int n = 0;
  for (const auto& e : entries) n += e.cls == c;
  return n;
}

int gate_result::blocking() const {
  int n = 0;
  for (const auto& e : entries)
    n += (e.cls == gate_class::new_ || e.cls == gate_class::changed) &&
         (e.now->verdict == outcome::fail || (strict_flaky && e.now->verdict == outcome::flaky));
  return n;
}

gate_result apply_baseline(const report_file& r, const baseline& b, bool strict_flaky) {
  gate_result g;
  g.strict_flaky = strict_flaky;
  g.report_label = r.label();
  g.report_source = r.source;
  g.baseline_source = b.source;
  if (!b.target_name.empty() && (b.target_name != r.target_name || b.target_version != r.target_version))
    g.notes.push_back("the baseline was written for " + b.target_name + " " + b.target_version + ", not " +
                      r.label());
  if (!b.profile.empty() && b.profile != r.profile)
    g.notes.push_back("the baseline was written for the " + b.profile + " profile, this report is " + r.profile);
  for (const auto& c : r.cases) {
    const baseline_entry* e = b.find(c.id);
    if (c.verdict == outcome::skipped) {
      if (e) g.entries.push_back({c.id, gate_class::not_run, c, *e});
      else ++g.skipped;
    } else if (c.verdict == outcome::pass) {
      if (e) g.entries.push_back({c.id, gate_class::fixed, c, *e});
      else ++g.passed;
    } else if (!e) {
      g.entries.push_back({c.id, gate_class::new_, c, std::nullopt});
    } else {
      g.entries.push_back({c.id, e->accepts(c) ? gate_class::known : gate_class::changed, c, *e});
    }
  }
  for (const auto& e : b.accepted)
    if (!r.find(e.id)) g.entries.push_back({e.id, gate_class::not_run, std::nullopt, e});
  return g;
}

gate_result apply_baseline(const run_report& r, const baseline& b, bool strict_flaky) {
  return apply_baseline(parse_report(to_json(r), "this run"), b, strict_flaky);
}

void print_gate(std::ostream& os, const gate_result& g) {
  os << "gate: " << g.report_label << " (" << g.report_source << ") against baseline " << g.baseline_source << "\n";
  for (const auto& n : g.notes) os << "note: " << n << "\n";
  for (gate_class k : print_order) {
    for (const auto& e : g.entries) {
      if (e.cls != k) continue;
      std::string label = to_string(k);
      for (auto& ch : label) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      os << std::left << std::setw(9) << label << std::setw(58) << e.id << " ";
      switch (k) {
        case gate_class::new_:
        case gate_class::changed:
          os << now_text(*e.now);
          if (e.accepted) os << " (baseline accepts " << e.accepted->describe() << ")";
          os << "\n";
          if (!e.now->why.empty()) os << "         why:    " << e.now->why << "\n";
          if (!e.now->replay.empty()) os << "         replay: " << e.now->replay << "\n";
          break;
        case gate_class::known: os << now_text(*e.now) << "\n"; break;
        case gate_class::fixed:
          os << "passes now (baseline accepts " << e.accepted->describe() << "): remove it from the baseline\n";
          break;
        case gate_class::not_run:
          os << (e.now ? "skipped in this run" : "not in this report") << " (baseline accepts "
             << e.accepted->describe() << ")\n";
          break;
      }
    }
  }
  os << "\n";
  for (gate_class k : print_order) os << g.count(k) << " " << to_string(k) << ", ";
  os << g.passed << " pass";
  if (g.skipped) os << ", " << g.skipped << " skipped";
  os << ": "
     << (g.failed() ? "FAIL (" + std::to_string(g.blocking()) + " new failure" + (g.blocking() == 1 ? "" : "s") + ")"
                    : std::string("OK (no new failure)"))
     << "\n";
}

}  // namespace wsh
