// The conformance catalogue: cases as data, one file per RFC section / theme.
// No case carries an expectation; the oracle derives it from the frames and the target's policy.
#pragma once
#include <string_view>
#include <vector>

#include "wsh/test_case.hpp"

namespace wsh {

// Every case, in a stable order; ids are unique names (checked by the tests).
const std::vector<test_case>& catalogue();

namespace cases {
// "κόσμε": the reference suite's favourite payload, 2- and 3-byte characters.
inline constexpr std::string_view kosme = "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5";
inline constexpr int fail_fast_pause_ms = 100;

void add_utf8_valid(std::vector<test_case>& out);      // §8.1, valid text in every shape
void add_utf8_invalid(std::vector<test_case>& out);    // §8.1, invalid text -> 1007
void add_fail_fast(std::vector<test_case>& out);       // §8.1, closing before the message ends
void add_binary_on_text(std::vector<test_case>& out);  // §7.4.1, binary at a text-only endpoint
void add_close_reason(std::vector<test_case>& out);    // §5.5.1, UTF-8 in the close reason
}  // namespace cases

}  // namespace wsh
