#include "wsh/explain_report.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "explain_parts.hpp"

namespace wsh {

namespace {

using explain_detail::close_code_meaning;
using explain_detail::window_text;

constexpr std::size_t short_connection = 40;  // frames shown in full up to this many
constexpr std::size_t context_frames = 3;     // around each frame that matters otherwise

std::string ms_text(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%9.3f ms", ms);
  return buf;
}

std::string frame_words(const seen_frame& s, party sender) {
  frame f = s.w.f;
  std::string extra;
  if (sender == party::server) {
    if (f.mask) extra = " MASKED";
    f.mask = default_mask;  // unmasked is right for a server: say nothing
  }
  std::string d = describe(f) + extra;
  if (f.opcode == op::close && f.payload.size() >= 2) {
    const std::uint16_t code = close_code_of(f.payload);
    d += "  [close " + std::to_string(code) + " " + close_code_meaning(code) + "]";
  }
  if (s.message) d += "  (message " + std::to_string(s.message) + ", fragment " + std::to_string(s.fragment) + ")";
  return d;
}

struct timeline_entry {
  double ms;
  party sender;
  std::size_t index;  // into that side's frames
};

std::vector<timeline_entry> timeline(const ws_connection& c) {
  std::vector<timeline_entry> t;
  for (std::size_t i = 0; i < c.from_client.frames.size(); ++i) t.push_back({c.from_client.frames[i].ms, party::client, i});
  for (std::size_t i = 0; i < c.from_server.frames.size(); ++i) t.push_back({c.from_server.frames[i].ms, party::server, i});
  std::stable_sort(t.begin(), t.end(), [](const auto& a, const auto& b) { return a.ms < b.ms; });
  return t;
}

// Frames worth showing in a long connection: the start, the violations, the closes, the end.
std::set<std::size_t> shown(const std::vector<timeline_entry>& t, const connection_explanation& x) {
  std::set<std::size_t> keep;
  auto around = [&](std::size_t k) {
    for (std::size_t j = k > context_frames ? k - context_frames : 0; j <= k + context_frames && j < t.size(); ++j)
      keep.insert(j);
  };
  for (std::size_t k = 0; k < t.size(); ++k) {
    const auto& dir = t[k].sender == party::client ? x.to_server : x.to_client;
    const ws_side& side = t[k].sender == party::client ? x.conn.from_client : x.conn.from_server;
    if (k < context_frames || k + context_frames >= t.size()) keep.insert(k);
    if (dir.where && dir.where->frame == t[k].index + 1) around(k);
    if (side.frames[t[k].index].w.f.opcode == op::close) around(k);
  }
  return keep;
}

void print_where(std::ostream& out, const direction_explanation& d) {
  if (!d.where) return;
  const defect_location& w = *d.where;
  out << "    where:    ";
  if (w.message) out << "message " << w.message << ", fragment " << w.fragment << " of " << w.fragments;
  else out << "close reason";
  out << " (frame " << w.frame << ")";
  if (!w.defect.empty()) {
    out << ", byte " << w.message_offset << " of the " << (w.message ? "message" : "reason");
    if (w.fragment_offset) out << " = byte " << *w.fragment_offset << " of the frame's payload";
    if (w.stream_offset) out << " = byte " << *w.stream_offset << " of the " << to_string(d.sender) << "'s stream after the handshake";
    if (w.compressed) out << " (after inflating the compressed message)";
  }
  out << "\n";
  if (d.defect_ms) out << "    when:    " << ms_text(*d.defect_ms) << " after the connection started\n";
  if (!w.defect.empty()) {
    out << "    defect:   " << w.defect << " [" << w.defect_class << "]\n";
    out << "    bytes:    " << window_text(w) << "   (" << (w.message ? "message" : "reason") << " bytes " << w.window_start << ".."
        << w.window_start + w.window.size() << ", offending bytes in brackets)\n";
  }
}

std::string endpoints(const ws_connection& c) {
  if (c.client.address.empty()) return "client stream";
  return to_string(c.client) + " -> " + to_string(c.server);
}

}  // namespace

void print_explanation(std::ostream& out, const connection_explanation& x, const explain_print_options& opt) {
  const ws_connection& c = x.conn;
  out << "connection " << x.index << ": " << endpoints(c);
  if (!c.request_line.empty()) out << "  " << c.request_line;
  if (c.first_packet) out << "  (from packet " << c.first_packet << ")";
  out << "\n";
  if (!c.upgraded) {
    out << "  " << x.summary << "\n\n";
    return;
  }
  if (!c.extensions.empty())
    out << "  extensions: " << c.extensions << (c.deflate.negotiated ? "  (compressed messages are inflated before checking)" : "") << "\n";
  out << "  endpoint:   " << x.policy.describe() << (x.policy_inferred ? " (inferred from the server's close)" : "") << "\n";
  const auto t = timeline(c);
  const auto keep = opt.all_frames || t.size() <= short_connection ? std::set<std::size_t>{} : shown(t, x);
  out << "  frames (" << c.from_client.frames.size() << " from the client, " << c.from_server.frames.size()
      << " from the server):\n";
  bool skipped = false;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (!keep.empty() && !keep.count(k)) {
      if (!skipped) out << "       ...\n";
      skipped = true;
      continue;
    }
    skipped = false;
    const ws_side& side = t[k].sender == party::client ? c.from_client : c.from_server;
    out << "    " << (t[k].sender == party::client ? "C>S" : "S>C") << " #" << t[k].index + 1;
    if (side.timed) out << " " << ms_text(t[k].ms);
    out << "  " << frame_words(side.frames[t[k].index], t[k].sender) << "\n";
  }
  for (party p : {party::client, party::server}) {
    const ws_side& side = p == party::client ? c.from_client : c.from_server;
    if (side.fin || side.rst)
      out << "    " << (p == party::client ? "C>S" : "S>C") << "    " << ms_text(side.end_ms) << "  TCP "
          << (side.rst ? "RST" : "FIN") << "\n";
  }
  out << "\n  verdict: " << x.summary << "\n";
  for (const auto* d : {&x.to_server, &x.to_client}) {
    if (d->e.kind == violation::none) continue;
    out << "  " << to_string(d->sender) << " -> " << (d->sender == party::client ? "server" : "client") << ":\n";
    print_where(out, *d);
    out << "    expected: " << d->e.reason << "\n";
    if (!d->receiver_did.empty()) out << "    observed: the " << (d->sender == party::client ? "server " : "client ") << d->receiver_did << "\n";
  }
  for (const auto& f : x.findings) {
    out << "  - [" << (f.who == party::none ? "note" : std::string(to_string(f.who)) + " defect") << ": " << to_string(f.kind) << "] "
        << f.what << "\n";
    if (!f.fix.empty()) out << "    fix: " << f.fix << "\n";
  }
  for (const auto& n : x.notes) out << "  note: " << n << "\n";
  out << "\n";
}

