// The one table of UTF-8 test vectors: unit tests, properties, the catalogue, fuzz mutators and
// seed corpora all draw from it. It holds all 132 vectors of Markus Kuhn's UTF-8 decoder stress
// test in the reference suite's order (ref 6.5.1 .. 6.23.7), plus a few of our own. `valid` is
// the vector's definition (RFC 3629); the oracle never reads it, it runs the validator, and the
// tests check the two agree.
#pragma once
#include <span>
#include <string>

#include "wsh/bytes.hpp"

namespace wsh {

struct utf8_vector {
  std::string cls;   // one kind of input, one verdict: "boundary", "overlong", "surrogate", ...
  std::string name;  // unique, id-safe: "overlong-slash-2"
  bytes data;
  bool valid = false;
  std::string ref;  // the reference suite's case id ("6.17.1"), empty for our own vectors
};

std::span<const utf8_vector> utf8_vectors();

}  // namespace wsh
