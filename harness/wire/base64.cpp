#include "wsh/base64.hpp"

namespace wsh {

std::string base64_encode(std::span<const std::uint8_t> data) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < data.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, data.size() - i);
    std::uint32_t v = std::uint32_t(data[i]) << 16;
    if (n > 1) v |= std::uint32_t(data[i + 1]) << 8;
    if (n > 2) v |= data[i + 2];
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += n > 1 ? alphabet[v >> 6 & 63] : '=';
    out += n > 2 ? alphabet[v & 63] : '=';
  }
  return out;
}

}  // namespace wsh
