// The judgement of one case: pass, fail, or non-strict, with an exact kind and the reasons.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace wsh {

// skipped: the case needs something the server declined (permessage-deflate); not a finding.
// flaky: it failed, but running it again (`--confirm N`) did not fail the same way; counted
// apart, and a gate fails on it only when asked to (--strict-flaky).
enum class outcome { pass, fail, non_strict, skipped, flaky };

// Each way a server can get it wrong, kept apart so reports say exactly what happened.
enum class finding {
  none,
  handshake_failed,   // could not connect or upgrade
  no_close,           // invalid input, connection left open until the deadline
  not_fail_fast,      // unfinished message already invalid, server waited (no close)
  late_close,         // right code, but only after the whole message (non-strict)
  wrong_code,         // closed with another code (e.g. 1002 instead of 1007)
  tcp_drop,           // TCP ended without a close frame, by a FIN
  tcp_reset,          // TCP ended without a close frame, by an RST (a client may also lose unread data)
  closed_valid,       // closed valid traffic
  size_limit,         // closed with 1009 where no limit was declared or the message is under it (valid or not)
  echoed_invalid,     // echoed data it had to reject
  replaced_invalid,   // replaced bad bytes with U+FFFD and carried on
  discarded_binary,   // silently dropped binary on a text-only endpoint
  echo_mismatch,      // valid message echoed altered
  missing_echo,       // valid message not echoed before the deadline
  no_close_reply,     // did not answer the client's close
  protocol_error,     // server sent malformed frames
  not_negotiated,     // the server declined an extension the case needs (skipped)
  bad_close_frame,    // the server's close frame itself is malformed (1-byte payload, unsendable code, non-UTF-8 reason)
  server_died,        // the server stopped accepting connections during the case
  // Profile `application` (explain: a real peer, not our echo server).
  application_close,  // closed valid traffic for its own reasons (1000, 1011, ...): not a defect
  undecided,          // the record ends too soon after the point to act: nothing to judge yet
  // A sender's own defect (explain blames the side that sent it): the oracle's violation kinds.
  invalid_utf8,          // a text message is not valid UTF-8
  truncated_utf8,        // a text message ends inside a character
  binary_on_text_only,   // binary message at a text-only endpoint
  invalid_close_reason,  // close reason not valid UTF-8
  message_too_big,       // a message above the receiver's declared size limit
  protocol,              // any other framing error (the harness's own reading error is protocol_error)
  // Framing rules (RFC 6455 §5): the sender's frames break one (a run: the server's; explain: either).
  masked_frame,          // a server frame is masked (§5.1)
  unmasked_frame,        // a client frame is not masked (§5.1)
  rsv_bits,              // RSV bits set without a negotiated extension that defines them (§5.2)
  reserved_opcode,       // a reserved opcode (§5.2)
  control_too_long,      // a control frame above 125 bytes (§5.5)
  fragmented_control,    // a control frame without FIN (§5.5)
  stray_continuation,    // a continuation frame with no message to continue (§5.4)
  interleaved_message,   // a new data frame inside a fragmented message (§5.4)
  non_minimal_length,    // a payload length not in its shortest form (§5.2)
  data_after_close,      // a data frame after the sender's own close frame (§5.5.1)
};

const char* to_string(outcome o);
const char* to_string(finding f);

// Whether a failure found again as `b` repeats one found as `a`. A server that ends TCP with our
// bytes still unread sends a FIN or an RST by timing alone, so tcp_drop and tcp_reset repeat each
// other (a confirmation must not call that flaky); every other finding repeats only itself.
// By name too, for reports read back (baselines, gates).
bool repeats(std::string_view a, std::string_view b);
inline bool repeats(finding a, finding b) { return repeats(to_string(a), to_string(b)); }

struct verdict {
  outcome result = outcome::pass;
  finding kind = finding::none;
  std::string why;       // what happened against what was expected, one line
  std::string expected;  // the oracle's reason for its expectation, one line
  // What the case showed beyond its verdict, never a fail (e.g. a server that kept TCP open
  // after the closing handshake, RFC 6455 §7.1.1 SHOULD).
  std::vector<std::string> notes;
};

}  // namespace wsh
