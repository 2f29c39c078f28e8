// The declarative case format of conformance/cases/*.cases (documented in conformance/README.md).
// Adding a case is one entry in such a file; no C++ change, no expectation (the oracle derives it).
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "wsh/test_case.hpp"

namespace wsh {

// "file:line: what is wrong" — a malformed case file is bad input (exit 2).
struct case_file_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<test_case> parse_case_file(std::string_view text, const std::string& file_name);
std::vector<test_case> load_case_file(const std::string& path);

}  // namespace wsh
