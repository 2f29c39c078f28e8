// What makes two fuzz failures "the same": the finding kind, the oracle's violation and the
// class of the first UTF-8 defect. The frame shape (opcode/FIN sequence) is reported beside it.
#pragma once
#include <string>

#include "wsh/bytes.hpp"
#include "wsh/oracle.hpp"
#include "wsh/test_case.hpp"
#include "wsh/utf8_defect.hpp"
#include "wsh/verdict.hpp"

namespace wsh {

// The bytes the oracle found wrong: the offending text message up to its violating frame, or
// the close reason. Empty for other violations.
bytes violating_bytes(const test_case& c, const expectation& e);

// Opcodes with '~' for FIN=0, in case-file words: "text~ ping cont close".
std::string frame_shape(const test_case& c);

// "violation/defect" of what the oracle expects, e.g. "invalid_utf8/surrogate": known without
// running the server, so shrinking can skip candidates that would change it.
std::string expectation_key(const test_case& c, const expectation& e);

// "finding/violation/defect", e.g. "wrong_code/invalid_utf8/surrogate". Known before shrinking,
// so a campaign shrinks each kind once (shrinking re-runs the server at every step).
std::string failure_key(const test_case& c, const expectation& e, const verdict& v);

}  // namespace wsh
