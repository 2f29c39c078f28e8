// The fuzz input format shared by every frame-level fuzzer, the seed generator and the
// reproducer (`wsharness replay --libfuzzer-input FILE`): libFuzzer bytes <-> policy + frames.
//
// Format: one header byte, then the client->server wire stream exactly as a client sends it
// (RFC 6455 §5.2 frames, masked or not). No length prefixes: a crash file minus its first byte
// replays over a socket as is.
//
//   byte 0, bit 0     endpoint_policy::text_only
//   byte 0, bit 1     endpoint_policy::binary_close_code: 1 -> 1003, 0 -> 1007
//   byte 0, bits 2-7  write size: 0 -> the whole stream in one write, n -> writes of n bytes
//                     (in-memory targets feed the server this way; a replay over TCP may too)
//   bytes 1..         frames, decoded with wsh::frame_parser
//
// Decoding is total and deterministic: every byte string decodes (the empty one to the default
// policy and no frames). Bytes after the last complete frame (a partial frame, or a header the
// parser rejects such as a 64-bit length with its top bit set) are `ignored`: no consumer ever
// sends them, so what the oracle judges is exactly what the server receives.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "wsh/bytes.hpp"
#include "wsh/frame.hpp"
#include "wsh/policy.hpp"

namespace wsh {

// Payload cap while decoding: a frame announcing more is treated as unparseable (ignored).
inline constexpr std::uint64_t wire_input_max_payload = 1u << 20;

struct wire_input {
  endpoint_policy policy;
  std::size_t write_size = 0;  // 0: one write; else the size of each write
  // Every complete frame, in order. mask is the key found on the wire (nullopt if unmasked);
  // length is `minimal` when the wire used the shortest form, else the forced form it used.
  std::vector<frame> frames;
  std::size_t ignored = 0;  // trailing bytes that are not a complete frame

  // The bytes a consumer sends: exactly the input's bytes 1..1+size of the complete frames.
  bytes stream() const;
};

wire_input decode_wire_input(byte_view data);

// The inverse: header byte + encode() of each frame. For frames whose length form is `minimal`
// or larger than the payload needs, decode_wire_input(encode_wire_input(fs, p, w)).frames == fs;
// and for any input x, encode_wire_input(decode_wire_input(x)) is x with its header byte
// normalised and its ignored tail removed. write_size is clamped to 0..63.
bytes encode_wire_input(const std::vector<frame>& frames, const endpoint_policy& policy,
                        std::size_t write_size = 0);
bytes encode_wire_input(const wire_input& in);

std::uint8_t wire_input_header_byte(const endpoint_policy& policy, std::size_t write_size);

}  // namespace wsh
