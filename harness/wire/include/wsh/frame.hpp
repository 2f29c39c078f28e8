// A WebSocket frame as the client sends it (RFC 6455 §5.2), with every field under the case's control.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "wsh/bytes.hpp"

namespace wsh {

namespace op {
inline constexpr std::uint8_t continuation = 0x0;
inline constexpr std::uint8_t text = 0x1;
inline constexpr std::uint8_t binary = 0x2;
inline constexpr std::uint8_t close = 0x8;
inline constexpr std::uint8_t ping = 0x9;
inline constexpr std::uint8_t pong = 0xA;
}  // namespace op

inline bool is_control(std::uint8_t opcode) { return (opcode & 0x8) != 0; }
const char* opcode_name(std::uint8_t opcode);

// How the payload length is written: the shortest form, or a forced (possibly non-minimal) one.
enum class length_form { minimal, bits7, bits16, bits64 };

using mask_key = std::array<std::uint8_t, 4>;
// Fixed default key: frames stay byte-identical between runs, so hex in reports replays exactly.
inline constexpr mask_key default_mask{0x37, 0xfa, 0x21, 0x3d};

struct frame {
  bool fin = true;
  bool rsv1 = false;
  bool rsv2 = false;
  bool rsv3 = false;
  std::uint8_t opcode = op::text;  // any 4-bit value, reserved ones included
  std::optional<mask_key> mask = default_mask;  // nullopt: unmasked (a protocol error from a client)
  length_form length = length_form::minimal;
  bytes payload;

  bool operator==(const frame&) const = default;
};

// Named builders for the common frames; adjust fields afterwards for anything unusual.
frame text(std::string_view payload, bool fin = true);
frame text(bytes payload, bool fin = true);
frame continuation(std::string_view payload, bool fin = true);
frame continuation(bytes payload, bool fin = true);
frame binary(bytes payload, bool fin = true);
frame ping(bytes payload = {});
frame close_frame(std::uint16_t code, std::string_view reason = {});
frame close_frame(std::uint16_t code, const bytes& reason);
// Escape hatch: a close frame with an arbitrary payload (e.g. 1 byte, which no code fits).
frame close_raw(bytes payload);

// The status code at the front of a close payload of 2 or more bytes (RFC 6455 §5.5.1, big-endian).
inline std::uint16_t close_code_of(byte_view payload) { return static_cast<std::uint16_t>(payload[0] << 8 | payload[1]); }

// One-line human description: "text fin=0 len=5 'κόσμε'" / hex for non-printable.
std::string describe(const frame& f);

}  // namespace wsh
