// The oracle: derives the expected outcome from the bytes sent and the endpoint policy, then
// judges a transcript against it. The only place that knows what a correct server does.
// derive.cpp walks the frames; judge.cpp composes the small verifiers of wsh/verifiers.hpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wsh/policy.hpp"
#include "wsh/test_case.hpp"
#include "wsh/transcript.hpp"
#include "wsh/verdict.hpp"

namespace wsh {

enum class violation {
  none,
  invalid_utf8,          // a text message holds a byte that cannot start/continue valid UTF-8
  truncated_utf8,        // a text message ends inside a multi-byte sequence
  binary_on_text_only,   // binary message at a text-only endpoint
  invalid_close_reason,  // close frame reason is not valid UTF-8
  message_too_big,       // a message above the endpoint's declared max_message_size (-> 1009)
  protocol,              // any other RFC 6455 framing error (-> 1002)
};
const char* to_string(violation v);

// Which framing rule a `protocol` violation breaks (RFC 6455 §5, §5.5.1): derive() names it, so
// every report (a run's server frames, explain's either direction) says the same thing.
enum class frame_rule {
  none,
  masked,                 // a server frame is masked (§5.1)
  unmasked,               // a client frame is not masked (§5.1)
  rsv_bits,               // RSV bits set without an extension that defines them (§5.2; RFC 7692 §6)
  reserved_opcode,        // opcode 3-7 or 0xB-0xF (§5.2)
  control_too_long,       // a control frame with more than 125 bytes of payload (§5.5)
  fragmented_control,     // a control frame without FIN (§5.5)
  stray_continuation,     // a continuation frame with no message to continue (§5.4)
  interleaved_message,    // a new data frame while a fragmented message is still open (§5.4)
  non_minimal_length,     // the payload length not in its shortest form (§5.2; server frames)
  close_one_byte,         // a close frame with a 1-byte payload (§5.5.1)
  unsendable_close_code,  // a close code that may not be sent (§7.4)
};
const char* to_string(frame_rule r);

// The finding that blames the side whose frames hold this violation (explain's sender defects):
// for `protocol`, the rule's own finding.
finding finding_of(violation v);
finding finding_of(violation v, frame_rule r);

// Codes an endpoint may put in a close frame (RFC 6455 §7.4.1-7.4.2, IANA registry).
bool sendable_close_code(std::uint16_t code);

// Whose frames derive() walks. A client masks every frame and a server none (§5.1); the
// expectation's reason names the other side as the one that must act.
enum class role { client_frames, server_frames };

// How strict the judgement is. `strict` is ours. `autobahn` reproduces the reference suite's
// acceptance so users can compare scores: a TCP drop without a close frame counts as failing
// the connection, and an invalid close reason may be answered with 1002 as well as 1007.
// `application` judges a real peer seen in a capture (`explain`), not our echo server: it need
// not echo anything, and closing valid traffic is its own business unless the code claims the
// data was bad. THE one place that decides: under `application` a close of valid traffic with
// 1000, 1001, 1003, 1011, 3000-4999 or no code is `application_close` and 1009 `size_limit`,
// both passes; 1007 and 1002 stay `closed_valid` (they say the valid data was invalid). Under
// strict/autobahn our echo targets have no reason to close, so every such close is a fail
// (`closed_valid`, 1009 `size_limit`). See verify_no_close_on_valid (verifiers.cpp).
// A message above the policy's max_message_size is `message_too_big`: 1009 expected (1007 too
// when it is also invalid UTF-8). A 1009 the expectation does not name is `size_limit` whether
// the traffic was valid or not, never wrong_code: a fail, except under `application` (a peer may
// have a limit nobody declared). See size_limit (verifiers.cpp).
enum class profile { strict, autobahn, application };
const char* to_string(profile p);

struct expectation {
  violation kind = violation::none;
  bool close = false;  // server must close (else: echo everything, never close)
  std::vector<std::uint16_t> close_codes;  // acceptable codes when close; first is the primary
  std::vector<received_message> echoes;    // messages an echo server returns before any close
  std::size_t violating_frame = 0;
  std::optional<std::size_t> payload_offset;  // offset of the offending byte in its message
  bytes valid_prefix;  // the offending message's bytes before its first defect (to recognise U+FFFD repair)
  std::size_t fail_offset = 0;  // stream offset after which a fail-fast server has enough to close
  // When the case pauses after fail_offset and before the end: a strict server's close must
  // arrive before we write past this offset.
  std::optional<std::size_t> strict_limit;
  bool message_unfinished = false;  // the offending message is never completed
  bool client_closes = false;       // the frames end with the client's own close
  // A client close frame after the violating frame (the walk stops before it): where it ends in
  // the stream and its code (nullopt: no code). A server that only answers it with the same code
  // has not failed the connection, whatever the code.
  std::optional<std::size_t> later_close_end;
  std::optional<std::uint16_t> later_close_code;
  bool needs_deflate = false;       // judged only if the server accepted permessage-deflate
  std::string reason;               // one line: why this is expected, with the RFC section
  frame_rule rule = frame_rule::none;  // kind protocol: the framing rule broken (at violating_frame)
  // The walk ended at the sender's own close frame (a valid one, or one to fail) and the sender
  // sent a data frame after it (§5.5.1: it MUST NOT): that frame's index, and the sentence.
  std::optional<std::size_t> data_after_close;
  std::string data_after_close_reason;
};

expectation derive(const test_case& c, const endpoint_policy& policy, profile p = profile::strict,
                   role r = role::client_frames);
// The same for frames written back to back (no pauses, no deflate), without building a test_case:
// the fuzzers derive every input this way.
expectation derive(std::span<const frame> frames, const endpoint_policy& policy, profile p = profile::strict,
                   role r = role::client_frames);
// A server's frames as they came off the wire (a run's transcript; compressed payloads as sent,
// `deflate` when permessage-deflate was negotiated): the walk a strict client makes of them. The
// text of a compressed message is judged by its inflated echo (verify_echoes), not here. It
// says only what was broken (kind, rule, violating_frame, reason, data_after_close): no echoes,
// no close codes (judge runs it on every transcript).
expectation derive_received(std::span<const received_frame> frames, bool deflate);
verdict judge(const expectation& e, const transcript& t, profile p = profile::strict);

// While one lives on a thread, derive and judge there decide exactly as always but write no
// sentences: an expectation's reason and a passing verdict's why stay empty. For callers that
// judge a great many inputs and explain only the failures, which they run again without it to
// explain (the libFuzzer targets: most of the oracle's allocations per input were its prose).
class terse_reasons {
 public:
  terse_reasons();
  ~terse_reasons();
  terse_reasons(const terse_reasons&) = delete;
  terse_reasons& operator=(const terse_reasons&) = delete;

 private:
  bool before_;
};
bool reasons_are_terse();

}  // namespace wsh
