// Drives one case over a fresh TCP connection and records the transcript: a thin Asio loop
// around wsh::client_session (wsh/client_session.hpp), which does all the protocol work.
#pragma once
#include "wsh/adapter.hpp"
#include "wsh/client_session.hpp"
#include "wsh/test_case.hpp"
#include "wsh/transcript.hpp"

namespace wsh {

struct run_options {
  int timeout_ms = 2000;  // per case, from connect to the last byte we wait for (plus pauses)
  int pause_ms = 100;     // a case's pauses that do not name their length (fail-fast checks)
  std::uint64_t max_message = default_max_message;
  // The no-close probe (session_options::probe_grace_ms): how long after the probe's pong a
  // close may still come; 0: no probe, a server that never closes costs the full deadline.
  int probe_grace_ms = 100;
};

// Sends the case's stream byte-exact (pausing where the case says), reads until the server
// closes, `stop` holds (then closes cleanly itself when no close is awaited), or the deadline
// passes.
transcript run_case(const endpoint& ep, const test_case& c, const stop_condition& stop, const run_options& opt);

// Connects to `ep` within `timeout_ms` and, for wss://, completes the TLS handshake with its
// checks: empty when that worked, otherwise why not in one line (for a certificate, the
// verification error, e.g. "self-signed certificate"). Adapters call it before the first case.
std::string check_connect(const endpoint& ep, int timeout_ms);

}  // namespace wsh
