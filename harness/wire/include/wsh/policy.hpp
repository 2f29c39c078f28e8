// What an endpoint promises: the per-target policy the oracle judges against.
#pragma once
#include <cstdint>
#include <string>

namespace wsh {

struct endpoint_policy {
  // A text-only endpoint refuses binary messages with binary_close_code (RFC 6455 §7.4.1:
  // 1003 "cannot accept", or 1007 as many users ask of text-only APIs).
  bool text_only = false;
  std::uint16_t binary_close_code = 1007;

  std::string describe() const {
    return text_only ? "text-only (binary -> " + std::to_string(binary_close_code) + ")" : "text+binary";
  }
};

}  // namespace wsh
