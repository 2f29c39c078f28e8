#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "wsh/frame_codec.hpp"
#include "wsh/report.hpp"

namespace wsh {

namespace {
nlohmann::json opt_code(const std::optional<std::uint16_t>& c) { return c ? nlohmann::json(*c) : nlohmann::json(); }
}  // namespace

std::string to_json(const run_report& r) {
  using nlohmann::json;
  json cases = json::array();
  for (const auto& res : r.results) {
    json frames = json::array();
    for (const auto& f : wire_frames(*res.c)) frames.push_back(to_hex(encode(f)));
    const auto& t = res.observed;
    const auto& e = res.expected;
    cases.push_back({
        {"id", res.c->id},
        {"ref_id", res.c->ref_id.empty() ? json() : json(res.c->ref_id)},
        {"group", res.c->group()},
        {"description", res.c->description},
        {"rfc", res.c->rfc},
        {"tags", res.c->tags},
        {"deflate", res.c->deflate},
        {"verdict", to_string(res.v.result)},
        {"finding", to_string(res.v.kind)},
        {"why", res.v.why},
        {"expected",
         {{"close", e.close},
          {"close_code", e.close && !e.close_codes.empty() ? json(e.close_codes.front()) : json()},
          {"close_codes", e.close_codes},
          {"echoes", e.echoes.size()},
          {"violation", to_string(e.kind)},
          {"reason", e.reason}}},
        {"observed",
         {{"upgraded", t.upgraded},
          {"setup_error", t.setup_error.empty() ? json() : json(t.setup_error)},
          {"close_code", opt_code(t.close_code)},
          {"close_frame", t.close_received},
          {"close_reason_hex", to_hex(t.close_reason)},
          {"server_initiated_close", t.server_initiated_close},
          {"tcp_closed", t.tcp_closed},
          {"echoed", t.messages.size()},
          {"bytes_sent", t.bytes_sent},
          {"bytes_total", t.bytes_total},
          {"ms", static_cast<long>(t.total_ms)},
          {"close_ms", t.close_received ? json(static_cast<long>(t.close_ms)) : json()}}},
        {"frames_hex", frames},
        {"replay", res.replay},
    });
    if (!res.attempts.empty()) {  // --confirm: every run of a case that failed first
      json runs = json::array();
      for (const auto& a : res.attempts)
        runs.push_back({{"verdict", to_string(a.v.result)},
                        {"finding", to_string(a.v.kind)},
                        {"why", a.v.why},
                        {"close_code", opt_code(a.close_code)},
                        {"tcp_closed", a.tcp_closed},
                        {"ms", static_cast<long>(a.total_ms)}});
      cases.back()["attempts"] = std::move(runs);
    }
  }
  json doc{
      {"tool", "wsharness"},
      {"version", WSH_VERSION},
      {"target",
       {{"name", r.target_name},
        {"version", r.target_version},
        {"policy", {{"text_only", r.policy.text_only}, {"binary_close_code", r.policy.binary_close_code}}},
        {"scheme", r.scheme},
        {"insecure", r.insecure}}},
      {"profile", to_string(r.judging)},
      {"complete", r.complete},
      {"stopped", r.complete ? json() : json(r.stopped_reason)},
      {"cases_planned", r.cases_planned},
      {"duration_ms", static_cast<long>(r.duration_ms)},
      {"summary",
       {{"pass", r.count(outcome::pass)}, {"fail", r.count(outcome::fail)}, {"non_strict", r.count(outcome::non_strict)},
        {"skipped", r.count(outcome::skipped)}, {"flaky", r.count(outcome::flaky)}}},
      {"cases", cases},
  };
  return doc.dump(2) + "\n";
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << content;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + path);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

}  // namespace wsh
