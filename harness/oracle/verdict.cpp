#include "wsh/verdict.hpp"

namespace wsh {

const char* to_string(outcome o) {
  switch (o) {
    case outcome::pass: return "pass";
    case outcome::fail: return "fail";
    case outcome::non_strict: return "non-strict";
    case outcome::skipped: return "skipped";
    case outcome::flaky: return "flaky";
  }
  return "?";
}

const char* to_string(finding f) {
  switch (f) {
    case finding::none: return "none";
    case finding::handshake_failed: return "handshake_failed";
    case finding::no_close: return "no_close";
    case finding::not_fail_fast: return "not_fail_fast";
    case finding::late_close: return "late_close";
    case finding::wrong_code: return "wrong_code";
    case finding::tcp_drop: return "tcp_drop";
    case finding::tcp_reset: return "tcp_reset";
    case finding::closed_valid: return "closed_valid";
    case finding::size_limit: return "size_limit";
    case finding::echoed_invalid: return "echoed_invalid";
    case finding::replaced_invalid: return "replaced_invalid";
    case finding::discarded_binary: return "discarded_binary";
    case finding::echo_mismatch: return "echo_mismatch";
    case finding::missing_echo: return "missing_echo";
    case finding::no_close_reply: return "no_close_reply";
    case finding::protocol_error: return "protocol_error";
    case finding::not_negotiated: return "not_negotiated";
    case finding::bad_close_frame: return "bad_close_frame";
    case finding::server_died: return "server_died";
    case finding::application_close: return "application_close";
    case finding::undecided: return "undecided";
    case finding::invalid_utf8: return "invalid_utf8";
    case finding::truncated_utf8: return "truncated_utf8";
    case finding::binary_on_text_only: return "binary_on_text_only";
    case finding::invalid_close_reason: return "invalid_close_reason";
    case finding::message_too_big: return "message_too_big";
    case finding::protocol: return "protocol";
    case finding::masked_frame: return "masked_frame";
    case finding::unmasked_frame: return "unmasked_frame";
    case finding::rsv_bits: return "rsv_bits";
    case finding::reserved_opcode: return "reserved_opcode";
    case finding::control_too_long: return "control_too_long";
    case finding::fragmented_control: return "fragmented_control";
    case finding::stray_continuation: return "stray_continuation";
    case finding::interleaved_message: return "interleaved_message";
    case finding::non_minimal_length: return "non_minimal_length";
    case finding::data_after_close: return "data_after_close";
  }
  return "?";
}

bool repeats(std::string_view a, std::string_view b) {
  const auto tcp_end = [](std::string_view n) { return n == to_string(finding::tcp_drop) || n == to_string(finding::tcp_reset); };
  return a == b || (tcp_end(a) && tcp_end(b));
}

}  // namespace wsh
