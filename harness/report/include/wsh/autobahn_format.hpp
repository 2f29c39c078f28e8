// The reference suite's (Autobahn|Testsuite) file formats, so projects that run its
// fuzzingclient in CI can switch to `wsharness autobahn SPEC.json` and keep their report parsers:
// the spec it reads (outdir, servers, cases, exclude-cases, exclude-agent-cases) and the reports it
// writes (OUTDIR/index.json, one JSON file per case). Verdicts map onto its vocabulary: OK,
// NON-STRICT, FAILED, INFORMATIONAL, UNIMPLEMENTED (behavior) and OK, WRONG CODE, UNCLEAN, FAILED
// (behaviorClose).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "wsh/report.hpp"

namespace wsh {

struct autobahn_server {
  std::string agent;
  std::string url;
};

struct autobahn_spec {
  std::string outdir = "./reports/servers";
  std::vector<autobahn_server> servers;
  std::vector<std::string> cases{"*"};
  std::vector<std::string> exclude_cases;
  std::map<std::string, std::vector<std::string>> exclude_agent_cases;  // agent -> patterns
};

// Throws setup_error (one line naming the field) for a spec that is not what the reference suite
// accepts: not JSON, no servers, a server without agent or url, a url that is not ws://, ...
autobahn_spec parse_autobahn_spec(const std::string& text);

// The reference suite's case patterns: "6.4.*" is a regular-expression prefix match with '.'
// literal and '*' any run; a pattern without '*' names one case exactly.
bool autobahn_case_matches(const std::string& pattern, const std::string& case_id);
// Whether the spec runs case `id` for `agent` (cases, minus exclude-cases and that agent's
// exclude-agent-cases).
bool autobahn_selected(const autobahn_spec& spec, const std::string& agent, const std::string& id);

// "Agent 1.0" -> "agent_1_0", as the reference suite names report files.
std::string autobahn_file_stem(const std::string& agent);
std::string autobahn_report_file(const std::string& agent, const std::string& case_id);

// One case's entry in index.json and its own file (`reportfile`), from our result.
struct autobahn_case {
  std::string id;            // reference-suite id, e.g. "6.4.1"
  std::string behavior;      // OK, NON-STRICT, FAILED, INFORMATIONAL, UNIMPLEMENTED
  std::string behavior_close;
  std::optional<std::uint16_t> remote_close_code;
  long duration_ms = 0;
  std::string reportfile;
};
autobahn_case to_autobahn_case(const std::string& agent, const case_result& r);
// The detail file of one case: the index fields plus what our report knows (case id, description,
// expectation, why, replay command).
std::string autobahn_case_json(const std::string& agent, const case_result& r);
// index.json over every agent's cases: {agent: {case_id: {behavior, behaviorClose, duration,
// remoteCloseCode, reportfile}}}, keys sorted like the reference suite writes them.
std::string autobahn_index_json(const std::map<std::string, std::vector<autobahn_case>>& by_agent);

}  // namespace wsh
