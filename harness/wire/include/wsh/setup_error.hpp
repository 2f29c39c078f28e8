// A set-up problem the user must fix (unknown target, malformed file, unreachable URL, bad
// flag): the CLI prints its one line and exits 2. Never a verdict.
#pragma once
#include <stdexcept>

namespace wsh {

struct setup_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace wsh
