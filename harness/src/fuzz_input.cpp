#include "wsh/fuzz_input.hpp"

#include <algorithm>

#include "wsh/frame_codec.hpp"

namespace wsh {

namespace {

length_form minimal_form(std::size_t n) {
  return n <= 125 ? length_form::bits7 : n <= 0xFFFF ? length_form::bits16 : length_form::bits64;
}

// The wire's length form from the header size (mask key excluded), as a frame field.
length_form form_of(std::size_t length_header, std::size_t payload_size) {
  const length_form wire = length_header == 2 ? length_form::bits7
                           : length_header == 4 ? length_form::bits16
                                                : length_form::bits64;
  return wire == minimal_form(payload_size) ? length_form::minimal : wire;
}

}  // namespace

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
  frame_parser parser(fuzz_max_payload);
  parser.feed(wire);
  parsed_frame p;
  std::size_t at = 0;  // start of the current frame in `wire`
  while (parser.next(p) == frame_parser::status::frame) {
    frame f;
    f.fin = p.fin;
    f.rsv1 = p.rsv1;
    f.rsv2 = p.rsv2;
    f.rsv3 = p.rsv3;
    f.opcode = p.opcode;
    const std::size_t header = p.wire_size - p.payload.size();
    if (p.masked) {
      mask_key key;
      std::copy_n(wire.begin() + static_cast<std::ptrdiff_t>(at + header - 4), 4, key.begin());
      f.mask = key;
    } else {
      f.mask.reset();
    }
    f.length = form_of(header - (p.masked ? 4 : 0), p.payload.size());
    f.payload = std::move(p.payload);
    in.frames.push_back(std::move(f));
    at += p.wire_size;
  }
  in.ignored = wire.size() - at;
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
