// One fuzz input against an in-memory server: the same wsh::client_session that wsh::run_case
// drives over TCP, driven here by a loop over the in-memory server, so wsh::judge applies unchanged.
#pragma once
#include <cstddef>

#include "wsh/memory_server.hpp"
#include "wsh/bytes.hpp"
#include "wsh/client_session.hpp"
#include "wsh/transcript.hpp"

namespace wsh {

// Upgrades (checking Sec-WebSocket-Accept), writes `stream` in writes of `write_size` bytes
// (0: one write; 1 ms of a logical clock after each, listening for an early close), and records
// what comes back: everything the TCP runner does (pongs, inflation, the --max-message cap, the
// closing handshake, the stop condition), because it is the same session.
transcript run_in_memory(memory_server& server, byte_view stream, std::size_t write_size, const stop_condition& stop);

// The upgrade request and `stream` in the same writes as run_in_memory (all of them unless the
// server ended; run_in_memory also stops at a close), then a 1000 close unless the server ended
// (run_in_memory's close depends on the stop condition), with nothing parsed, recorded or judged: the server's own cost, the benchmark's middle
// baseline between the parser-only target and the judged one (fuzz_websocketpp_server_only).
void drive_in_memory(memory_server& server, byte_view stream, std::size_t write_size);

}  // namespace wsh
