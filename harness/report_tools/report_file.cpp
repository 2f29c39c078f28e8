// Reading a JSON report back. Strict about what the tools rely on (ids, verdicts, findings) and
// about types; lenient about missing detail fields, so a report from an older or newer wsharness
// still compares.
#include "wsh/report_file.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace wsh {

namespace {

using nlohmann::json;

// Field access with errors that say which file, which case and which field.
class fields {
 public:
  fields(const json& obj, std::string where) : obj_(obj), where_(std::move(where)) {
    if (!obj_.is_object()) fail("is not an object");
  }

  [[noreturn]] void fail(const std::string& what) const { throw report_error(where_ + " " + what); }

  const json* get(const char* key, bool required) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) {
      if (required) fail("has no \"" + std::string(key) + "\"");
      return nullptr;
    }
    return &*it;
  }
  std::string str(const char* key, bool required = false, std::string def = "") const {
    const json* v = get(key, required);
    if (!v) return def;
    if (!v->is_string()) fail("field \"" + std::string(key) + "\" is not a string");
    return v->get<std::string>();
  }
  bool boolean(const char* key, bool def) const {
    const json* v = get(key, false);
    if (!v) return def;
    if (!v->is_boolean()) fail("field \"" + std::string(key) + "\" is not a boolean");
    return v->get<bool>();
  }
  std::optional<long> number(const char* key) const {
    const json* v = get(key, false);
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) fail("field \"" + std::string(key) + "\" is not an integer");
    return v->get<long>();
  }
  fields sub(const char* key) const {
    static const json empty = json::object();
    const json* v = get(key, false);
    return fields(v ? *v : empty, where_ + "." + key);
  }
  const json& array(const char* key, bool required) const {
    static const json empty = json::array();
    const json* v = get(key, required);
    if (!v) return empty;
    if (!v->is_array()) fail("field \"" + std::string(key) + "\" is not an array");
    return *v;
  }
  const std::string& where() const { return where_; }

 private:
  const json& obj_;
  std::string where_;
};

case_record parse_case(const json& j, const std::string& where) {
  const fields f(j, where);
  case_record c;
  c.id = f.str("id", true);
  const fields g(j, where + " (" + c.id + ")");  // later errors name the case
  c.ref_id = g.str("ref_id");
  c.group = g.str("group", false, c.id.substr(0, c.id.rfind('/')));
  c.description = g.str("description");
  c.rfc = g.str("rfc");
  try {
    c.verdict = parse_outcome(g.str("verdict", true));
  } catch (const report_error& e) {
    g.fail(e.what());
  }
  c.finding = g.str("finding", true);
  c.why = g.str("why");

  const fields e = g.sub("expected");
  c.expected.close = e.boolean("close", false);
  for (const auto& code : e.array("close_codes", false)) {
    if (!code.is_number_integer()) e.fail("field \"close_codes\" holds a non-integer");
    c.expected.close_codes.push_back(code.get<int>());
  }
  c.expected.violation = e.str("violation", false, "none");
  c.expected.reason = e.str("reason");
  c.expected.echoes = static_cast<int>(e.number("echoes").value_or(0));

  const fields o = g.sub("observed");
  c.observed.upgraded = o.boolean("upgraded", true);
  c.observed.setup_error = o.str("setup_error");
  if (auto code = o.number("close_code")) c.observed.close_code = static_cast<int>(*code);
  c.observed.close_frame = o.boolean("close_frame", c.observed.close_code.has_value());
  c.observed.close_reason_hex = o.str("close_reason_hex");
  c.observed.server_initiated_close = o.boolean("server_initiated_close", false);
  c.observed.tcp_closed = o.boolean("tcp_closed", false);
  c.observed.tcp_reset = o.boolean("tcp_reset", false);
  c.observed.echoed = static_cast<int>(o.number("echoed").value_or(0));
  c.observed.ms = o.number("ms").value_or(0);
  c.observed.close_ms = o.number("close_ms");

  for (const auto& h : g.array("frames_hex", false)) {
    if (!h.is_string()) g.fail("field \"frames_hex\" holds a non-string");
    c.frames_hex.push_back(h.get<std::string>());
  }
  c.replay = g.str("replay");
  return c;
}

}  // namespace

