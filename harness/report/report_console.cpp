#include <iomanip>
#include <ostream>

#include "wsh/frame_codec.hpp"
#include "wsh/report.hpp"

namespace wsh {

int run_report::count(outcome o) const {
  int n = 0;
  for (const auto& r : results) n += r.v.result == o;
  return n;
}

namespace {

const char* label(outcome o) {
  switch (o) {
    case outcome::pass: return "PASS";
    case outcome::fail: return "FAIL";
    case outcome::non_strict: return "NON-STRICT";
    case outcome::skipped: return "SKIPPED";
    case outcome::flaky: return "FLAKY";
  }
  return "?";
}

std::string expected_text(const expectation& e) {
  if (!e.close) return "echo " + std::to_string(e.echoes.size()) + " message(s), no close";
  std::string codes;
  for (auto c : e.close_codes) codes += (codes.empty() ? "" : " or ") + std::to_string(c);
  return "close " + (codes.empty() ? std::string("(any code)") : codes);
}

std::string observed_text(const transcript& t) {
  if (!t.upgraded) return "no connection: " + t.setup_error;
  std::string s = std::to_string(t.messages.size()) + " echoed, ";
  if (t.close_received) {
    s += std::string(t.server_initiated_close ? "server closed " : "close reply ") +
         (t.close_code ? std::to_string(*t.close_code) : "(no code)") + " at " +
         std::to_string(static_cast<long>(t.close_ms)) + " ms";
    if (!t.close_reason.empty()) s += " reason " + show_payload(t.close_reason);
  } else if (t.tcp_closed) {
    s += std::string("TCP ") + (t.tcp_reset ? "reset" : "closed") + " without close frame at " +
         std::to_string(static_cast<long>(t.tcp_closed_ms)) + " ms";
  } else if (t.probe_pong_ms) {
    s += "no close (pinged at " + std::to_string(static_cast<long>(*t.probe_ms)) + " ms, pong at " +
         std::to_string(static_cast<long>(*t.probe_pong_ms)) + " ms, then " +
         std::to_string(static_cast<long>(t.probe_grace_ms)) + " ms of grace)";
  } else {
    s += "no close within " + std::to_string(static_cast<long>(t.total_ms)) + " ms";
  }
  return s;
}

}  // namespace

void print_case_line(std::ostream& os, const case_result& r) {
  std::string id = r.c->id;
  if (!r.c->ref_id.empty()) id += " [" + r.c->ref_id + "]";
  os << std::left << std::setw(11) << label(r.v.result) << std::setw(58) << id << std::right << std::setw(6)
     << static_cast<long>(r.observed.total_ms) << " ms  " << observed_text(r.observed) << "\n";
}

void print_details(std::ostream& os, const case_result& r) {
  os << "\n" << label(r.v.result) << " " << r.c->id;
  if (!r.c->ref_id.empty()) os << " (reference suite " << r.c->ref_id << ")";
  os << " [" << to_string(r.v.kind) << "]\n";
  os << "  case:     " << r.c->description << "\n";
  if (!r.c->rfc.empty()) os << "  requires: " << r.c->rfc << "\n";
  const auto on_wire = wire_frames(*r.c);  // compressed where the case deflates
  for (std::size_t i = 0; i < r.c->frames.size(); ++i) {
    const frame& f = r.c->frames[i];
    os << "  frame " << std::setw(2) << i + 1 << ": " << describe(f) << (r.c->deflate && f.rsv1 ? " (compressed on the wire)" : "")
       << "\n";
    const bytes wire = encode(on_wire[i]);
    os << "            " << (wire.size() <= 64 ? to_hex_spaced(wire) : to_hex_spaced(byte_view(wire).first(64)) + " ...")
       << "\n";
  }
  os << "  expected: " << expected_text(r.expected) << ": " << r.expected.reason << "\n";
  os << "  observed: " << observed_text(r.observed) << "\n";
  os << "  verdict:  " << r.v.why << "\n";
  for (const auto& n : r.v.notes) os << "  note:     " << n << "\n";
  for (std::size_t i = 0; i < r.attempts.size(); ++i)
    os << "  run " << i + 1 << ":    " << to_string(r.attempts[i].v.result) << " " << to_string(r.attempts[i].v.kind)
       << " (close " << (r.attempts[i].close_code ? std::to_string(*r.attempts[i].close_code) : std::string("-")) << ", "
       << static_cast<long>(r.attempts[i].total_ms) << " ms)\n";
  os << "  replay:   " << r.replay << "\n";
}

void print_summary(std::ostream& os, const run_report& r) {
  os << "\n" << r.target_name << " " << r.target_version << " (" << r.policy.describe() << "): " << r.results.size()
     << " cases, " << r.count(outcome::pass) << " pass, " << r.count(outcome::fail) << " fail, "
     << r.count(outcome::non_strict) << " non-strict, " << r.count(outcome::skipped) << " skipped"
     << (r.count(outcome::flaky) ? ", " + std::to_string(r.count(outcome::flaky)) + " flaky" : std::string()) << " in "
     << static_cast<long>(r.duration_ms) << " ms"
     << (r.judging == profile::strict ? "" : " (profile " + std::string(to_string(r.judging)) + ")") << "\n";
  int noted = 0;
  for (const auto& c : r.results) noted += !c.v.notes.empty();
  if (noted)
    os << "notes on " << noted << " case(s), none a failure (e.g. TCP left open after the closing handshake): see the "
       << "JSON report's \"notes\"\n";
  if (r.insecure) os << "INSECURE: wss:// without certificate checks (--insecure)\n";
  if (!r.complete)
    os << "INCOMPLETE: " << r.stopped_reason << " (" << r.results.size() << " of " << r.cases_planned
       << " cases run)\n";
}

}  // namespace wsh
