// The judgement of one case: pass, fail, or non-strict, with an exact kind and the reasons.
#pragma once
#include <string>
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
  tcp_drop,           // TCP ended without a close frame
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
};

const char* to_string(outcome o);
const char* to_string(finding f);

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
