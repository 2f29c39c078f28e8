#include "wsh/utf8_vectors.hpp"

#include <vector>

namespace wsh {

namespace {
utf8_vector v(const char* cls, const char* name, std::string_view data, bool valid) {
  return {cls, name, to_bytes(data), valid};
}

std::vector<utf8_vector> build() {
  return {
      // Valid text across every sequence length and the edges of each range.
      v("valid", "ascii", "Hello, WebSocket!", true),
      v("valid", "greek-kosme", "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5", true),
      v("valid", "two-byte-mix", "Gr\xC3\xBC\xC3\x9F\x65 \xC2\xB5", true),
      v("valid", "three-byte-cjk", "\xE4\xB8\xAD\xE6\x96\x87 \xE2\x82\xAC", true),
      v("valid", "four-byte-emoji", "\xF0\x9F\x98\x80 \xF0\x9D\x84\x9E", true),
      v("boundary", "u+0000", std::string_view("\x00", 1), true),
      v("boundary", "u+007f", "\x7F", true),
      v("boundary", "u+0080", "\xC2\x80", true),
      v("boundary", "u+07ff", "\xDF\xBF", true),
      v("boundary", "u+0800", "\xE0\xA0\x80", true),
      v("boundary", "u+d7ff", "\xED\x9F\xBF", true),
      v("boundary", "u+e000", "\xEE\x80\x80", true),
      v("boundary", "u+fffd", "\xEF\xBF\xBD", true),
      v("boundary", "u+ffff", "\xEF\xBF\xBF", true),
      v("boundary", "u+10000", "\xF0\x90\x80\x80", true),
      v("boundary", "u+10ffff", "\xF4\x8F\xBF\xBF", true),
      v("noncharacter", "u+fffe", "\xEF\xBF\xBE", true),
      v("noncharacter", "u+fdd0", "\xEF\xB7\x90", true),
      // Invalid: each class of defect RFC 3629 rules out.
      v("continuation", "lone-continuation-80", "ab\x80" "cd", false),
      v("continuation", "lone-continuation-bf", "\xBF", false),
      v("continuation", "extra-continuation", "\xC3\xA9\x80", false),
      v("truncated", "truncated-2of2", "ab\xC3", false),
      v("truncated", "truncated-2of3", "ab\xE2\x82", false),
      v("truncated", "truncated-3of4", "ab\xF0\x9F\x98", false),
      v("truncated", "truncated-then-ascii", "\xE2\x82" "ab", false),
      v("overlong", "overlong-2byte-slash", "\xC0\xAF", false),
      v("overlong", "overlong-2byte-c1", "\xC1\xBF", false),
      v("overlong", "overlong-3byte-slash", "\xE0\x80\xAF", false),
      v("overlong", "overlong-4byte-slash", "\xF0\x80\x80\xAF", false),
      v("overlong", "overlong-nul", "\xC0\x80", false),
      v("surrogate", "surrogate-high-d800", "\xED\xA0\x80", false),
      v("surrogate", "surrogate-low-dfff", "\xED\xBF\xBF", false),
      v("surrogate", "surrogate-pair", "\xED\xA0\x80\xED\xB0\x80", false),
      v("too-large", "u+110000", "\xF4\x90\x80\x80", false),
      v("too-large", "f5-lead", "\xF5\x80\x80\x80", false),
      v("impossible", "byte-fe", "ab\xFE", false),
      v("impossible", "byte-ff", "\xFF" "ab", false),
      v("impossible", "five-byte-form", "\xF8\x88\x80\x80\x80", false),
  };
}
}  // namespace

std::span<const utf8_vector> utf8_vectors() {
  static const std::vector<utf8_vector> table = build();
  return table;
}

}  // namespace wsh
