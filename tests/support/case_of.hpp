// A test case made of frames (and pauses), for the unit tests of the parts that take one.
#pragma once
#include <utility>
#include <vector>

#include "wsh/test_case.hpp"

namespace wsh::test {

inline test_case case_of(std::vector<frame> frames, std::vector<send_pause> pauses = {}) {
  test_case c;
  c.id = "test/case";
  c.description = "test";
  c.frames = std::move(frames);
  c.pauses = std::move(pauses);
  return c;
}

}  // namespace wsh::test