const case_record* report_file::find(const std::string& id) const {
  for (const auto& c : cases)
    if (c.id == id) return &c;
  return nullptr;
}

int report_file::count(outcome o) const {
  int n = 0;
  for (const auto& c : cases) n += c.verdict == o;
  return n;
}

report_file parse_report(const std::string& json_text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {
    // nlohmann's message is one line ("[json.exception.parse_error.101] parse error at line 1...").
    throw report_error(source + ": not JSON: " + e.what());
  }
  const fields top(doc, source + ":");
  if (top.str("tool", true) != "wsharness") top.fail("is not a wsharness report (\"tool\" is not \"wsharness\")");
  if (top.get("kind", false)) {
    const std::string kind = top.str("kind");
    if (kind == "combined") top.fail("is a combined report: give one of its per-target reports (targets[].report)");
    top.fail("is a " + kind + " file, not a report");
  }

  report_file r;
  r.source = source;
  r.tool_version = top.str("version");
  const fields t = top.sub("target");
  r.target_name = t.str("name", true);
  r.target_version = t.str("version");
  const fields p = t.sub("policy");
  r.text_only = p.boolean("text_only", false);
  r.binary_close_code = static_cast<int>(p.number("binary_close_code").value_or(1007));
  // Reports before the size limit have none; a value that is not a byte count is ignored too.
  if (const json* m = p.get("max_message_size", false); m && m->is_number_unsigned())
    r.max_message_size = m->get<std::uint64_t>();
  r.profile = top.str("profile", false, "strict");
  r.duration_ms = top.number("duration_ms").value_or(0);

  std::set<std::string> seen;
  const json& cases = top.array("cases", true);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    r.cases.push_back(parse_case(cases[i], source + ": cases[" + std::to_string(i) + "]"));
    if (!seen.insert(r.cases.back().id).second)
      throw report_error(source + ": case \"" + r.cases.back().id + "\" appears twice");
  }
  return r;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw report_error(path + ": cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw report_error(path + ": cannot read");
  return ss.str();
}

report_file read_report_file(const std::string& path) { return parse_report(read_text_file(path), path); }

std::vector<std::string> expand_report_path(const std::string& path, std::vector<std::string>& notes) {
  json doc;
  try {
    doc = json::parse(read_text_file(path));
  } catch (const json::exception&) {
    return {path};  // not JSON: read_report_file says so, with the details
  }
  if (!doc.is_object() || doc.value("kind", json()) != "combined") return {path};
  const fields top(doc, path + ":");
  const auto dir = std::filesystem::path(path).parent_path();
  std::vector<std::string> out;
  for (const auto& t : top.array("targets", true)) {
    const fields target(t, path + ": target");
    const std::string name = target.str("name"), report = target.str("report");
    if (report.empty()) {
      notes.push_back(path + ": target " + name + " has no report (" + target.str("error", false, "no reason given") + ")");
      continue;
    }
    const std::filesystem::path p(report);
    out.push_back(p.is_absolute() ? report : (dir / p).string());
  }
  return out;
}

std::string observed_label(const case_record& c) {
  if (c.observed.close_code) return std::to_string(*c.observed.close_code);
  if (c.observed.close_frame) return "close";
  if (c.observed.tcp_closed) return c.observed.tcp_reset ? "reset" : "drop";
  return "\u2014";
}

int severity(outcome o) {
  switch (o) {
    case outcome::pass: return 0;
    case outcome::non_strict: return 1;
    case outcome::flaky: return 2;  // failed, but not every time
    case outcome::fail: return 3;
    case outcome::skipped: return 0;  // unranked: see report_file.hpp
  }
  return 3;
}

outcome parse_outcome(const std::string& s) {
  for (outcome o : {outcome::pass, outcome::fail, outcome::non_strict, outcome::skipped, outcome::flaky})
    if (s == to_string(o)) return o;
  throw report_error("verdict \"" + s + "\" is not pass, fail, non-strict, skipped or flaky");
}

}  // namespace wsh
