#include "wsh/utf8_vectors.hpp"

#include <vector>

namespace wsh {

namespace {

std::string hex_name(const bytes& b) { return to_hex(b); }

std::string cp_name(unsigned cp) {
  static const char* digits = "0123456789abcdef";
  std::string h;
  do {
    h.insert(h.begin(), digits[cp & 0xF]);
    cp >>= 4;
  } while (cp);
  while (h.size() < 4) h.insert(h.begin(), '0');
  return "u+" + h;
}

// UTF-8 encoding of a code point, also of surrogates (that is the point of some vectors).
bytes encode_cp(unsigned cp) {
  if (cp < 0x80) return {static_cast<std::uint8_t>(cp)};
  if (cp < 0x800) return {static_cast<std::uint8_t>(0xC0 | cp >> 6), static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
  if (cp < 0x10000)
    return {static_cast<std::uint8_t>(0xE0 | cp >> 12), static_cast<std::uint8_t>(0x80 | (cp >> 6 & 0x3F)),
            static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
  return {static_cast<std::uint8_t>(0xF0 | cp >> 18), static_cast<std::uint8_t>(0x80 | (cp >> 12 & 0x3F)),
          static_cast<std::uint8_t>(0x80 | (cp >> 6 & 0x3F)), static_cast<std::uint8_t>(0x80 | (cp & 0x3F))};
}

// Markus Kuhn's UTF-8 decoder stress test, as the reference suite groups it (6.5 .. 6.23).
class kuhn_builder {
 public:
  explicit kuhn_builder(std::vector<utf8_vector>& out) : out_(out) {}

  void group(int g) {
    group_ = g;
    index_ = 0;
  }
  void add(const char* cls, std::string name, bytes data, bool valid) {
    out_.push_back({cls, std::move(name), std::move(data), valid,
                    "6." + std::to_string(group_) + "." + std::to_string(++index_)});
  }

 private:
  std::vector<utf8_vector>& out_;
  int group_ = 0;
  int index_ = 0;
};

void add_kuhn(std::vector<utf8_vector>& out) {
  kuhn_builder k(out);
  const bytes kosme = to_bytes("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5");

  k.group(5);  // some correct UTF-8 text
  k.add("valid", "hello-u+0024-world", to_bytes("hello\x24world"), true);
  k.add("valid", "hello-u+00a2-world", to_bytes("hello\xC2\xA2world"), true);
  k.add("valid", "hello-u+20ac-world", to_bytes("hello\xE2\x82\xACworld"), true);
  k.add("valid", "hello-u+24b62-world", to_bytes("hello\xF0\xA4\xAD\xA2world"), true);
  k.add("valid", "kosme", kosme, true);

  k.group(6);  // every prefix of "κόσμε": valid exactly at character boundaries
  for (std::size_t n = 1; n <= kosme.size(); ++n) {
    const bool boundary = n == 2 || n == 5 || n == 7 || n == 9 || n == 11;
    k.add(boundary ? "kosme-prefix" : "truncated", "kosme-prefix-" + std::to_string(n),
          bytes(kosme.begin(), kosme.begin() + static_cast<std::ptrdiff_t>(n)), boundary);
  }

  k.group(7);  // first possible sequence of each length
  for (unsigned cp : {0x0u, 0x80u, 0x800u, 0x10000u}) k.add("boundary", "first-" + cp_name(cp), encode_cp(cp), true);
  k.group(8);  // first 5- and 6-byte forms: the pattern allows them, RFC 3629 does not
  k.add("beyond-4-byte", "first-5-byte", {0xF8, 0x88, 0x80, 0x80, 0x80}, false);
  k.add("beyond-4-byte", "first-6-byte", {0xFC, 0x84, 0x80, 0x80, 0x80, 0x80}, false);
  k.group(9);  // last possible sequence of each length
  for (unsigned cp : {0x7Fu, 0x7FFu, 0xFFFFu, 0x10FFFFu}) k.add("boundary", "last-" + cp_name(cp), encode_cp(cp), true);
  k.group(10);
  k.add("too-large", "last-4-byte-form", {0xF7, 0xBF, 0xBF, 0xBF}, false);
  k.add("beyond-4-byte", "last-5-byte", {0xFB, 0xBF, 0xBF, 0xBF, 0xBF}, false);
  k.add("beyond-4-byte", "last-6-byte", {0xFD, 0xBF, 0xBF, 0xBF, 0xBF, 0xBF}, false);
  k.group(11);  // other boundary conditions
  for (unsigned cp : {0xD7FFu, 0xE000u, 0xFFFDu, 0x10FFFFu})
    k.add("boundary", "boundary-" + cp_name(cp), encode_cp(cp), true);
  k.add("too-large", "boundary-u+110000", {0xF4, 0x90, 0x80, 0x80}, false);

  k.group(12);  // unexpected continuation bytes
  k.add("continuation", "continuation-80", {0x80}, false);
  k.add("continuation", "continuation-bf", {0xBF}, false);
  const bytes run{0x80, 0xBF, 0x80, 0xBF, 0x80, 0xBF};
  for (std::size_t n = 2; n <= run.size(); ++n)
    k.add("continuation", "continuation-run-" + std::to_string(n), bytes(run.begin(), run.begin() + static_cast<std::ptrdiff_t>(n)),
          false);
  bytes all;
  for (unsigned b = 0x80; b < 0xBF; ++b) all.push_back(static_cast<std::uint8_t>(b));
  k.add("continuation", "continuation-all-80-be", all, false);

  k.group(13);  // lonely start bytes, each followed by a space
  for (auto [lo, hi] : {std::pair{0xC0u, 0xDFu}, {0xE0u, 0xEFu}, {0xF0u, 0xF7u}, {0xF8u, 0xFBu}, {0xFCu, 0xFDu}}) {
    bytes s;
    for (unsigned b = lo; b < hi; ++b) s.insert(s.end(), {static_cast<std::uint8_t>(b), 0x20});
    k.add("lonely-start", "lonely-start-" + hex_name({static_cast<std::uint8_t>(lo)}) + "-" +
                              hex_name({static_cast<std::uint8_t>(hi - 1)}),
          s, false);
  }

  k.group(14);  // sequences with the last continuation byte missing
  const std::vector<bytes> missing{{0xC0},
                                   {0xE0, 0x80},
                                   {0xF0, 0x80, 0x80},
                                   {0xF8, 0x80, 0x80, 0x80},
                                   {0xFC, 0x80, 0x80, 0x80, 0x80},
                                   {0xDF},
                                   {0xEF, 0xBF},
                                   {0xF7, 0xBF, 0xBF},
                                   {0xFB, 0xBF, 0xBF, 0xBF},
                                   {0xFD, 0xBF, 0xBF, 0xBF, 0xBF}};
  bytes concatenated;
  for (const auto& m : missing) {
    k.add("missing-last", "missing-last-" + hex_name(m), m, false);
    concatenated.insert(concatenated.end(), m.begin(), m.end());
  }
  k.group(15);
  k.add("missing-last", "missing-last-all-concatenated", concatenated, false);

  k.group(16);  // bytes that never occur
  k.add("impossible", "impossible-fe", {0xFE}, false);
  k.add("impossible", "impossible-ff", {0xFF}, false);
  k.add("impossible", "impossible-fefeffff", {0xFE, 0xFE, 0xFF, 0xFF}, false);

  k.group(17);  // overlong '/' (U+002F) in 2..6 bytes
  const std::vector<bytes> slash{{0xC0, 0xAF},
                                 {0xE0, 0x80, 0xAF},
                                 {0xF0, 0x80, 0x80, 0xAF},
                                 {0xF8, 0x80, 0x80, 0x80, 0xAF},
                                 {0xFC, 0x80, 0x80, 0x80, 0x80, 0xAF}};
  for (const auto& s : slash) k.add("overlong", "overlong-slash-" + std::to_string(s.size()), s, false);
  k.group(18);  // the largest value of each length in one byte more than needed
  const std::vector<bytes> max{{0xC1, 0xBF},
                               {0xE0, 0x9F, 0xBF},
                               {0xF0, 0x8F, 0xBF, 0xBF},
                               {0xF8, 0x87, 0xBF, 0xBF, 0xBF},
                               {0xFC, 0x83, 0xBF, 0xBF, 0xBF, 0xBF}};
  for (const auto& s : max) k.add("overlong", "overlong-max-" + std::to_string(s.size()), s, false);
  k.group(19);  // overlong NUL
  for (std::size_t n = 2; n <= 6; ++n) {
    bytes s(n, 0x80);
    s[0] = n == 2 ? 0xC0 : n == 3 ? 0xE0 : n == 4 ? 0xF0 : n == 5 ? 0xF8 : 0xFC;
    k.add("overlong", "overlong-nul-" + std::to_string(n), s, false);
  }

  k.group(20);  // single UTF-16 surrogates
  const unsigned singles[] = {0xD800, 0xDB7F, 0xDB80, 0xDBFF, 0xDC00, 0xDF80, 0xDFFF};
  for (unsigned cp : singles) k.add("surrogate", "surrogate-" + cp_name(cp).substr(2), encode_cp(cp), false);
  k.group(21);  // paired UTF-16 surrogates
  for (unsigned hi : {0xD800u, 0xDB7Fu, 0xDB80u, 0xDBFFu})
    for (unsigned lo : {0xDC00u, 0xDFFFu}) {
      bytes s = encode_cp(hi);
      const bytes l = encode_cp(lo);
      s.insert(s.end(), l.begin(), l.end());
      k.add("surrogate", "surrogate-pair-" + cp_name(hi).substr(2) + "-" + cp_name(lo).substr(2), s, false);
    }

  k.group(22);  // non-characters: valid UTF-8 by RFC 3629, must be echoed
  for (unsigned cp : {0xFFFEu, 0xFFFFu}) k.add("noncharacter", "nonchar-" + cp_name(cp), encode_cp(cp), true);
  for (unsigned plane = 1; plane <= 0x10; ++plane)
    for (unsigned low : {0xFFFEu, 0xFFFFu}) {
      const unsigned cp = plane << 16 | low;
      // The reference suite's loop visits only planes whose 2nd byte is 8F/9F/AF/BF.
      const unsigned second = 0x80 | (cp >> 12 & 0x3F);
      if (second != 0x8F && second != 0x9F && second != 0xAF && second != 0xBF) continue;
      k.add("noncharacter", "nonchar-" + cp_name(cp), encode_cp(cp), true);
    }

  k.group(23);  // Unicode specials block, replacement character included
  for (unsigned cp = 0xFFF9; cp <= 0xFFFF; ++cp) k.add("special", "special-" + cp_name(cp), encode_cp(cp), true);
}

void add_own(std::vector<utf8_vector>& out) {
  auto v = [&](const char* cls, const char* name, std::string_view data, bool valid) {
    out.push_back({cls, name, to_bytes(data), valid, ""});
  };
  v("valid", "ascii", "Hello, WebSocket!", true);
  v("valid", "two-byte-mix", "Gr\xC3\xBC\xC3\x9F\x65 \xC2\xB5", true);
  v("valid", "three-byte-cjk", "\xE4\xB8\xAD\xE6\x96\x87 \xE2\x82\xAC", true);
  v("valid", "four-byte-emoji", "\xF0\x9F\x98\x80 \xF0\x9D\x84\x9E", true);
  v("valid", "bom-at-start", "\xEF\xBB\xBFhello", true);
  v("noncharacter", "nonchar-u+fdd0", "\xEF\xB7\x90", true);
  v("noncharacter", "nonchar-u+fdef", "\xEF\xB7\xAF", true);
  v("continuation", "lone-continuation-in-text", "ab\x80" "cd", false);
  v("continuation", "extra-continuation", "\xC3\xA9\x80", false);
  v("truncated", "truncated-2of3-at-end", "ab\xE2\x82", false);
  v("truncated", "truncated-3of4-at-end", "ab\xF0\x9F\x98", false);
  v("truncated", "truncated-then-ascii", "\xE2\x82" "ab", false);
  v("too-large", "f5-lead", "\xF5\x80\x80\x80", false);
  v("surrogate", "surrogate-in-text", "a\xED\xA0\x80z", false);
}

std::vector<utf8_vector> build() {
  std::vector<utf8_vector> table;
  add_kuhn(table);
  add_own(table);
  return table;
}

}  // namespace

std::span<const utf8_vector> utf8_vectors() {
  static const std::vector<utf8_vector> table = build();
  return table;
}

}  // namespace wsh
