#include "wsh/frame.hpp"

#include "wsh/utf8_validator.hpp"

namespace wsh {

const char* opcode_name(std::uint8_t opcode) {
  switch (opcode) {
    case op::continuation: return "continuation";
    case op::text: return "text";
    case op::binary: return "binary";
    case op::close: return "close";
    case op::ping: return "ping";
    case op::pong: return "pong";
    default: return "reserved";
  }
}

frame text(bytes payload, bool fin) { return frame{.fin = fin, .opcode = op::text, .payload = std::move(payload)}; }
frame text(std::string_view payload, bool fin) { return text(to_bytes(payload), fin); }
frame continuation(bytes payload, bool fin) {
  return frame{.fin = fin, .opcode = op::continuation, .payload = std::move(payload)};
}
frame continuation(std::string_view payload, bool fin) { return continuation(to_bytes(payload), fin); }
frame binary(bytes payload, bool fin) { return frame{.fin = fin, .opcode = op::binary, .payload = std::move(payload)}; }
frame ping(bytes payload) { return frame{.opcode = op::ping, .payload = std::move(payload)}; }

frame close_frame(std::uint16_t code, const bytes& reason) {
  bytes p{static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code & 0xFF)};
  p.insert(p.end(), reason.begin(), reason.end());
  return close_raw(std::move(p));
}
frame close_frame(std::uint16_t code, std::string_view reason) { return close_frame(code, to_bytes(reason)); }
frame close_raw(bytes payload) { return frame{.opcode = op::close, .payload = std::move(payload)}; }

std::string describe(const frame& f) {
  std::string s = opcode_name(f.opcode);
  if (s == "reserved") s += "(0x" + to_hex(bytes{f.opcode}) + ")";
  s += f.fin ? " fin" : " nofin";
  if (f.rsv1 || f.rsv2 || f.rsv3)
    s += std::string(" rsv=") + (f.rsv1 ? "1" : "0") + (f.rsv2 ? "1" : "0") + (f.rsv3 ? "1" : "0");
  if (!f.mask) s += " unmasked";
  s += " len=";  // appended apart: GCC 12's -Wrestrict false positive on `" " + std::string&&`
  s += std::to_string(f.payload.size());
  if (!f.payload.empty()) (s += ' ') += show_payload(f.payload);
  return s;
}

}  // namespace wsh
