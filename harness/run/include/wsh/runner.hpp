// Drives one case over a fresh TCP connection and records the transcript (Asio client).
#pragma once
#include "wsh/adapter.hpp"
#include "wsh/oracle.hpp"
#include "wsh/test_case.hpp"
#include "wsh/transcript.hpp"

namespace wsh {

struct run_options {
  int timeout_ms = 2000;  // per case, from connect to the last byte we wait for (plus pauses)
  int pause_ms = 100;     // a case's pauses that do not name their length (fail-fast checks)
  std::uint64_t max_message = 64ull << 20;
};

// Sends the case's stream byte-exact (pausing where the case says), reads until the server
// closes, the expected echoes arrived (then closes cleanly itself), or the deadline passes.
transcript run_case(const endpoint& ep, const test_case& c, const expectation& e, const run_options& opt);

}  // namespace wsh
