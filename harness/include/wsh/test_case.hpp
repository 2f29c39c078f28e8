// A conformance case: a named frame sequence plus where the client pauses while sending it.
// Expectations are NOT part of a case: the oracle derives them from the frames and the policy.
#pragma once
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "wsh/frame.hpp"

namespace wsh {

// After sending frame `frame_index` (or only its first `payload_bytes` payload bytes, which
// splits one frame across TCP writes), wait `ms` before writing on.
struct send_pause {
  std::size_t frame_index = 0;
  std::size_t payload_bytes = std::numeric_limits<std::size_t>::max();  // max: the whole frame
  int ms = 0;
};

struct test_case {
  std::string id;           // stable name: "8.1/invalid/lone-continuation"
  std::string ref_id;       // Autobahn|Testsuite id where one matches exactly, else empty
  std::string description;  // what is sent, in words
  std::vector<frame> frames;
  std::vector<send_pause> pauses;  // sorted by position in the stream

  std::string group() const { return id.substr(0, id.rfind('/')); }
};

// The encoded byte stream of a case and where each frame and payload starts in it.
struct wire_layout {
  bytes stream;
  std::vector<std::size_t> frame_start;
  std::vector<std::size_t> payload_start;
};
wire_layout layout(const std::vector<frame>& frames);

// Consecutive byte ranges of the stream to write, each followed by its pause (ms; 0 for the last).
struct write_chunk {
  std::size_t end = 0;  // one past the chunk's last byte
  int pause_ms = 0;
};
std::vector<write_chunk> write_plan(const test_case& c, const wire_layout& w);

}  // namespace wsh
