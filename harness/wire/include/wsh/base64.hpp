// Base64 (RFC 4648 §4, with padding): Sec-WebSocket-Key and Sec-WebSocket-Accept values.
// Our own, like sha1.hpp: nothing of the handshake check comes from a server under test.
#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace wsh {

std::string base64_encode(std::span<const std::uint8_t> data);

}  // namespace wsh
