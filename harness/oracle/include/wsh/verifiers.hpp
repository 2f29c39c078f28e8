// The oracle's verifier vocabulary (after h2spec's spec/verifier.go): each verifier checks one
// rule of a transcript against an expectation. A `ruling` is the verdict when that rule decides
// the case, nullopt to go on with the next one; judge() (judge.cpp) is their composition, so
// every caller (conformance, fuzz campaigns, libFuzzer targets, explain) uses the same rules.
#pragma once
#include <optional>
#include <string>

#include "wsh/oracle.hpp"

namespace wsh {

// Notes (never a verdict): the closing handshake done, the server kept TCP open until we stopped
// waiting (RFC 6455 §7.1.1: the server SHOULD close the TCP connection first).
std::optional<std::string> note_tcp_left_open(const transcript& t);
// The server's close frame came, then an RST ended TCP (it closed its socket with our bytes
// unread): the code stays judged as it is, but a client whose kernel has not handed the close
// frame to the application yet may lose it and report 1006.
std::optional<std::string> note_reset_after_close(const transcript& t);

using ruling = std::optional<verdict>;

// A verdict on `e`: its reason as the verdict's `expected`.
verdict ruled(const expectation& e, outcome o, finding k, std::string why);

// Connected and upgraded; permessage-deflate accepted when the case needs it (else skipped).
ruling verify_handshake(const expectation& e, const transcript& t);

// The data messages are exactly the expected echoes, in order; a message beyond them is
// classified (echoed_invalid, replaced_invalid, discarded_binary, echo_mismatch).
ruling verify_echoes(const expectation& e, const transcript& t);
// Profile application: the peer sends what it likes, but repairing the offending message with
// U+FFFD (the valid start of it, then EF BF BD; not an echo of an earlier valid message) is
// replaced_invalid.
ruling verify_no_repair(const expectation& e, const transcript& t);
// True when `payload` is the offending message repaired: e.valid_prefix, then U+FFFD.
bool is_repair(const expectation& e, const bytes& payload);

// The server's frames as a strict client reads them (RFC 6455 §5): derive_received() walks
// t.frames (the one walk that knows the framing rules, explain's too), so `server` is its result.
expectation server_side(const transcript& t);
// A framing rule the server broke (masked, RSV bits, reserved opcode, control frame too long or
// fragmented, stray continuation, interleaved message, non-minimal length) or a data frame after
// its own close: its own finding, a fail. Its close frame's own defects are
// verify_close_frame_wellformed's; its text's, verify_server_text's.
ruling verify_server_framing(const expectation& e, const expectation& server, const transcript& t);
// Text the server sent that is not UTF-8 (§8.1 binds it too), where the echo verifiers found
// nothing (they run first: an echo of invalid input stays echoed_invalid): e.g. a message never
// finished, or cut short by its close. invalid_utf8 / truncated_utf8, a fail; not when `e` names
// that very message as an echo (a fuzzer's server model of a server known to deliver it).
ruling verify_server_text(const expectation& e, const expectation& server, const transcript& t);

// The receiver's frames could be parsed at all.
ruling verify_frames_wellformed(const expectation& e, const transcript& t);
// Its close frame: no 1-byte payload, a sendable code (unless `e` names it), a UTF-8 reason.
ruling verify_close_frame_wellformed(const expectation& e, const transcript& t);

// A 1009 (message too big) the expectation does not name: no limit was declared (policy
// max_message_size, --max-message-size N) or the message is under it. `size_limit`, whether the
// traffic was valid or not (never wrong_code); a pass under profile application (see `profile`).
// (For a bad close reason or bad framing a 1009 stays wrong_code: no message size is at stake.)
verdict size_limit(const expectation& e, const std::string& traffic, profile p);

// Valid traffic (!e.close): a close the receiver starts is closed_valid / size_limit, or under
// profile application, for a code that does not call the data bad, application_close (a pass).
ruling verify_no_close_on_valid(const expectation& e, const transcript& t, profile p);
// Valid traffic, nobody failed it: every echo came, and the client's close was answered.
verdict verify_valid_traffic(const expectation& e, const transcript& t, profile p);

// A close is expected: with one of e.close_codes (a close that only answers the client's later
// close frame with its code never failed the connection), early enough (strict_limit), and not a
// bare TCP end (autobahn accepts that); silence is no_close / not_fail_fast / discarded_binary.
ruling verify_close_code(const expectation& e, const transcript& t, profile p = profile::strict);
ruling verify_fail_fast(const expectation& e, const transcript& t);
verdict verify_expected_close(const expectation& e, const transcript& t, profile p);
// Profile application, the sender closed with valid frames before: any close frame answers it
// (§5.5.1: echoing the code is usual, not required); a TCP end or silence does not.
verdict verify_close_reply(const expectation& e, const transcript& t);

// The receiver never failed the connection, after `what` happened: which way that is.
verdict never_failed(const expectation& e, const std::string& what);

}  // namespace wsh