void print_explain_summary(std::ostream& out, const explain_source& src, const std::vector<connection_explanation>& xs) {
  std::size_t defects = 0, judged = 0;
  for (const auto& x : xs) {
    if (x.conn.upgraded) ++judged;
    if (x.defect()) ++defects;
  }
  for (const auto& n : src.notes) out << "note: " << n << "\n";
  const char* what = src.kind == "capture" ? " WebSocket connection(s)" : src.kind == "raw" ? " stream" : " case(s)";
  out << xs.size() << what << " in " << src.path << ", " << judged << " judged: "
      << (defects ? std::to_string(defects) + " with a defect" : "no defect") << "\n";
  for (const auto& x : xs) out << "  " << x.index << ". " << endpoints(x.conn) << ": " << x.summary << "\n";
}

nlohmann::json to_json(const explain_source& src, const std::vector<connection_explanation>& xs) {
  using nlohmann::json;
  auto side_json = [](const ws_side& s, party sender) {
    json frames = json::array();
    for (const auto& f : s.frames) {
      json j{{"opcode", opcode_name(f.w.f.opcode)}, {"fin", f.w.f.fin},  {"rsv1", f.w.f.rsv1},
             {"masked", f.w.f.mask.has_value()},    {"length", f.w.f.payload.size()},
             {"offset", f.w.offset},                 {"message", f.message}, {"fragment", f.fragment},
             {"payload_hex", to_hex(byte_view(f.w.f.payload).first(std::min<std::size_t>(f.w.f.payload.size(), 256)))}};
      if (s.timed) j["ms"] = f.ms;
      frames.push_back(std::move(j));
    }
    json out{{"sender", to_string(sender)}, {"frames", frames}, {"tcp_end", s.rst ? "rst" : s.fin ? "fin" : "none"}};
    if (s.fin || s.rst) out["tcp_end_ms"] = s.end_ms;
    if (s.gap_at) out["gap_at"] = *s.gap_at;
    if (!s.decode_error.empty()) out["decode_error"] = s.decode_error;
    return out;
  };
  auto dir_json = [](const direction_explanation& d) {
    json j{{"sender", to_string(d.sender)}, {"violation", to_string(d.e.kind)}, {"expected", d.e.reason},
           {"expected_close_codes", d.e.close ? json(d.e.close_codes) : json::array()}, {"receiver_did", d.receiver_did}};
    if (d.where) {
      const auto& w = *d.where;
      j["where"] = {{"frame", w.frame},
                    {"message", w.message},
                    {"fragment", w.fragment},
                    {"fragments", w.fragments},
                    {"message_offset", w.message_offset},
                    {"fragment_offset", w.fragment_offset ? json(*w.fragment_offset) : json()},
                    {"stream_offset", w.stream_offset ? json(*w.stream_offset) : json()},
                    {"compressed", w.compressed},
                    {"defect", w.defect},
                    {"defect_class", w.defect_class},
                    {"window_hex", to_hex(w.window)},
                    {"window_start", w.window_start},
                    {"mark", {w.mark_begin, w.mark_end}},
                    {"window", window_text(w)}};
    }
    if (d.defect_ms) j["defect_ms"] = *d.defect_ms;
    const reaction& r = d.receiver;
    j["receiver"] = {{"closed", r.closed},      {"code", r.code ? json(*r.code) : json()},
                     {"initiated", r.initiated}, {"close_ms", r.closed ? json(r.close_ms) : json()},
                     {"tcp_end", r.rst ? "rst" : r.tcp_end ? "fin" : "none"}};
    return j;
  };
  json conns = json::array();
  for (const auto& x : xs) {
    const auto& c = x.conn;
    json j{{"index", x.index},
           {"client", to_string(c.client)},
           {"server", to_string(c.server)},
           {"request", c.request_line},
           {"status", c.status},
           {"upgraded", c.upgraded},
           {"extensions", c.extensions},
           {"deflate", c.deflate.negotiated},
           {"policy", {{"text_only", x.policy.text_only}, {"binary_close_code", x.policy.binary_close_code},
                       {"inferred", x.policy_inferred}}},
           {"summary", x.summary},
           {"defect", x.defect()}};
    if (!c.problem.empty()) j["problem"] = c.problem;
    if (c.upgraded) {
      j["client_frames"] = side_json(c.from_client, party::client);
      j["server_frames"] = side_json(c.from_server, party::server);
      j["client_to_server"] = dir_json(x.to_server);
      if (c.from_server.timed) j["server_to_client"] = dir_json(x.to_client);
    }
    json findings = json::array();
    for (const auto& f : x.findings)
      findings.push_back({{"who", to_string(f.who)}, {"kind", to_string(f.kind)}, {"what", f.what}, {"fix", f.fix}});
    j["findings"] = findings;
    j["notes"] = x.notes;
    conns.push_back(std::move(j));
  }
  const bool any = std::any_of(xs.begin(), xs.end(), [](const auto& x) { return x.defect(); });
  return json{{"tool", "wsharness explain"}, {"version", WSH_VERSION}, {"input", {{"kind", src.kind}, {"path", src.path}}},
              {"notes", src.notes}, {"connections", conns}, {"defect", any}};
}

}  // namespace wsh
