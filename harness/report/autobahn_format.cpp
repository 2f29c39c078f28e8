#include "wsh/autobahn_format.hpp"

#include <nlohmann/json.hpp>
#include <regex>

#include "wsh/setup_error.hpp"

namespace wsh {

namespace {

using nlohmann::json;

std::vector<std::string> string_list(const json& doc, const char* key) {
  const json& v = doc.at(key);
  if (!v.is_array()) throw setup_error(std::string("autobahn spec: \"") + key + "\" must be a list of case ids");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) throw setup_error(std::string("autobahn spec: \"") + key + "\" must hold strings only");
    out.push_back(e.get<std::string>());
  }
  return out;
}

}  // namespace

autobahn_spec parse_autobahn_spec(const std::string& text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw setup_error(std::string("autobahn spec is not JSON: ") + e.what());
  }
  if (!doc.is_object()) throw setup_error("autobahn spec: expected a JSON object");
  autobahn_spec s;
  if (doc.contains("outdir")) {
    if (!doc.at("outdir").is_string() || doc.at("outdir").get<std::string>().empty())
      throw setup_error("autobahn spec: \"outdir\" must be a non-empty string");
    s.outdir = doc.at("outdir").get<std::string>();
  }
  if (!doc.contains("servers") || !doc.at("servers").is_array() || doc.at("servers").empty())
    throw setup_error("autobahn spec: \"servers\" must list at least one {\"agent\", \"url\"}");
  for (const auto& srv : doc.at("servers")) {
    if (!srv.is_object() || !srv.contains("agent") || !srv.at("agent").is_string() || !srv.contains("url") ||
        !srv.at("url").is_string())
      throw setup_error("autobahn spec: each server needs \"agent\" and \"url\" strings");
    autobahn_server server{srv.at("agent").get<std::string>(), srv.at("url").get<std::string>()};
    if (server.agent.empty()) throw setup_error("autobahn spec: a server's \"agent\" is empty");
    if (server.url.rfind("ws://", 0) != 0)
      throw setup_error("autobahn spec: server '" + server.agent + "' has url '" + server.url +
                        "': only ws://HOST:PORT/PATH is supported");
    for (const auto& other : s.servers)
      if (other.agent == server.agent) throw setup_error("autobahn spec: agent '" + server.agent + "' is listed twice");
    if (srv.contains("options") && !srv.at("options").is_object())
      throw setup_error("autobahn spec: server '" + server.agent + "': \"options\" must be an object");
    s.servers.push_back(std::move(server));
  }
  if (doc.contains("cases")) s.cases = string_list(doc, "cases");
  if (doc.contains("exclude-cases")) s.exclude_cases = string_list(doc, "exclude-cases");
  if (doc.contains("exclude-agent-cases")) {
    const json& e = doc.at("exclude-agent-cases");
    if (!e.is_object()) throw setup_error("autobahn spec: \"exclude-agent-cases\" must map agents to case lists");
    for (const auto& [agent, list] : e.items()) {
      if (!list.is_array()) throw setup_error("autobahn spec: \"exclude-agent-cases\"." + agent + " must be a list");
      for (const auto& p : list) {
        if (!p.is_string()) throw setup_error("autobahn spec: \"exclude-agent-cases\"." + agent + " must hold strings");
        s.exclude_agent_cases[agent].push_back(p.get<std::string>());
      }
    }
  }
  return s;
}

bool autobahn_case_matches(const std::string& pattern, const std::string& case_id) {
  if (pattern.find('*') == std::string::npos) return pattern == case_id;
  std::string re;
  for (char c : pattern) {
    if (c == '*')
      re += ".*";
    else if (std::isalnum(static_cast<unsigned char>(c)))
      re += c;
    else
      (re += '\\') += c;
  }
  // Python's re.match: anchored at the start only, as the reference suite matches.
  return std::regex_search(case_id, std::regex("^" + re));
}

