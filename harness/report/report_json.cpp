#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "wsh/frame_codec.hpp"
#include "wsh/report.hpp"

namespace wsh {

namespace {

nlohmann::json opt_code(const std::optional<std::uint16_t>& c) { return c ? nlohmann::json(*c) : nlohmann::json(); }

// A frame as the report keeps it: whole up to 256 bytes; a longer one as its first 64 bytes, its
// size and FNV-1a hash, a window of 32 bytes around `mark` (the offending byte, when it is in
// this frame) and its last 32 bytes. The full bytes are one replay away (the case id), so a run
// of the whole catalogue weighs hundreds of kilobytes, not megabytes.
std::string frame_hex(const bytes& wire, std::optional<std::size_t> mark) {
  if (wire.size() <= 256) return to_hex(wire);
  const byte_view w(wire);
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a64(w)));
  std::string s = to_hex(w.first(64)) + " ... [" + std::to_string(wire.size()) + " bytes, fnv1a64 " + hash;
  if (mark && *mark >= 64 && *mark + 32 < wire.size()) {
    const std::size_t from = *mark - 16;
    s += "; bytes " + std::to_string(from) + ".." + std::to_string(from + 31) + ":] " + to_hex(w.subspan(from, 32)) +
         " ... [last 32 bytes:] ";
  } else {
    s += "; last 32 bytes:] ";
  }
  return s + to_hex(w.last(32));
}

}  // namespace

std::string to_json(const run_report& r) {
  using nlohmann::json;
  json cases = json::array();
  for (const auto& res : r.results) {
    json frames = json::array();
    const auto& t = res.observed;
    const auto& e = res.expected;
    const auto on_wire = wire_frames(*res.c);
    for (std::size_t i = 0; i < on_wire.size(); ++i) {
      const bytes wire = encode(on_wire[i]);
      // The offending byte's place in its frame, when the message is that one frame.
      std::optional<std::size_t> mark;
      if (e.close && i == e.violating_frame && e.payload_offset && on_wire[i].fin && !on_wire[i].rsv1 &&
          on_wire[i].opcode != op::continuation)
        mark = header_size(on_wire[i]) + *e.payload_offset;
      frames.push_back(frame_hex(wire, mark));
    }
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
        {"notes", res.v.notes},
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
          {"tcp_reset", t.tcp_reset},
          {"echoed", t.messages.size()},
          {"bytes_sent", t.bytes_sent},
          {"bytes_total", t.bytes_total},
          {"ms", static_cast<long>(t.total_ms)},
          {"close_ms", t.close_received ? json(static_cast<long>(t.close_ms)) : json()},
          // The no-close probe (--probe-grace-ms): our ping after the stream, its pong, the grace.
          {"probe_ms", t.probe_ms ? json(static_cast<long>(*t.probe_ms)) : json()},
          {"probe_pong_ms", t.probe_pong_ms ? json(static_cast<long>(*t.probe_pong_ms)) : json()}}},
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
        {"policy",
         {{"text_only", r.policy.text_only},
          {"binary_close_code", r.policy.binary_close_code},
          {"max_message_size", r.policy.max_message_size ? json(*r.policy.max_message_size) : json()}}},
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
