// Differential check of UTF-8 validators: the harness's wsh::utf8_validator against
// websocketpp 0.8.2's (Hoehrmann DFA) and Boost.Beast 1.74's utf8_checker, on the same bytes
// fed in the same chunks.
//
// Input format: byte 0 picks the chunking (writes of (b & 15) + 1 and (b >> 4) + 1 bytes,
// alternating); the rest is the text. The empty input is the empty text.
#pragma once
#include <string>

#include "wsh/bytes.hpp"

namespace wsh::libfuzzer {

// Empty when every validator agrees with the harness's; else one readable paragraph.
// Agreement means the same final verdict (whole buffer and chunked) and, after every chunk, the
// same "still valid" state: all three fail fast, so a prefix that cannot become valid UTF-8 is
// rejected as soon as its chunk arrives.
std::string utf8_disagreement(byte_view input);

}  // namespace wsh::libfuzzer