bool autobahn_selected(const autobahn_spec& spec, const std::string& agent, const std::string& id) {
  const auto any = [&](const std::vector<std::string>& patterns) {
    for (const auto& p : patterns)
      if (autobahn_case_matches(p, id)) return true;
    return false;
  };
  if (!any(spec.cases) || any(spec.exclude_cases)) return false;
  const auto excluded = spec.exclude_agent_cases.find(agent);
  return excluded == spec.exclude_agent_cases.end() || !any(excluded->second);
}

std::string autobahn_file_stem(const std::string& agent) {
  std::string s;
  for (char c : agent) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    s += (std::isalnum(static_cast<unsigned char>(l)) && static_cast<unsigned char>(l) < 0x80) ? l : ' ';
  }
  const auto first = s.find_first_not_of(' '), last = s.find_last_not_of(' ');
  s = first == std::string::npos ? "" : s.substr(first, last - first + 1);
  for (char& c : s)
    if (c == ' ') c = '_';
  return s;
}

std::string autobahn_report_file(const std::string& agent, const std::string& case_id) {
  std::string id = case_id;
  for (char& c : id)
    if (c == '.') c = '_';
  return autobahn_file_stem(agent) + "_case_" + id + ".json";
}

autobahn_case to_autobahn_case(const std::string& agent, const case_result& r) {
  autobahn_case a;
  a.id = r.c->ref_id;
  a.duration_ms = static_cast<long>(r.observed.total_ms);
  a.reportfile = autobahn_report_file(agent, a.id);
  a.remote_close_code = r.observed.close_code;
  switch (r.v.result) {
    case outcome::pass: a.behavior = "OK"; break;
    case outcome::non_strict: a.behavior = "NON-STRICT"; break;
    case outcome::fail: a.behavior = "FAILED"; break;
    case outcome::skipped: a.behavior = "UNIMPLEMENTED"; break;  // e.g. permessage-deflate declined
    case outcome::flaky: a.behavior = "INFORMATIONAL"; break;     // no word for it there; our report says why
  }
  // How the closing went, in the reference suite's words.
  if (r.v.result == outcome::pass || r.v.result == outcome::non_strict)
    a.behavior_close = "OK";
  else if (r.v.kind == finding::wrong_code)
    a.behavior_close = "WRONG CODE";
  else if (r.v.kind == finding::tcp_drop || r.v.kind == finding::tcp_reset)
    a.behavior_close = "UNCLEAN";
  else if (r.v.result == outcome::skipped)
    a.behavior_close = "UNIMPLEMENTED";
  else
    a.behavior_close = "FAILED";
  return a;
}

std::string autobahn_case_json(const std::string& agent, const case_result& r) {
  const autobahn_case a = to_autobahn_case(agent, r);
  const json doc{{"agent", agent},
                 {"id", a.id},
                 {"behavior", a.behavior},
                 {"behaviorClose", a.behavior_close},
                 {"remoteCloseCode", a.remote_close_code ? json(*a.remote_close_code) : json(nullptr)},
                 {"duration", a.duration_ms},
                 {"description", r.c->description},
                 {"expectation", r.expected.reason},
                 {"result", r.v.why},
                 {"wsharness", {{"case", r.c->id}, {"verdict", to_string(r.v.result)}, {"finding", to_string(r.v.kind)},
                                {"replay", r.replay}}}};
  return doc.dump(3) + "\n";
}

std::string autobahn_index_json(const std::map<std::string, std::vector<autobahn_case>>& by_agent) {
  json index = json::object();
  for (const auto& [agent, cases] : by_agent) {
    json& a = index[agent] = json::object();
    for (const auto& c : cases)
      a[c.id] = {{"behavior", c.behavior},
                 {"behaviorClose", c.behavior_close},
                 {"duration", c.duration_ms},
                 {"remoteCloseCode", c.remote_close_code ? json(*c.remote_close_code) : json(nullptr)},
                 {"reportfile", c.reportfile}};
  }
  return index.dump(3) + "\n";
}

}  // namespace wsh
