#include "wsh/failure_key.hpp"

#include "wsh/utf8_validator.hpp"

namespace wsh {

bytes violating_bytes(const test_case& c, const expectation& e) {
  if (e.violating_frame >= c.frames.size()) return {};
  if (e.kind == violation::invalid_close_reason) {
    const bytes& p = c.frames[e.violating_frame].payload;
    return p.size() > 2 ? bytes(p.begin() + 2, p.end()) : bytes{};
  }
  if (e.kind != violation::invalid_utf8 && e.kind != violation::truncated_utf8) return {};
  bytes msg;
  for (std::size_t i = 0; i <= e.violating_frame; ++i) {
    const frame& f = c.frames[i];
    if (is_control(f.opcode)) continue;
    if (f.opcode != op::continuation) msg.clear();
    msg.insert(msg.end(), f.payload.begin(), f.payload.end());
  }
  return msg;
}

std::string frame_shape(const test_case& c) {
  std::string s;
  for (const frame& f : c.frames) {
    if (!s.empty()) s += ' ';
    switch (f.opcode) {
      case op::continuation: s += "cont"; break;
      case op::text: s += "text"; break;
      case op::binary: s += "binary"; break;
      case op::close: s += "close"; break;
      case op::ping: s += "ping"; break;
      case op::pong: s += "pong"; break;
      default: s += "op:" + std::to_string(f.opcode);
    }
    if (!f.fin) s += '~';
  }
  return s;
}

std::string expectation_key(const test_case& c, const expectation& e) {
  const bytes bad = violating_bytes(c, e);
  const bool complete = e.kind != violation::invalid_utf8;  // truncated or close reason: the whole string
  return std::string(to_string(e.kind)) + "/" + (bad.empty() ? "-" : defect_class(bad, complete));
}

std::string failure_key(const test_case& c, const expectation& e, const verdict& v) {
  return std::string(to_string(v.kind)) + "/" + expectation_key(c, e);
}

}  // namespace wsh
