#include "wsh/sweep_output.hpp"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "wsh/report_html.hpp"

namespace wsh {

namespace {
std::string label(const sweep_result& s) { return s.ecosystem + ":" + s.package; }

std::string column(const std::string& s, std::size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}
}  // namespace

void print_sweep(std::ostream& os, const sweep_result& s) {
  os << "\nsweep " << label(s) << ": " << s.runs.size() << " of " << s.candidates.size() << " versions run"
     << (s.bisected ? " (bisection)" : "") << (s.complete ? "" : ", INTERRUPTED") << "\n\n";
  std::size_t w = 9;
  for (const auto& r : s.runs) w = std::max(w, r.version.size() + 2);
  os << column("version", w) << "   pass   fail  non-strict  skipped\n";
  for (const auto& r : s.runs) {
    os << column(r.version, w);
    if (r.report) {
      const auto& rep = *r.report;
      os << std::setw(7) << rep.count(outcome::pass) << std::setw(7) << rep.count(outcome::fail) << std::setw(12)
         << rep.count(outcome::non_strict) << std::setw(9) << rep.count(outcome::skipped);
    }
    if (!r.error.empty()) os << (r.report ? "  " : "  NOT RUN: ") << r.error;
    os << "\n";
  }
  os << "\n";
  if (s.changes.empty()) {
    os << "no verdict or finding changed between consecutive versions run\n";
  } else {
    os << "verdict and finding changes between consecutive versions run (" << s.changes.size() << "):\n";
    for (const auto& c : s.changes)
      os << "  " << c.from << " -> " << c.to << "  " << c.id << ": " << c.before_detail << " -> " << c.after_detail
         << "\n";
  }
  if (s.bisected && !s.complete) os << "bisect: interrupted, no boundary named\n";
  if (s.bisected && s.complete) {
    if (s.boundaries.empty())
      os << "bisect: the selected cases' verdicts and findings are the same from " << s.candidates.front() << " to "
         << s.candidates.back() << "\n";
    for (const auto& [last, first] : s.boundaries)
      os << "bisect: first_changed " << first << " (last_unchanged " << last << ")\n";
  }
}

std::string to_json(const sweep_result& s) {
  using nlohmann::json;
  json versions = json::array();
  for (const auto& r : s.runs) {
    json v{{"version", r.version}, {"error", r.error.empty() ? json(nullptr) : json(r.error)}};
    if (r.report) {
      v["summary"] = {{"pass", r.report->count(outcome::pass)},
                      {"fail", r.report->count(outcome::fail)},
                      {"non_strict", r.report->count(outcome::non_strict)},
                      {"skipped", r.report->count(outcome::skipped)}};
      v["report"] = json::parse(r.report_json);
    } else {
      v["summary"] = nullptr;
      v["report"] = nullptr;
    }
    versions.push_back(std::move(v));
  }
  json changes = json::array();
  for (const auto& c : s.changes)
    changes.push_back({{"id", c.id}, {"from", c.from}, {"to", c.to}, {"kind", c.kind}, {"before", c.before},
                       {"after", c.after}, {"before_detail", c.before_detail}, {"after_detail", c.after_detail}});
  json doc{{"tool", "wsharness"},      {"kind", "sweep"},          {"package", label(s)},
           {"ecosystem", s.ecosystem}, {"candidates", s.candidates}, {"bisected", s.bisected},
           {"complete", s.complete},   {"versions", versions},     {"changes", changes}};
  if (s.bisected && s.complete) {
    json boundaries = json::array();
    for (const auto& [last, first] : s.boundaries)
      boundaries.push_back({{"last_unchanged", last}, {"first_changed", first}});
    doc["boundaries"] = boundaries;
    doc["first_changed"] = s.boundaries.empty() ? json(nullptr) : json(s.boundaries.front().second);
    doc["last_unchanged"] = s.boundaries.empty() ? json(s.candidates.back()) : json(s.boundaries.front().first);
  }
  return doc.dump(2) + "\n";
}

std::string to_html(const sweep_result& s) {
  std::vector<report_file> columns;
  for (const auto& r : s.runs) {
    report_file f;
    if (r.report) f = *r.report;
    f.target_name = s.package;
    f.target_version = r.version + (r.error.empty() ? "" : " (" + r.error + ")");
    f.source = label(s) + "@" + r.version;
    columns.push_back(std::move(f));
  }
  html_options opt;
  opt.title = "wsharness sweep " + label(s);
  return to_html_matrix(columns, opt);
}

}  // namespace wsh
