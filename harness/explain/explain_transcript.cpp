// One direction of a captured connection as a transcript: what the receiving side did, recorded
// the way the runner records a server, so judge() rules on a capture as on a run.
#include "explain_parts.hpp"

namespace wsh::explain_detail {

std::optional<std::size_t> first_close(const ws_side& s) {
  for (std::size_t i = 0; i < s.frames.size(); ++i)
    if (s.frames[i].w.f.opcode == op::close) return i;
  return std::nullopt;
}

reaction direction_sides::receiver_reaction() const {
  reaction r;
  if (auto i = first_close(recv)) {
    const seen_frame& s = recv.frames[*i];
    const bytes& p = s.w.f.payload;
    r.closed = true;
    r.frame = *i + 1;
    r.close_ms = s.first_ms;
    r.close_payload_size = p.size();
    if (p.size() >= 2) {
      r.code = close_code_of(p);
      r.reason.assign(p.begin() + 2, p.end());
    }
    const auto j = first_close(sent);
    r.initiated = !j || sent.frames[*j].first_ms > s.first_ms;
  }
  r.tcp_end = recv.fin || recv.rst;
  r.rst = recv.rst;
  r.end_ms = recv.end_ms;
  return r;
}

// The receiver's FIN after the sender's only answers that one.
bool direction_sides::sender_left(const reaction& r) const {
  return (sent.fin || sent.rst) && (!r.tcp_end || sent.end_ms < r.end_ms);
}

std::size_t direction_sides::messages_after(double ms) const {
  std::size_t n = 0;
  for (const auto& s : recv.frames)
    if (!is_control(s.w.f.opcode) && s.fragment == 1 && s.first_ms > ms) ++n;
  return n;
}

double direction_sides::covered_ms(const reaction& r, double due_ms) const {
  return (sender_left(r) ? sent.end_ms : capture_end_ms) - due_ms;
}

namespace {

std::size_t stream_size(const ws_side& s) {
  return s.frames.empty() ? 0 : s.frames.back().w.offset + s.frames.back().w.wire_size();
}

// The receiver's frames and data messages, compressed ones inflated.
void record_frames(const direction_sides& d, transcript& t) {
  const sent_case plain = to_case(d.recv, d.receiver, d.deflate);
  for (std::size_t j = 0; j < d.recv.frames.size(); ++j) {
    const frame& f = plain.c.frames[j];
    t.frames.push_back({f.opcode, f.fin, f.payload, d.recv.frames[j].ms});
    const std::size_t m = d.recv.frames[j].message;
    if (!m || is_control(f.opcode)) continue;
    if (t.messages.size() < m) t.messages.push_back({f.opcode, {}});
    t.messages[m - 1].payload.insert(t.messages[m - 1].payload.end(), f.payload.begin(), f.payload.end());
  }
}

}  // namespace

transcript receiver_transcript(const direction_sides& d, const reaction& r, bool violation, bool answers_close,
                               double due_ms) {
  transcript t;
  t.connected = t.upgraded = true;
  t.deflate_negotiated = d.deflate.negotiated;
  t.bytes_total = t.bytes_sent = stream_size(d.sent);
  if (const auto own = first_close(d.sent)) {
    t.client_close_sent = true;
    t.client_close_ms = d.sent.frames[*own].first_ms;
  }
  record_frames(d, t);
  if (r.closed) {
    t.close_received = true;
    t.server_initiated_close = r.initiated;
    t.close_code = r.code;
    t.close_reason = r.reason;
    t.close_payload_size = r.close_payload_size;
    t.close_ms = r.close_ms;
    t.sent_when_closed = d.sent.timed ? d.sent.bytes_by(r.close_ms) : t.bytes_total;
  }
  const bool left = d.sender_left(r);
  // A TCP end that only follows the sender's is no drop; but a close frame it had to answer
  // stays unanswered (§5.5.1).
  t.tcp_closed = r.tcp_end && (!left || (!violation && answers_close));
  t.tcp_reset = r.rst;
  t.tcp_closed_ms = r.end_ms;
  // The capture stands for the deadline only when it shows the receiver carrying on: for a
  // violation, until the sender gave up, with more messages, or for a second; a close frame
  // needs no answer once its sender has ended TCP.
  const double covered = d.covered_ms(r, due_ms);
  t.timed_out = violation ? left || d.messages_after(due_ms) > 0 || covered >= 1000 : !left && covered >= 1000;
  t.total_ms = d.capture_end_ms;
  return t;
}

}  // namespace wsh::explain_detail
