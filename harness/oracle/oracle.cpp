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
    case violation::message_too_big: return "message_too_big";
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
    case violation::message_too_big: return finding::message_too_big;
    case violation::protocol: return finding::protocol;
  }
  return finding::none;
}

const char* to_string(frame_rule r) {
  switch (r) {
    case frame_rule::none: return "none";
    case frame_rule::masked: return "masked";
    case frame_rule::unmasked: return "unmasked";
    case frame_rule::rsv_bits: return "rsv_bits";
    case frame_rule::reserved_opcode: return "reserved_opcode";
    case frame_rule::control_too_long: return "control_too_long";
    case frame_rule::fragmented_control: return "fragmented_control";
    case frame_rule::stray_continuation: return "stray_continuation";
    case frame_rule::interleaved_message: return "interleaved_message";
    case frame_rule::non_minimal_length: return "non_minimal_length";
    case frame_rule::close_one_byte: return "close_one_byte";
    case frame_rule::unsendable_close_code: return "unsendable_close_code";
  }
  return "?";
}

finding finding_of(violation v, frame_rule r) {
  if (v != violation::protocol) return finding_of(v);
  switch (r) {
    case frame_rule::none: return finding::protocol;
    case frame_rule::masked: return finding::masked_frame;
    case frame_rule::unmasked: return finding::unmasked_frame;
    case frame_rule::rsv_bits: return finding::rsv_bits;
    case frame_rule::reserved_opcode: return finding::reserved_opcode;
    case frame_rule::control_too_long: return finding::control_too_long;
    case frame_rule::fragmented_control: return finding::fragmented_control;
    case frame_rule::stray_continuation: return finding::stray_continuation;
    case frame_rule::interleaved_message: return finding::interleaved_message;
    case frame_rule::non_minimal_length: return finding::non_minimal_length;
    case frame_rule::close_one_byte:
    case frame_rule::unsendable_close_code: return finding::bad_close_frame;
  }
  return finding::protocol;
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

namespace {
thread_local bool terse = false;
}  // namespace

terse_reasons::terse_reasons() : before_(terse) { terse = true; }
terse_reasons::~terse_reasons() { terse = before_; }
bool reasons_are_terse() { return terse; }

}  // namespace wsh
