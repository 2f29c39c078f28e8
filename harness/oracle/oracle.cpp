// The oracle's vocabulary: violation and profile names, which codes may be sent, and which
// finding blames the sender of a violation. derive.cpp and judge.cpp hold the rules.
#include "wsh/oracle.hpp"

namespace wsh {

const char* to_string(violation v) {
  switch (v) {
    case violation::none: return "none";
    case violation::invalid_utf8: return "invalid_utf8";
    case violation::truncated_utf8: return "truncated_utf8";
    case violation::binary_on_text_only: return "binary_on_text_only";
    case violation::invalid_close_reason: return "invalid_close_reason";
    case violation::protocol: return "protocol";
  }
  return "?";
}

finding finding_of(violation v) {
  switch (v) {
    case violation::none: return finding::none;
    case violation::invalid_utf8: return finding::invalid_utf8;
    case violation::truncated_utf8: return finding::truncated_utf8;
    case violation::binary_on_text_only: return finding::binary_on_text_only;
    case violation::invalid_close_reason: return finding::invalid_close_reason;
    case violation::protocol: return finding::protocol;
  }
  return finding::none;
}

const char* to_string(profile p) {
  switch (p) {
    case profile::strict: return "strict";
    case profile::autobahn: return "autobahn";
    case profile::application: return "application";
  }
  return "?";
}

bool sendable_close_code(std::uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

}  // namespace wsh
