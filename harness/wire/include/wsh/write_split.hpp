// Where to cut a frame into two TCP writes: at the boundaries of the first invalid UTF-8
// sequence the frames carry (before it, inside it, right after it) and at the frame's header.
// A real server skipped the first two bytes of a second write when they were the bad bytes of a
// close reason; splits like these are generated from the vector table (the catalogue's
// `8.1/split-write/*`, `5.5.1/close-reason/split-write/*`) and by `wsharness fuzz`'s generator,
// both through split_pause(): one definition of each boundary.
#pragma once
#include <cstddef>
#include <optional>
#include <span>

#include "wsh/frame.hpp"
#include "wsh/test_case.hpp"
#include "wsh/utf8_validator.hpp"

namespace wsh {

// In the order the catalogue lists them (the bad sequence's boundaries, then the header's).
enum class split_point {
  before_bad_sequence,  // the second write starts with the bad sequence's first byte
  inside_bad_sequence,  // after its first byte (sequences of two bytes or more)
  after_bad_sequence,   // right after the byte that makes it invalid (when more follows)
  after_header,         // header in one write, payload in the next (the frame holding the sequence)
  in_header,            // after the header's first two bytes, before its mask key
};
inline constexpr int split_point_count = 5;
// "before-bad-sequence", "inside-bad-sequence", "after-bad-sequence", "after-header", "in-header"
const char* to_string(split_point p);

// A byte of a frame's payload: `offset` may equal the payload's size (the frame's end).
struct payload_position {
  std::size_t frame = 0;
  std::size_t offset = 0;
};

// The first invalid UTF-8 sequence in the frames, in stream order: in a text message's payload
// (across its fragments, control frames between them skipped; a message left unfinished is
// judged as a prefix) or in a close frame's reason. `bytes` is the span in that message's text
// (the reason's, for a close frame); `start`, `second` and `end` (exclusive) are where its first
// and second byte are and where it ends.
struct bad_sequence {
  bool in_close_reason = false;
  utf8_span bytes;
  payload_position start;
  payload_position second;
  payload_position end;
  std::size_t length() const { return bytes.end - bytes.start; }
};
std::optional<bad_sequence> find_bad_sequence(std::span<const frame> frames);

// The write split at `p` for these frames (a send_pause with fail_fast_probe false and `ms`), or
// nullopt when the frames have no bad sequence or the point does not exist (nothing inside a
// one-byte sequence, nothing after a sequence that ends the stream).
std::optional<send_pause> split_pause(std::span<const frame> frames, split_point p,
                                      int ms = send_pause::split_gap_ms);

}  // namespace wsh
