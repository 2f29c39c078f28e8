// RapidCheck generators of client traffic, all in one place: UTF-8 text (valid, weighted toward
// multi-byte and edge code points; invalid by one typed corruption), messages fragmented anywhere
// with control frames between the fragments, and whole connections (several messages, an
// optional close, masking keys and length forms varied).
//
// Generators produce frames only. What a correct server does with them is never decided here:
// the campaign asks the oracle (wsh::derive). Every choice shrinks toward the simplest option
// (ASCII 'a', no fragments, no control frames, the default mask, minimal lengths), so a failure
// shrinks to few messages, frames and bytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <rapidcheck/Gen.h>

#include "wsh/bytes.hpp"
#include "wsh/frame.hpp"
#include "wsh/policy.hpp"
#include "wsh/test_case.hpp"
#include "wsh/write_split.hpp"

namespace wsh::gen {

// A Unicode scalar value: ASCII letters first (what everything shrinks to), then any ASCII,
// the edge code points (U+007F/80, U+07FF/800, U+FFFF/10000, U+10FFFF, U+D7FF/E000, U+FFFD,
// U+FEFF, non-characters U+FFFE, U+FDD0..), and the 2-, 3- and 4-byte ranges. Never a surrogate.
rc::Gen<char32_t> code_point();
// The code points the weighting favours (for tests and documentation).
const std::vector<char32_t>& edge_code_points();

// Valid UTF-8 text (RFC 3629), possibly empty.
rc::Gen<bytes> valid_utf8();

// The typed ways to break UTF-8. Each inserts a short byte string. to_string() gives the name
// wsh::defect_class() reports for it (the class of a campaign's failure key).
enum class corruption {
  lone_continuation,  // 80..BF with no lead byte
  truncated,          // a 2/3/4-byte sequence missing its last byte(s)
  overlong,           // E0 80..9F xx, F0 80..8F xx xx
  surrogate,          // ED A0..BF xx (U+D800..U+DFFF)
  above_max,          // F4 90..BF xx xx, F5..F7 xx xx xx (above U+10FFFF)
  invalid_byte,       // F8..FF, which never occur
  c0_c1,              // C0/C1, which never occur: alone or as an overlong 2-byte form (C0 AF)
};
inline constexpr int corruption_count = 7;
const char* to_string(corruption c);

rc::Gen<corruption> corruption_kind();
// The bytes of one corruption: generated from its pattern, or a row of wsh::utf8_vectors() of
// the matching class.
rc::Gen<bytes> corruption_bytes(corruption c);
// Valid text with one corruption inserted at any byte offset (inside a character too).
rc::Gen<bytes> invalid_utf8();

// A ping or pong with a short payload.
rc::Gen<frame> control_frame();

// One data message as frames: `payload` cut at arbitrary byte offsets (inside characters, and
// repeated cuts giving zero-length fragments), control frames between fragments. With
// `finished` false the last fragment has FIN=0: the message is left open.
rc::Gen<std::vector<frame>> fragmented(std::uint8_t opcode, bytes payload, bool finished = true);

// One message: valid text, invalid text or binary (binary less often on a text-only endpoint,
// where it ends the connection), fragmented.
rc::Gen<std::vector<frame>> message(const endpoint_policy& policy, bool finished = true);

// A client close: a sendable code, no reason, a valid reason or an invalid one.
rc::Gen<frame> client_close();

// Masking key (default, random or zero) and length form (minimal, 16 or 64 bit) of a frame:
// variation that must not change any verdict.
rc::Gen<frame> wire_variant(frame f);

// Where a write split goes (wsh/write_split.hpp), shrinking toward before_bad_sequence.
rc::Gen<split_point> split_point_kind();

struct connection_options {
  endpoint_policy policy;
  int max_messages = 5;  // at the nominal size (100); scaled down with the size
};

// A whole connection: 1..max_messages messages (the last possibly left unfinished), an optional
// client close, each frame's wire form varied, and sometimes one short pause that splits the
// stream into two TCP writes anywhere (a fail-fast probe), or one write split at a boundary of the
// first bad sequence (text or close reason: before it, inside it, right after it) or at its
// frame's header (split_pause: the same points as the catalogue's split-write cases), which is no
// fail-fast probe. The case id is "fuzz/sequence"; callers rename it.
rc::Gen<test_case> connection(const connection_options& opt);

}  // namespace wsh::gen
