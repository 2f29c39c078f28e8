// Names the first defect of an invalid UTF-8 message in words a developer can act on.
#pragma once
#include <string>

#include "wsh/bytes.hpp"

namespace wsh {

// Empty for valid UTF-8; otherwise e.g. "UTF-16 surrogate: ED A0 at offset 12 (U+D800..U+DFFF
// are not characters)". `complete` false: the data is a prefix, a sequence may still continue.
std::string utf8_defect(byte_view data, bool complete = true);

}  // namespace wsh
