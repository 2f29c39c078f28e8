// The one table of UTF-8 test vectors: unit tests, properties, the catalogue and seed corpora
// all draw from it. `valid` is the vector's definition (RFC 3629); the oracle never reads it,
// it runs the validator, and the unit tests check the two agree.
#pragma once
#include <span>
#include <string>

#include "wsh/bytes.hpp"

namespace wsh {

struct utf8_vector {
  std::string cls;   // "boundary", "overlong", "surrogate", "continuation", "truncated", ...
  std::string name;  // stable, id-safe: "overlong-2byte-slash"
  bytes data;
  bool valid = false;
};

std::span<const utf8_vector> utf8_vectors();

}  // namespace wsh
