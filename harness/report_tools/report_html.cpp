// The HTML matrix: the table is rendered here as static, escaped markup (readable even with
// scripts off); the per-cell details travel as one JSON block that the inline script turns into
// the details panel (report_html_assets.cpp).
#include "wsh/report_html.hpp"

#include <cstdlib>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report_html_assets.hpp"
#include "wsh/markup_escape.hpp"

namespace wsh {

namespace {

using nlohmann::json;

const char* verdict_class(outcome o) {
  switch (o) {
    case outcome::pass: return "v-pass";
    case outcome::fail: return "v-fail";
    case outcome::non_strict: return "v-non-strict";
    case outcome::skipped: return "v-skipped";
    case outcome::flaky: return "v-flaky";
  }
  return "v-missing";
}

std::string policy_text(const report_file& r) {
  std::string s = r.text_only ? "text-only, binary \u2192 " + std::to_string(r.binary_close_code) : "text+binary";
  if (r.max_message_size) s += ", max message " + std::to_string(*r.max_message_size) + " bytes";
  return r.profile == "strict" ? s : s + ", " + r.profile + " profile";
}

// A skipped case was not judged, so what the server sent says nothing about it.
std::string cell_text(const case_record& c) { return c.verdict == outcome::skipped ? "skip" : observed_label(c); }

// Case ids in first-seen order across all reports, grouped by group (groups in first-seen order).
std::vector<std::pair<std::string, std::vector<const case_record*>>> rows_by_group(
    const std::vector<report_file>& reports) {
  std::vector<std::pair<std::string, std::vector<const case_record*>>> groups;
  std::map<std::string, std::size_t> group_index;
  std::map<std::string, bool> seen;
  for (const auto& r : reports) {
    for (const auto& c : r.cases) {
      if (seen[c.id]) continue;
      seen[c.id] = true;
      auto [it, fresh] = group_index.try_emplace(c.group, groups.size());
      if (fresh) groups.push_back({c.group, {}});
      groups[it->second].second.push_back(&c);
    }
  }
  return groups;
}

json case_details(const case_record& c, std::size_t max_frame_bytes) {
  json frames = json::array();
  for (const auto& hex : c.frames_hex) {
    // A long frame is kept as "HEAD ... [N bytes, ...] ..." (report_json.cpp): N is its size.
    std::size_t bytes = hex.size() / 2;
    if (const auto at = hex.find(" ... ["); at != std::string::npos) bytes = std::strtoull(hex.c_str() + at + 6, nullptr, 10);
    frames.push_back({{"bytes", bytes}, {"hex", hex.substr(0, 2 * std::min(bytes, max_frame_bytes))}});
  }
  return {{"id", c.id},
          {"ref_id", c.ref_id},
          {"description", c.description},
          {"rfc", c.rfc},
          {"verdict", to_string(c.verdict)},
          {"finding", c.finding},
          {"why", c.why},
          {"frames", frames},
          {"expected",
           {{"close", c.expected.close},
            {"close_codes", c.expected.close_codes},
            {"violation", c.expected.violation},
            {"echoes", c.expected.echoes},
            {"reason", c.expected.reason}}},
          {"observed",
           {{"label", observed_label(c)},
            {"upgraded", c.observed.upgraded},
            {"setup_error", c.observed.setup_error},
            {"close_code", c.observed.close_code ? json(*c.observed.close_code) : json()},
            {"close_frame", c.observed.close_frame},
            {"close_reason_hex", c.observed.close_reason_hex},
            {"server_initiated_close", c.observed.server_initiated_close},
            {"tcp_closed", c.observed.tcp_closed},
            {"tcp_reset", c.observed.tcp_reset},
            {"echoed", c.observed.echoed},
            {"ms", c.observed.ms},
            {"close_ms", c.observed.close_ms ? json(*c.observed.close_ms) : json()}}},
          {"replay", c.replay}};
}

// JSON inside <script>: '<', '>' and '&' only occur inside JSON strings, so writing them as
// \u escapes is still the same JSON, and no "</script>" or "<!--" can appear in the block.
std::string script_safe_json(const json& j) {
  const std::string raw = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size());
  for (char ch : raw) {
    switch (ch) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += ch;
    }
  }
  return out;
}

