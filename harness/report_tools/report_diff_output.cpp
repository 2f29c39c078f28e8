// Views of a report_diff: console, JSON, JUnit. They judge nothing; report_diff.cpp decides.
#include <cctype>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "wsh/markup_escape.hpp"
#include "wsh/report_diff.hpp"

namespace wsh {

namespace {

constexpr change_kind print_order[] = {change_kind::regressed, change_kind::improved, change_kind::changed,
                                       change_kind::added, change_kind::removed};

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

nlohmann::json side(const std::optional<case_record>& c) {
  if (!c) return nullptr;
  return {{"verdict", to_string(c->verdict)}, {"finding", c->finding}, {"close", observed_label(*c)},
          {"why", c->why}, {"replay", c->replay}};
}

std::string summary_line(const report_diff& d) {
  std::ostringstream os;
  for (change_kind k : print_order) os << d.count(k) << " " << to_string(k) << ", ";
  os << d.unchanged.size() << " unchanged";
  return os.str();
}

}  // namespace

void print_diff(std::ostream& os, const report_diff& d) {
  os << "compare: " << d.old_label << " (" << d.old_source << ") -> " << d.new_label << " (" << d.new_source
     << ")\n";
  for (const auto& n : d.notes) os << "note: " << n << "\n";
  for (change_kind k : print_order) {
    for (const auto& c : d.changes) {
      if (c.kind != k) continue;
      os << std::left << std::setw(11) << upper(to_string(k)) << std::setw(58) << c.id << " " << c.describe() << "\n";
      // A regression is what someone has to act on: say why and how to reproduce it.
      if (k == change_kind::regressed) {
        if (!c.after->why.empty()) os << "           why:    " << c.after->why << "\n";
        if (!c.after->replay.empty()) os << "           replay: " << c.after->replay << "\n";
      }
    }
  }
  os << "\n" << summary_line(d) << ": " << (d.regressed() ? "REGRESSED" : "no regression") << "\n";
}

std::string to_json(const report_diff& d) {
  using nlohmann::json;
  json summary = json::object();
  for (change_kind k : print_order) summary[to_string(k)] = d.count(k);
  summary["unchanged"] = d.unchanged.size();
  json changes = json::array();
  for (const auto& c : d.changes)
    changes.push_back({{"id", c.id},
                       {"change", to_string(c.kind)},
                       {"description", c.describe()},
                       {"before", side(c.before)},
                       {"after", side(c.after)}});
  const json doc{{"tool", "wsharness"},
                 {"kind", "compare"},
                 {"version", WSH_VERSION},
                 {"old", {{"label", d.old_label}, {"source", d.old_source}}},
                 {"new", {{"label", d.new_label}, {"source", d.new_source}}},
                 {"regressed", d.regressed()},
                 {"summary", summary},
                 {"notes", d.notes},
                 {"changes", changes}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string to_junit(const report_diff& d) {
  const std::size_t total = d.changes.size() + d.unchanged.size();
  const int failures = d.count(change_kind::regressed);
  const std::string suite = markup_escape("compare " + d.old_label + " -> " + d.new_label);
  std::ostringstream os;
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  os << "<testsuites name=\"wsharness compare\" tests=\"" << total << "\" failures=\"" << failures << "\">\n";
  os << "  <testsuite name=\"" << suite << "\" tests=\"" << total << "\" failures=\"" << failures << "\">\n";
  for (const auto& c : d.changes) {
    os << "    <testcase classname=\"" << to_string(c.kind) << "\" name=\"" << markup_escape(c.id) << "\">\n";
    if (c.kind == change_kind::regressed)
      os << "      <failure type=\"regressed\" message=\"" << markup_escape(c.describe()) << "\">"
         << markup_escape("now: " + c.after->why + "\nreplay: " + c.after->replay) << "</failure>\n";
    else
      os << "      <system-out>" << markup_escape(c.describe()) << "</system-out>\n";
    os << "    </testcase>\n";
  }
  for (const auto& id : d.unchanged) os << "    <testcase classname=\"unchanged\" name=\"" << markup_escape(id) << "\"/>\n";
  os << "  </testsuite>\n</testsuites>\n";
  return os.str();
}

}  // namespace wsh
