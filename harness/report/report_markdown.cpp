#include "wsh/report_markdown.hpp"

#include <sstream>

namespace wsh {

namespace {

// Table cells and inline text: a pipe would end the cell, backticks and brackets would open
// Markdown syntax, and a newline would end the row.
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (c == '|' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

const char* label(outcome o) {
  switch (o) {
    case outcome::pass: return "pass";
    case outcome::fail: return "**FAIL**";
    case outcome::non_strict: return "non-strict";
    case outcome::skipped: return "skipped";
    case outcome::flaky: return "flaky";
  }
  return "?";
}

void summary_row(std::ostream& os, const markdown_target& t) {
  os << "| " << escape(t.name) << " | ";
  if (!t.report) {
    os << "- | - | - | - | - | set-up error: " << escape(t.error) << " |\n";
    return;
  }
  const run_report& r = *t.report;
  os << escape(r.target_version) << " | " << r.count(outcome::pass) << " | " << r.count(outcome::fail) << " | "
     << r.count(outcome::non_strict) << " | " << r.count(outcome::skipped) << " | "
     << (r.complete ? "" : "incomplete: " + escape(r.stopped_reason)) << " |\n";
}

void not_passing(std::ostream& os, const markdown_target& t, std::size_t max_listed) {
  if (!t.report) return;
  std::size_t listed = 0, more = 0;
  for (const auto& c : t.report->results) {
    if (c.v.result == outcome::pass || c.v.result == outcome::skipped) continue;
    if (listed == 0) os << "\n### " << escape(t.name) << ": cases that did not pass\n\n";
    if (listed == max_listed) {
      ++more;
      continue;
    }
    ++listed;
    os << "- " << label(c.v.result) << " `" << c.c->id << "`";
    if (!c.c->ref_id.empty()) os << " (reference suite " << c.c->ref_id << ")";
    os << ": " << to_string(c.v.kind) << ": " << escape(c.v.why) << "\n";
    os << "  ```sh\n  " << c.replay << "\n  ```\n";
  }
  if (more) os << "- and " << more << " more (see the JSON report)\n";
}

}  // namespace

std::string to_markdown(const std::vector<markdown_target>& targets, std::size_t max_cases_listed) {
  std::ostringstream os;
  os << "## wsharness conformance (close code 1007, RFC 6455 §8.1)\n\n";
  os << "| target | version | pass | fail | non-strict | skipped | note |\n";
  os << "|---|---|---:|---:|---:|---:|---|\n";
  for (const auto& t : targets) summary_row(os, t);
  for (const auto& t : targets) not_passing(os, t, max_cases_listed);
  return os.str();
}

std::string to_markdown(const run_report& r, std::size_t max_cases_listed) {
  return to_markdown({{r.target_name, &r, ""}}, max_cases_listed);
}

}  // namespace wsh
