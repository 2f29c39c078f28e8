// What to change, by defect class: the advice `explain` gives the side at fault.
#include <algorithm>

#include "explain_parts.hpp"
#include "wsh/utf8_validator.hpp"

namespace wsh::explain_detail {

namespace {

// Text in UTF-16 has a zero byte next to most ASCII characters.
bool looks_like_utf16(const bytes& m) {
  if (m.size() < 4) return false;
  const auto zeros = std::count(m.begin(), m.end(), std::uint8_t{0});
  return static_cast<std::size_t>(zeros) * 4 >= m.size();
}

// A Latin-1 / Windows-1252 letter (C0..FF) standing alone before an ASCII byte.
bool looks_like_latin1(const bytes& m, std::size_t at) {
  return at + 1 < m.size() && m[at] >= 0xC0 && m[at + 1] < 0x80;
}

}  // namespace

std::string sender_fix(const expectation& e, const std::optional<defect_location>& at, const bytes& message) {
  switch (e.kind) {
    case violation::binary_on_text_only:
      return "this endpoint accepts text only: send UTF-8 text in text frames, or accept binary messages on the "
             "endpoint";
    case violation::invalid_close_reason:
      return "encode the close reason as UTF-8 and cut it to 123 bytes at a character boundary, never inside one";
    case violation::protocol:
      return "fix the framing: " + e.reason;
    case violation::message_too_big:
      return "send messages no larger than the receiver's limit (split the data over several messages), or raise "
             "the limit on the receiver";
    case violation::none:
      return {};
    case violation::invalid_utf8:
    case violation::truncated_utf8:
      break;
  }
  const std::string cls = at ? at->defect_class : "";
  const std::size_t start = at ? at->mark_begin : 0;  // where the offending sequence starts
  const std::string binary = "; for arbitrary bytes use binary frames";
  if (looks_like_utf16(message))
    return "the text looks like UTF-16 (zero bytes between characters): encode strings as UTF-8 before sending" +
           binary;
  if (looks_like_latin1(message, start))
    return "the text looks like Latin-1/Windows-1252 (a single byte per accented letter): transcode it to UTF-8 "
           "before sending" + binary;
  if (cls == "truncated")
    return e.kind == violation::truncated_utf8
               ? "the message ends inside a character: the sender cut a UTF-8 buffer at a byte limit; cut at a "
                 "character boundary, and encode before splitting into fragments so the final fragment completes it"
               : "a character is interrupted by another byte: the text was assembled from pieces cut inside "
                 "characters, or is not UTF-8 at all; encode the whole string with a UTF-8 encoder" + binary;
  if (cls == "surrogate")
    return "a UTF-16 surrogate was encoded on its own (CESU-8/WTF-8, or a string cut between the two halves of a "
           "surrogate pair): encode with a strict UTF-8 encoder and never split strings inside a pair";
  if (cls == "overlong" || cls == "c0-c1")
    return "an overlong encoding (e.g. C0 80 from Java's modified UTF-8, or C0 AF for '/'): use a standard UTF-8 "
           "encoder; never hand-build byte sequences";
  if (cls == "above-max") return "a code point above U+10FFFF is not Unicode: validate code points before encoding";
  if (cls == "lone-continuation")
    return "a continuation byte without its lead byte: the text was cut from the middle of a character, or is not "
           "UTF-8; send whole characters" + binary;
  return "send text frames only for UTF-8 data (encode strings as UTF-8)" + binary;
}

std::string receiver_fix(finding kind, const expectation& e, std::optional<std::uint16_t> closed_with,
                         const std::string& receiver) {
  const std::string code = e.close_codes.empty() ? "a close frame" : std::to_string(e.close_codes.front());
  if (e.kind == violation::message_too_big && (kind == finding::no_close || kind == finding::wrong_code))
    return "close a message above the size limit with 1009 (§7.4.1); if the " + receiver +
           "'s limit is larger, declare that one (--max-message-size N)";
  switch (kind) {
    case finding::replaced_invalid: return "fail the connection with " + code + " instead of repairing invalid text (§8.1)";
    case finding::wrong_code: return "fail the connection with " + code + " for " + to_string(e.kind);
    case finding::no_close:
    case finding::not_fail_fast:
      return "validate text messages (across fragments) and fail with " + code;
    case finding::discarded_binary: return "refuse binary messages on this text-only endpoint with " + code;
    case finding::tcp_drop:
      return e.kind != violation::none ? "send a close frame with " + code + " before closing TCP"
                                       : "close with a close frame (1000 or the code that says why) before closing TCP";
    case finding::tcp_reset:
      return (e.kind != violation::none ? "send a close frame with " + code : std::string("send a close frame")) +
             ", then read until the peer's close frame before closing the socket (closing it with unread input sends "
             "an RST, and the peer may lose the close frame)";
    case finding::no_close_reply: return "answer a close frame with a close frame before closing TCP";
    case finding::size_limit:
      return "raise the " + receiver + "'s message size limit, or send smaller messages; if the limit is intended, "
             "declare it (--max-message-size N) so that its 1009 is expected";
    case finding::closed_valid:
      return closed_with == 1007 ? "validate each text message as one UTF-8 stream across its fragments (RFC 6455 "
                                   "§5.6, §8.1), with a strict and complete RFC 3629 validator"
                                 : "fix the " + receiver + "'s frame parser";
    default: return {};
  }
}

std::string close_code_meaning(std::uint16_t code) {
  switch (code) {
    case 1000: return "normal closure";
    case 1001: return "going away";
    case 1002: return "protocol error";
    case 1003: return "cannot accept this data type";
    case 1007: return "invalid payload data: not UTF-8";
    case 1008: return "policy violation";
    case 1009: return "message too big";
    case 1010: return "missing extension";
    case 1011: return "internal server error";
    case 1012: return "service restart";
    case 1013: return "try again later";
    case 1014: return "bad gateway";
    default:
      if (code >= 3000 && code <= 3999) return "registered by a library or framework";
      if (code >= 4000 && code <= 4999) return "application-defined";
      return "not a code an endpoint may send";
  }
}

std::string valid_text_hint(const bytes& m) {
  if (!is_valid_utf8(m)) return {};
  bool four_byte = false, noncharacter = false, nul = false;
  for (std::size_t i = 0; i < m.size();) {
    const std::uint8_t b = m[i];
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? b : b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) cp = cp << 6 | (m[i + k] & 0x3F);
    i += n;
    four_byte |= cp >= 0x10000;
    noncharacter |= (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    nul |= cp == 0;
  }
  if (noncharacter)
    return "the text holds Unicode noncharacters (U+FDD0..U+FDEF or U+xFFFE/U+xFFFF), which are valid UTF-8: the "
           "receiver's validator is too strict";
  if (four_byte)
    return "the text holds 4-byte characters (U+10000 and above, e.g. emoji), which are valid UTF-8: the receiver's "
           "validator probably stops at U+FFFF";
  if (nul) return "the text holds U+0000, which is valid UTF-8: the receiver probably treats it as a terminator";
  return {};
}

}  // namespace wsh::explain_detail
