// A WebSocket server under test in memory, with no socket: the libFuzzer targets drive one per
// input (wsh/memory_run.hpp), and make_memory_server_adapter (wsh/adapter.hpp) serves one per
// connection over real loopback sockets for the catalogue. A user's own server plugs in by
// implementing these three calls (examples/in_process_server/).
// C++17-clean on purpose: the websocketpp glue is compiled as C++17 (its 0.8.2 headers are not
// C++20-clean), so this header uses no C++20 and no wsh types.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace wsh {

class memory_server {
 public:
  virtual ~memory_server() = default;
  // Client -> server bytes (the upgrade request, then frames), any split.
  virtual void feed(const std::uint8_t* data, std::size_t n) = 0;
  // Appends the server -> client bytes written since the last call to `to` (the caller's
  // buffer, so no string is allocated per call).
  virtual void drain(std::string& to) = 0;
  // The server finished with the connection (its transport was shut down or failed).
  virtual bool ended() const = 0;
};

// The echo behaviour every glue implements, like targets/websocketpp_echo.cpp: each complete
// message is sent back with its opcode; on a text-only endpoint a binary message is refused
// with binary_close_code instead.
struct echo_options {
  bool text_only = false;
  std::uint16_t binary_close_code = 1007;
};

// Makes a fresh server for one connection (or one fuzz input).
using memory_server_factory = std::function<std::unique_ptr<memory_server>(const echo_options&)>;

}  // namespace wsh
