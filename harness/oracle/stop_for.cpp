#include "wsh/stop_for.hpp"

namespace wsh {

bool ping_may_follow(std::span<const frame> frames, bool deflate) {
  bool open = false;  // a data message has begun and not ended
  for (const frame& f : frames) {
    if (!f.mask || f.rsv2 || f.rsv3 || f.length != length_form::minimal) return false;
    if (is_control(f.opcode)) {
      if (f.opcode != op::ping && f.opcode != op::pong) return false;  // a close, or reserved
      if (!f.fin || f.rsv1 || f.payload.size() > 125) return false;
      continue;
    }
    const bool first = f.opcode != op::continuation;
    if (f.opcode > op::binary || first == open) return false;  // reserved, stray or interleaved
    if (f.rsv1 && !(deflate && first)) return false;
    open = !f.fin;
  }
  return !open;
}

stop_condition stop_for(const expectation& e, std::span<const frame> frames, bool deflate) {
  // Only a violation of the data (its text, its type, its size) leaves the framing whole.
  const bool data_violation = e.kind == violation::invalid_utf8 || e.kind == violation::truncated_utf8 ||
                              e.kind == violation::binary_on_text_only || e.kind == violation::message_too_big;
  return {.expect_close = e.close,
          .expected_echoes = e.echoes.size(),
          .may_probe = e.close && data_violation && ping_may_follow(frames, deflate)};
}

stop_condition stop_for(const expectation& e, const test_case& c) { return stop_for(e, c.frames, c.deflate); }

}  // namespace wsh
