// One fuzz input against an in-memory server, recorded as a wsh::transcript the way
// wsh::run_case records a TCP run, so wsh::judge applies unchanged.
#pragma once
#include <cstddef>

#include "memory_server.hpp"
#include "wsh/bytes.hpp"
#include "wsh/transcript.hpp"

namespace wsh::fuzz {

// Upgrades (checking Sec-WebSocket-Accept), writes `stream` in writes of `write_size` bytes
// (0: one write), and records what comes back. Like the TCP runner: when no close is expected
// and the server has not closed, the client closes with 1000; a close the server starts is
// answered with its own code.
transcript run_in_memory(memory_server& server, byte_view stream, std::size_t write_size, bool expect_close);

// The upgrade request and `stream` in the same writes as run_in_memory, then a 1000 close unless
// the server ended (run_in_memory's close depends on the expectation),
// with nothing parsed, recorded or judged: the server's own cost, the benchmark's middle
// baseline between the parser-only target and the judged one (fuzz_websocketpp_server_only).
void drive_in_memory(memory_server& server, byte_view stream, std::size_t write_size);

}  // namespace wsh::fuzz