// Command targets share long names; the report's file name tells columns apart at a glance.
std::string base_name(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

void write_header_rows(std::ostream& os, const std::vector<report_file>& reports) {
  os << "<thead>\n<tr><th class=\"corner\">case</th>";
  for (std::size_t t = 0; t < reports.size(); ++t) {
    const auto& r = reports[t];
    os << "<th class=\"target\" data-target=\"" << t << "\" title=\"" << markup_escape(r.label() + " \u2014 " + r.source)
       << "\"><span class=\"name\">" << markup_escape(r.target_name) << "</span><span class=\"version\">"
       << markup_escape(r.target_version) << "</span><span class=\"policy\">" << markup_escape(policy_text(r))
       << "</span><span class=\"source\">" << markup_escape(base_name(r.source)) << "</span></th>";
  }
  os << "</tr>\n<tr class=\"summary\"><th>pass / fail / non-strict</th>";
  for (std::size_t t = 0; t < reports.size(); ++t) {
    const auto& r = reports[t];
    const int pass = r.count(outcome::pass), fail = r.count(outcome::fail), ns = r.count(outcome::non_strict),
              skipped = r.count(outcome::skipped);
    os << "<td class=\"summary\" data-target=\"" << t << "\" data-pass=\"" << pass << "\" data-fail=\"" << fail
       << "\" data-non-strict=\"" << ns << "\" data-skipped=\"" << skipped << "\"><span class=\"n-pass\">" << pass
       << "</span> / <span class=\"n-fail\">" << fail << "</span> / <span class=\"n-non-strict\">" << ns << "</span>";
    if (skipped) os << " <span class=\"n-skipped\">+" << skipped << " skipped</span>";
    os << "</td>";
  }
  os << "</tr>\n</thead>\n";
}

// The group is the row's section header, so the row shows only the rest of the id.
std::string short_id(const case_record& c) {
  const std::string prefix = c.group + "/";
  return c.id.size() > prefix.size() && c.id.compare(0, prefix.size(), prefix) == 0 ? c.id.substr(prefix.size()) : c.id;
}

void write_case_row(std::ostream& os, const case_record& row, const std::vector<report_file>& reports) {
  bool non_pass = false, differ = false;
  std::string first;
  std::ostringstream cells;
  for (std::size_t t = 0; t < reports.size(); ++t) {
    const case_record* c = reports[t].find(row.id);
    if (!c) {
      cells << "<td class=\"cell v-missing\" data-target=\"" << t << "\" title=\"not in this report\">n/a</td>";
      differ = true;
      continue;
    }
    non_pass |= c->verdict != outcome::pass;
    const std::string key = std::string(to_string(c->verdict)) + c->finding + cell_text(*c);
    if (t == 0) first = key;
    differ |= key != first;
    std::string title = to_string(c->verdict);
    if (c->finding != "none") title += " [" + c->finding + "]";
    if (!c->why.empty()) title += ": " + c->why;
    cells << "<td class=\"cell " << verdict_class(c->verdict) << "\" data-target=\"" << t
          << "\" tabindex=\"0\" title=\"" << markup_escape(title) << "\">" << markup_escape(cell_text(*c))
          << "</td>";
  }
  os << "<tr class=\"case\" data-case=\"" << markup_escape(row.id) << "\"" << (non_pass ? " data-non-pass=\"1\"" : "")
     << (differ ? " data-differ=\"1\"" : "") << "><th title=\"" << markup_escape(row.description) << "\">"
     << markup_escape(short_id(row));
  if (!row.ref_id.empty()) os << " <span class=\"ref\">" << markup_escape(row.ref_id) << "</span>";
  os << "</th>" << cells.str() << "</tr>\n";
}

}  // namespace

std::string to_html_matrix(const std::vector<report_file>& reports, const html_options& opt) {
  const auto groups = rows_by_group(reports);
  std::size_t case_count = 0;
  for (const auto& g : groups) case_count += g.second.size();

  json data{{"targets", json::array()}};
  for (const auto& r : reports) {
    json cases = json::object();
    for (const auto& c : r.cases) cases[c.id] = case_details(c, opt.max_frame_bytes);
    data["targets"].push_back({{"label", r.label()}, {"source", r.source}, {"cases", cases}});
  }

  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<title>" << markup_escape(opt.title) << "</title>\n<style>\n"
     << detail::html_css << "</style>\n</head>\n<body>\n<header class=\"page\">\n<h1>" << markup_escape(opt.title)
     << "</h1>\n<p id=\"shape\" data-cases=\"" << case_count << "\" data-targets=\"" << reports.size() << "\">"
     << case_count << " cases \u00d7 " << reports.size() << " target" << (reports.size() == 1 ? "" : "s")
     << ", wsharness " << WSH_VERSION << ". Click a cell for the frames, expected vs observed, and the replay command."
     << "</p>\n<p class=\"legend\"><span class=\"cell v-pass\">pass</span> <span class=\"cell v-fail\">fail</span> "
     << "<span class=\"cell v-non-strict\">non-strict</span> <span class=\"cell v-skipped\">skipped</span> "
     << "<span class=\"cell v-missing\">not in report</span> "
     << "cell text: the close code the server sent, <b>drop</b> = TCP closed (FIN) without a close frame, "
     << "<b>reset</b> = TCP reset (RST) without a close frame, "
     << "<b>\u2014</b> = no close</p>\n"
     << "<label>show <select id=\"filter\"><option value=\"all\">all cases</option>"
     << "<option value=\"non-pass\">cases with a non-pass</option>"
     << "<option value=\"differ\">cases where targets differ</option></select></label>\n</header>\n"
     << "<main>\n<table id=\"matrix\">\n";
  write_header_rows(os, reports);
  os << "<tbody>\n";
  for (const auto& [group, rows] : groups) {
    os << "<tr class=\"group\"><th colspan=\"" << reports.size() + 1 << "\">" << markup_escape(group) << "</th></tr>\n";
    for (const auto* row : rows) write_case_row(os, *row, reports);
  }
  os << "</tbody>\n</table>\n</main>\n<aside id=\"details\" hidden></aside>\n"
     << "<script type=\"application/json\" id=\"wsh-data\">" << script_safe_json(data) << "</script>\n"
     << "<script>\n" << detail::html_script << "</script>\n</body>\n</html>\n";
  return os.str();
}

}  // namespace wsh
