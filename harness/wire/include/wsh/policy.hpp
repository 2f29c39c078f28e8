// What an endpoint promises: the per-target policy the oracle judges against.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace wsh {

struct endpoint_policy {
  // A text-only endpoint refuses binary messages with binary_close_code (RFC 6455 §7.4.1:
  // 1003 "cannot accept", or 1007 as many users ask of text-only APIs).
  bool text_only = false;
  std::uint16_t binary_close_code = 1007;
  // The largest message payload the endpoint accepts, in bytes (after inflating, with
  // permessage-deflate); a larger message is closed with 1009 "message too big" (§7.4.1).
  // Declared by a built-in target (its library's default), a --targets-file row or
  // --max-message-size N; nullopt: none declared, so a 1009 is a `size_limit` finding.
  std::optional<std::uint64_t> max_message_size = std::nullopt;

  std::string describe() const {
    std::string s =
        text_only ? "text-only (binary -> " + std::to_string(binary_close_code) + ")" : "text+binary";
    if (max_message_size) s += ", max message " + size_text(*max_message_size);
    return s;
  }
  // 1048576 -> "1 MiB", 8192 -> "8 KiB", 1000 -> "1000 bytes".
  static std::string size_text(std::uint64_t n) {
    if (n && n % (1u << 20) == 0) return std::to_string(n >> 20) + " MiB";
    if (n && n % 1024 == 0) return std::to_string(n >> 10) + " KiB";
    return std::to_string(n) + " bytes";
  }
};

}  // namespace wsh
