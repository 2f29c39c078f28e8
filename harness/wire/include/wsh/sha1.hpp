// SHA-1 (FIPS 180-4), only for the opening handshake's Sec-WebSocket-Accept (RFC 6455 §4.2.2).
// Our own on purpose: a checker must not share code with the servers it checks (websocketpp
// computes the same value with its sha1.hpp, and a bug there would then pass unnoticed).
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace wsh {

std::array<std::uint8_t, 20> sha1(std::string_view data);

}  // namespace wsh
