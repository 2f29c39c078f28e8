#include "wsh/wire_input.hpp"

#include <algorithm>

#include "wsh/frame_codec.hpp"

namespace wsh {

bytes wire_input::stream() const {
  bytes out;
  for (const auto& f : frames) {
    const bytes b = encode(f);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

std::uint8_t wire_input_header_byte(const endpoint_policy& policy, std::size_t write_size) {
  const std::size_t w = std::min<std::size_t>(write_size, 63);
  return static_cast<std::uint8_t>((policy.text_only ? 1 : 0) | (policy.binary_close_code == 1003 ? 2 : 0) | (w << 2));
}

wire_input decode_wire_input(byte_view data) {
  wire_input in;
  if (data.empty()) return in;
  in.policy.text_only = (data[0] & 1) != 0;
  in.policy.binary_close_code = (data[0] & 2) ? 1003 : 1007;
  in.write_size = data[0] >> 2;

  const byte_view wire = data.subspan(1);
  std::string error;  // a frame the format does not take ends the frames: the rest is ignored
  in.ignored = wire.size() - decode_frames(wire, wire_input_max_payload, in.frames, error);
  return in;
}

bytes encode_wire_input(const std::vector<frame>& frames, const endpoint_policy& policy, std::size_t write_size) {
  bytes out{wire_input_header_byte(policy, write_size)};
  for (const auto& f : frames) {
    const bytes b = encode(f);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

bytes encode_wire_input(const wire_input& in) { return encode_wire_input(in.frames, in.policy, in.write_size); }

}  // namespace wsh
