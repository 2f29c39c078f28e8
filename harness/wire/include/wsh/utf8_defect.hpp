// Names the first defect of an invalid UTF-8 message in words a developer can act on.
#pragma once
#include <string>

#include "wsh/bytes.hpp"

namespace wsh {

// Empty for valid UTF-8; otherwise e.g. "UTF-16 surrogate: ED A0 at offset 12 (U+D800..U+DFFF
// are not characters)". `complete` false: the data is a prefix, a sequence may still continue.
std::string utf8_defect(byte_view data, bool complete = true);

// Short class of the first defect of `data` ("lone-continuation", "truncated", "overlong",
// "surrogate", "above-max", "invalid-byte", "c0-c1"), or "none" when valid. With `complete`
// false the data is a prefix: a sequence open at its end is not (yet) a defect.
std::string defect_class(byte_view data, bool complete = true);

}  // namespace wsh
