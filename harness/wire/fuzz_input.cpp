#include "wsh/fuzz_input.hpp"

#include <algorithm>

#include "wsh/frame_codec.hpp"

namespace wsh {

bytes fuzz_input::stream() const {
  bytes out;
  for (const auto& f : frames) {
    const bytes b = encode(f);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

std::uint8_t fuzz_header_byte(const endpoint_policy& policy, std::size_t write_size) {
  const std::size_t w = std::min<std::size_t>(write_size, 63);
  return static_cast<std::uint8_t>((policy.text_only ? 1 : 0) | (policy.binary_close_code == 1003 ? 2 : 0) | (w << 2));
}

fuzz_input decode_fuzz_input(byte_view data) {
  fuzz_input in;
  if (data.empty()) return in;
  in.policy.text_only = (data[0] & 1) != 0;
  in.policy.binary_close_code = (data[0] & 2) ? 1003 : 1007;
  in.write_size = data[0] >> 2;

  const byte_view wire = data.subspan(1);
  decoded_stream d = decode_frames(wire, fuzz_max_payload);
  in.frames.reserve(d.frames.size());
  for (auto& w : d.frames) in.frames.push_back(std::move(w.f));
  in.ignored = wire.size() - d.consumed;
  return in;
}

bytes encode_fuzz_input(const std::vector<frame>& frames, const endpoint_policy& policy, std::size_t write_size) {
  bytes out{fuzz_header_byte(policy, write_size)};
  for (const auto& f : frames) {
    const bytes b = encode(f);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

bytes encode_fuzz_input(const fuzz_input& in) { return encode_fuzz_input(in.frames, in.policy, in.write_size); }

}  // namespace wsh
