// A conformance case: a named frame sequence plus where the client pauses while sending it.
// Expectations are NOT part of a case: the oracle derives them from the frames and the policy.
#pragma once
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "wsh/frame.hpp"

namespace wsh {

// After sending frame `frame_index` (or only its first `payload_bytes` payload bytes, or only
// its first `header_bytes` header bytes, which splits one frame across TCP writes), wait `ms`
// before writing on.
//
// A pause is a fail-fast probe (the case file's `pause`, `pause-in`): one after the bad byte lets
// the oracle see whether the server failed before the rest arrived (`strict_limit`). A write
// split (`split-in`, `split-in-header`; `fail_fast_probe` false) only cuts the stream into two
// TCP writes, a short gap between so the server reads them apart: it tests reassembly, and makes
// no claim about when the server closes.
struct send_pause {
  static constexpr int run_default = -1;  // the run's --pause-ms
  static constexpr std::size_t whole = std::numeric_limits<std::size_t>::max();
  // The gap after a write split: long enough that a server on loopback reads the two writes
  // apart, short enough to run many splits.
  static constexpr int split_gap_ms = 20;
  std::size_t frame_index = 0;
  std::size_t payload_bytes = whole;  // whole: the whole frame
  int ms = run_default;
  std::size_t header_bytes = whole;  // not whole: split inside the header (payload_bytes unused)
  bool fail_fast_probe = true;
};

struct test_case {
  std::string id;           // stable name: "8.1/invalid/lone-continuation"
  std::string ref_id;       // Autobahn|Testsuite id where one matches exactly, else empty
  std::string description;  // what is sent, in words
  std::string rfc;          // the requirement checked: section and the MUST sentence, briefly
  std::vector<std::string> tags;  // valid, invalid, fail-fast, policy, parity, ...
  std::vector<frame> frames;
  std::vector<send_pause> pauses;  // sorted by position in the stream
  // Negotiate permessage-deflate (RFC 7692). Frames hold plain text; a data message whose first
  // frame has RSV1 set is compressed when laid out, its compressed bytes spread over its frames.
  bool deflate = false;

  std::string group() const { return id.substr(0, id.rfind('/')); }
};

// The encoded byte stream of a case and where each frame and payload starts in it.
struct wire_layout {
  bytes stream;
  std::vector<std::size_t> frame_start;
  std::vector<std::size_t> payload_start;
};
// `frames` are the wire frames: compressed messages already compressed.
wire_layout layout(const std::vector<frame>& frames);
// The frames a case puts on the wire (compresses RSV1 messages of a deflate case).
std::vector<frame> wire_frames(const test_case& c);
wire_layout layout(const test_case& c);

// Consecutive byte ranges of the stream to write, each followed by its pause (0 for the last).
struct write_chunk {
  std::size_t end = 0;  // one past the chunk's last byte
  int pause_ms = 0;     // send_pause::run_default until the runner resolves it
  bool fail_fast_probe = true;  // the pause after it is a probe (send_pause::fail_fast_probe)
};
std::vector<write_chunk> write_plan(const test_case& c, const wire_layout& w);

// Pauses that send `frames` (wire frames) in writes of `write_size` bytes (0: none), each write
// followed by `ms`: how a libFuzzer input's write size replays over TCP. A send_pause can split
// a payload or fall between frames, not inside a header: such a split moves to the end of that
// header (and is dropped when that merges it with the previous one).
std::vector<send_pause> pauses_for_write_size(const std::vector<frame>& frames, std::size_t write_size, int ms = 1);

}  // namespace wsh
