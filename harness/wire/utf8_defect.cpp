#include "wsh/utf8_defect.hpp"

#include "wsh/utf8_validator.hpp"

namespace wsh {

namespace {
std::string hex_byte(std::uint8_t b) { return to_hex_spaced(byte_view(&b, 1)); }
std::size_t sequence_length(std::uint8_t lead) { return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2; }
}  // namespace

std::string utf8_defect(byte_view data, bool complete) {
  utf8_validator v;
  if (v.feed(data) && (!complete || v.finish())) return {};
  const std::size_t at = *v.error_offset();
  const std::size_t start = v.sequence_start();
  const std::string where = " at offset " + std::to_string(at);
  if (at >= data.size()) {
    return "truncated sequence: message ends inside a " + std::to_string(sequence_length(data[start])) +
           "-byte sequence started at offset " + std::to_string(start) + " (" +
           to_hex_spaced(data.subspan(start)) + ")";
  }
  const std::uint8_t b = data[at];
  if (start == at) {  // the byte cannot start a character
    if (b >= 0x80 && b <= 0xBF) return "unexpected continuation byte " + hex_byte(b) + where + " (no lead byte before it)";
    if (b == 0xC0 || b == 0xC1) return "overlong 2-byte lead byte " + hex_byte(b) + where + " (would encode ASCII)";
    if (b >= 0xF5 && b <= 0xF7) return "lead byte " + hex_byte(b) + where + " would encode a code point above U+10FFFF";
    return "byte " + hex_byte(b) + where + " never occurs in UTF-8";
  }
  // The byte at `at` cannot continue the sequence that started at `start`.
  const std::uint8_t lead = data[start];
  const std::string seq =
      " (" + to_hex_spaced(data.subspan(start, at - start + 1)) + " at offset " + std::to_string(start) + ")";
  if (b < 0x80 || b > 0xBF)
    return "incomplete sequence: " + hex_byte(b) + where + " interrupts a " + std::to_string(sequence_length(lead)) +
           "-byte sequence" + seq;
  if (lead == 0xE0) return "overlong 3-byte encoding" + seq + " of a code point below U+0800";
  if (lead == 0xF0) return "overlong 4-byte encoding" + seq + " of a code point below U+10000";
  if (lead == 0xED) return "UTF-16 surrogate" + seq + ": U+D800..U+DFFF are not characters";
  if (lead == 0xF4) return "code point above U+10FFFF" + seq;
  return "invalid continuation byte " + hex_byte(b) + where;
}

std::string defect_class(byte_view data, bool complete) {
  utf8_validator v;
  if (v.feed(data) && (!complete || v.finish())) return "none";
  const std::size_t at = *v.error_offset();
  if (at >= data.size()) return "truncated";  // the message ends inside a sequence
  const std::uint8_t b = data[at];
  const std::size_t start = v.sequence_start();
  if (start == at) {  // a byte that cannot start a character
    if (b >= 0x80 && b <= 0xBF) return "lone-continuation";
    if (b == 0xC0 || b == 0xC1) return "c0-c1";
    if (b >= 0xF5 && b <= 0xF7) return "above-max";
    return "invalid-byte";
  }
  if (b < 0x80 || b > 0xBF) return "truncated";  // a sequence interrupted before its end
  switch (data[start]) {
    case 0xE0:
    case 0xF0: return "overlong";
    case 0xED: return "surrogate";
    case 0xF4: return "above-max";
    default: return "invalid-continuation";
  }
}

}  // namespace wsh
