// What a run waits for, from the oracle's expectation: the one translation of an expectation into
// the session's stop condition (wsh/client_session.hpp), for every caller that runs a case (the
// suite, the campaigns, the fuzzers' in-memory checks).
#pragma once
#include <span>

#include "wsh/client_session.hpp"
#include "wsh/frame.hpp"
#include "wsh/oracle.hpp"

namespace wsh {

// `frames` as sent (plain text: a deflate case's messages before compression), `deflate` when the
// case negotiates it.
stop_condition stop_for(const expectation& e, std::span<const frame> frames, bool deflate = false);
stop_condition stop_for(const expectation& e, const test_case& c);

// True when a ping written right after `frames` is read as nothing but a ping by any server that
// follows RFC 6455 §5: every frame is a well-formed client frame (masked, RSV bits only for a
// negotiated compression, a known opcode, control frames short and unfragmented, lengths in
// their shortest form, continuations only inside a message), none is a close, and no message is
// left open. The no-close probe is only sent after such a stream, so it cannot change what the
// case tests.
bool ping_may_follow(std::span<const frame> frames, bool deflate);

}  // namespace wsh
