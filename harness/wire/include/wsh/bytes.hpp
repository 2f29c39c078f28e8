// Byte strings and their hex form: everything the harness sends or sees is bytes.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wsh {

using bytes = std::vector<std::uint8_t>;
using byte_view = std::span<const std::uint8_t>;

// Bytes of a string literal, so cases can write "κόσμε" or "\xED\xA0\x80" directly.
inline bytes to_bytes(std::string_view s) { return bytes(s.begin(), s.end()); }
inline std::string to_string(byte_view b) { return std::string(b.begin(), b.end()); }
// The same memory seen the other way, not copied: a string's bytes (to send or decode it), or
// bytes as text (to search an HTTP head in them).
inline byte_view as_bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
inline std::string_view as_text(byte_view b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

inline bytes concat(std::initializer_list<byte_view> parts) {
  bytes out;
  for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Lower-case hex, no separators ("81857f...").
std::string to_hex(byte_view b);
// FNV-1a, 64 bits: names long byte strings in reports (equal bytes, equal names) without
// carrying them.
std::uint64_t fnv1a64(byte_view b);
// Hex with a space every byte, for humans ("81 85 7f").
std::string to_hex_spaced(byte_view b);
// For humans: 'text' when the bytes are short printable UTF-8, else spaced hex (cut at max_bytes).
std::string show_payload(byte_view b, std::size_t max_bytes = 24);
// Parses hex, ignoring whitespace; returns false on odd length or a non-hex char.
bool from_hex(std::string_view hex, bytes& out);

}  // namespace wsh
