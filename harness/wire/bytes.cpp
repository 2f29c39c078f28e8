#include "wsh/bytes.hpp"

#include "wsh/utf8_validator.hpp"

namespace wsh {

namespace {
constexpr char digits[] = "0123456789abcdef";
int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string to_hex(byte_view b) {
  std::string s;
  s.reserve(b.size() * 2);
  for (auto c : b) {
    s.push_back(digits[c >> 4]);
    s.push_back(digits[c & 0xF]);
  }
  return s;
}

std::string to_hex_spaced(byte_view b) {
  std::string s;
  s.reserve(b.size() * 3);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i) s.push_back(' ');
    s.push_back(digits[b[i] >> 4]);
    s.push_back(digits[b[i] & 0xF]);
  }
  return s;
}

std::string show_payload(byte_view b, std::size_t max_bytes) {
  bool printable = is_valid_utf8(b) && b.size() <= 2 * max_bytes;
  for (auto c : b) printable = printable && (c >= 0x20 || c == '\t') && c != 0x7F;
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on `"[" + std::string&&`.
  std::string s(1, printable ? '\'' : '[');
  if (printable) return (s += to_string(b)) += '\'';
  if (b.size() <= max_bytes) return (s += to_hex_spaced(b)) += ']';
  s += to_hex_spaced(b.first(max_bytes));
  s += " ...] (";
  s += std::to_string(b.size());
  return s += " bytes)";
}

bool from_hex(std::string_view hex, bytes& out) {
  out.clear();
  int hi = -1;
  for (char c : hex) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') continue;
    int v = nibble(c);
    if (v < 0) return false;
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  return hi < 0;
}

std::uint64_t fnv1a64(byte_view b) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::uint8_t c : b) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

}  // namespace wsh
