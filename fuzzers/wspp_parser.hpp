// websocketpp 0.8.2's hybi13 frame processor alone: the parser-only baseline (no connection,
// no handshake, no oracle). C++17-clean (see memory_server.hpp).
#pragma once
#include <cstddef>
#include <cstdint>

namespace wsh::libfuzzer {

struct wspp_parse_result {
  std::size_t messages = 0;  // complete messages the processor produced
  std::size_t consumed = 0;  // bytes it took before stopping
  int error = 0;             // websocketpp processor error value (0: none)
};

// Feeds `data` in writes of `write_size` bytes (0: one write) to a server-side processor.
wspp_parse_result wspp_parse(const std::uint8_t* data, std::size_t n, std::size_t write_size);

}  // namespace wsh::libfuzzer
