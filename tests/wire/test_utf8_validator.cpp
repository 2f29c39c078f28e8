// wsh/utf8_validator.hpp and wsh/utf8_vectors.hpp: strict streaming UTF-8 validation.
#include "wsh/utf8_validator.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "wsh/utf8_vectors.hpp"

namespace {

using wsh::bytes;
using wsh::byte_view;
using wsh::utf8_validator;

// ---- reference: a plain RFC 3629 decoder, written without looking at the validator's tables ----

// RFC 3629 §3: the code points a sequence of `len` bytes may encode (shortest form only).
constexpr std::uint32_t min_for_len(std::size_t len) {
  return len == 1 ? 0 : len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
}
constexpr std::uint32_t max_for_len(std::size_t len) {
  return len == 1 ? 0x7F : len == 2 ? 0x7FF : len == 3 ? 0xFFFF : 0x10FFFF;
}
bool is_scalar(std::uint32_t cp) { return cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF); }

// Sequence length announced by a lead byte, 0 if the byte cannot start a sequence.
std::size_t lead_length(std::uint8_t c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 0;  // 10xxxxxx continuation, or 11111xxx
}

// Can a `len`-byte sequence whose first bits give `partial` (with `missing` continuation bytes
// still to come, 6 bits each) still decode to a shortest-form Unicode scalar value? The values it
// can reach form the interval [lo, hi]; it must meet [min_for_len, max_for_len] outside the
// surrogates.
bool completable(std::uint32_t partial, std::size_t len, std::size_t missing) {
  const std::uint64_t lo = std::uint64_t{partial} << (6 * missing);
  const std::uint64_t hi = lo | ((std::uint64_t{1} << (6 * missing)) - 1);
  const std::uint64_t a = std::max<std::uint64_t>(lo, min_for_len(len));
  const std::uint64_t b = std::min<std::uint64_t>(hi, max_for_len(len));
  if (a > b) return false;
  return !(a >= 0xD800 && b <= 0xDFFF);  // non-empty and not all surrogate
}

struct ref_result {
  bool valid = true;
  // First byte after which the prefix cannot be the start of any valid UTF-8 text; the length
  // of the input when it only ends mid-sequence.
  std::size_t offset = 0;
  std::size_t sequence_start = 0;  // lead byte of the sequence holding the error
  bool error_found = false;        // pass 2 found an error (must equal !valid)
};

ref_result reference_check(byte_view b) {
  // Pass 1, the textbook decoder: whole sequences, then overlong/surrogate/range on the code point.
  bool valid = true;
  for (std::size_t i = 0; i < b.size() && valid;) {
    const std::size_t len = lead_length(b[i]);
    if (len == 0 || i + len > b.size()) {
      valid = false;
      break;
    }
    std::uint32_t cp = len == 1 ? b[i] : b[i] & (0x7F >> len);
    for (std::size_t j = 1; j < len; ++j) {
      if ((b[i + j] & 0xC0) != 0x80) valid = false;
      cp = cp << 6 | (b[i + j] & 0x3F);
    }
    if (cp < min_for_len(len) || !is_scalar(cp)) valid = false;
    i += len;
  }

  // Pass 2: where the text first becomes impossible to complete.
  ref_result r;
  r.valid = valid;
  r.offset = b.size();
  for (std::size_t i = 0; i < b.size();) {
    const std::size_t len = lead_length(b[i]);
    r.sequence_start = i;
    if (len == 0) {
      r.offset = i;
      r.error_found = true;
      return r;
    }
    std::uint32_t cp = len == 1 ? b[i] : b[i] & (0x7F >> len);
    if (!completable(cp, len, len - 1)) {
      r.offset = i;
      r.error_found = true;
      return r;
    }
    for (std::size_t j = 1; j < len; ++j) {
      if (i + j >= b.size()) {
        r.offset = b.size();  // truncated: only the end of the message shows it
        r.error_found = true;
        return r;
      }
      const std::uint8_t d = b[i + j];
      if ((d & 0xC0) != 0x80) {
        r.offset = i + j;
        r.error_found = true;
        return r;
      }
      cp = cp << 6 | (d & 0x3F);
      if (!completable(cp, len, len - 1 - j)) {
        r.offset = i + j;
        r.error_found = true;
        return r;
      }
    }
    i += len;
  }
  r.sequence_start = 0;
  return r;
}

// RFC 3629 encoder for the properties' valid text.
void append_utf8(bytes& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<std::uint8_t>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<std::uint8_t>(0xC0 | cp >> 6));
    out.push_back(static_cast<std::uint8_t>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<std::uint8_t>(0xE0 | cp >> 12));
    out.push_back(static_cast<std::uint8_t>(0x80 | (cp >> 6 & 0x3F)));
    out.push_back(static_cast<std::uint8_t>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<std::uint8_t>(0xF0 | cp >> 18));
    out.push_back(static_cast<std::uint8_t>(0x80 | (cp >> 12 & 0x3F)));
    out.push_back(static_cast<std::uint8_t>(0x80 | (cp >> 6 & 0x3F)));
    out.push_back(static_cast<std::uint8_t>(0x80 | (cp & 0x3F)));
  }
}

// Validates `b` fed in the given chunk sizes (cycled; zero-sized chunks are fed too).
struct stream_result {
  bool ok;
  std::optional<std::size_t> offset;
  std::size_t sequence_start;
};
stream_result validate_chunked(byte_view b, const std::vector<std::size_t>& chunks) {
  utf8_validator v;
  std::size_t at = 0, k = 0;
  bool ok = true;
  while (at < b.size()) {
    const std::size_t n = std::min(chunks.empty() ? b.size() : chunks[k++ % chunks.size()], b.size() - at);
    ok = v.feed(b.subspan(at, n)) && ok;
    at += n;
    if (chunks.size() == 1 && chunks[0] == 0) break;  // degenerate: never advances
  }
  ok = v.finish() && ok;
  return {ok, v.error_offset(), v.sequence_start()};
}

// ---- unit tests ------------------------------------------------------------------------------

std::optional<std::size_t> offset_of(std::string_view s) { return wsh::first_invalid_offset(wsh::to_bytes(s)); }

TEST(Utf8Validator, AcceptsValidText) {
  for (std::string_view s : {"", "Hello", "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5", "\xF4\x8F\xBF\xBF",
                             "\xED\x9F\xBF", "\xEE\x80\x80", "\xF0\x90\x80\x80", "\xE0\xA0\x80", "\xC2\x80"}) {
    EXPECT_TRUE(wsh::is_valid_utf8(wsh::to_bytes(s))) << wsh::to_hex_spaced(wsh::to_bytes(s));
    EXPECT_EQ(offset_of(s), std::nullopt);
  }
}

struct offset_case {
  const char* what;
  std::string data;
  std::size_t offset;
};
const std::vector<offset_case>& offset_cases() {
  static const std::vector<offset_case> cases{
      {"lone continuation", "ab\x80" "cd", 2},
      {"surrogate: the A0 after ED", "\xED\xA0\x80", 1},
      {"overlong C0 lead", "\xC0\xAF", 0},
      {"above U+10FFFF: the 90 after F4", "\xF4\x90\x80\x80", 1},
      {"truncated at end of message", "ab\xE2\x82", 4},
      {"overlong 3-byte: the 80 after E0", "\xE0\x80\xAF", 1},
      {"overlong 4-byte: the 80 after F0", "\xF0\x80\x80\xAF", 1},
      {"C1 lead", "x\xC1\xBF", 1},
      {"F5 lead", "\xF5\x80\x80\x80", 0},
      {"FF", "abc\xFF", 3},
      {"ASCII where a continuation is due", "\xE2\x82" "ab", 2},
      {"extra continuation", "\xC3\xA9\x80", 2},
      {"second half of a surrogate pair is never reached", "\xED\xA0\x80\xED\xB0\x80", 1},
      {"low surrogate", "a\xED\xBF\xBF", 2},
      {"truncated 4-byte", "\xF0\x9F\x98", 3},
      {"bad third byte of 4", "\xF0\x9F\x41\x80", 2},
  };
  return cases;
}

TEST(Utf8Validator, ExactErrorOffsets) {
  for (const auto& c : offset_cases()) {
    EXPECT_FALSE(wsh::is_valid_utf8(wsh::to_bytes(c.data))) << c.what;
    EXPECT_EQ(offset_of(c.data), std::optional<std::size_t>(c.offset)) << c.what;
  }
}

TEST(Utf8Validator, ReferenceDecoderAgreesOnTheHandPickedOffsets) {
  // Guards the reference the properties rely on.
  for (const auto& c : offset_cases()) {
    const ref_result r = reference_check(wsh::to_bytes(c.data));
    EXPECT_FALSE(r.valid) << c.what;
    EXPECT_EQ(r.offset, c.offset) << c.what;
  }
  EXPECT_TRUE(reference_check(wsh::to_bytes("\xF4\x8F\xBF\xBF")).valid);
  EXPECT_TRUE(reference_check(wsh::to_bytes("\xED\x9F\xBF")).valid);
}

TEST(Utf8Validator, SequenceStartPointsAtTheLeadByte) {
  utf8_validator v;
  EXPECT_FALSE(v.feed(wsh::to_bytes("ab\xF0\x9F\x41")));
  EXPECT_EQ(v.error_offset(), std::optional<std::size_t>(4));
  EXPECT_EQ(v.sequence_start(), 2u);
}

TEST(Utf8Validator, ErrorOffsetsAreTheSameWhenStreamedAtEverySplit) {
  for (const auto& c : offset_cases()) {
    const bytes b = wsh::to_bytes(c.data);
    // Two chunks, cut everywhere.
    for (std::size_t cut = 0; cut <= b.size(); ++cut) {
      utf8_validator v;
      const bool first = v.feed(byte_view(b).first(cut));
      const bool second = v.feed(byte_view(b).subspan(cut));
      EXPECT_FALSE(first && second && v.finish()) << c.what << " cut " << cut;
      EXPECT_EQ(v.error_offset(), std::optional<std::size_t>(c.offset)) << c.what << " cut " << cut;
      // The prefix before the error is fine on its own.
      EXPECT_EQ(first, cut <= c.offset) << c.what << " cut " << cut;
    }
    // One byte at a time.
    const auto r = validate_chunked(b, {1});
    EXPECT_FALSE(r.ok) << c.what;
    EXPECT_EQ(r.offset, std::optional<std::size_t>(c.offset)) << c.what;
  }
}

// The validator skips ASCII in 16/64-byte blocks and runs its DFA 16 bytes at a time: every
// defect must keep its exact offset wherever it falls relative to those blocks, after ASCII or
// after multi-byte text, whole or streamed.
TEST(Utf8Validator, OffsetsHoldAtEveryPositionInsideLongText) {
  for (const std::string_view filler : {std::string_view("a"), std::string_view("\xC3\xA9"), std::string_view("\xE2\x82\xAC")}) {
    for (std::size_t prefix_chars = 0; prefix_chars <= 140; ++prefix_chars) {
      std::string prefix;
      for (std::size_t k = 0; k < prefix_chars; ++k) prefix += filler;
      for (const auto& c : offset_cases()) {
        const bytes b = wsh::to_bytes(prefix + c.data + std::string(70, 'z'));
        // A case truncated at its end is followed by 'z' here: the 'z' is the bad byte, same offset.
        const std::size_t want = prefix.size() + c.offset;
        EXPECT_EQ(wsh::first_invalid_offset(b), std::optional<std::size_t>(want)) << c.what << " after " << prefix_chars;
        EXPECT_EQ(validate_chunked(b, {7, 16, 1}).offset, std::optional<std::size_t>(want)) << c.what;
      }
      EXPECT_TRUE(wsh::is_valid_utf8(wsh::to_bytes(prefix + std::string(70, 'z'))));
    }
  }
}

TEST(Utf8Validator, StreamingAcrossACharacterIsValid) {
  const bytes b = wsh::to_bytes("\xF0\x9F\x98\x80");
  utf8_validator v;
  EXPECT_TRUE(v.feed(byte_view(b).first(1)));
  EXPECT_FALSE(v.at_boundary());
  EXPECT_TRUE(v.feed(byte_view(b).subspan(1, 2)));
  EXPECT_FALSE(v.at_boundary());
  EXPECT_TRUE(v.feed(byte_view(b).subspan(3)));
  EXPECT_TRUE(v.at_boundary());
  EXPECT_TRUE(v.finish());
  EXPECT_EQ(v.consumed(), 4u);
}

TEST(Utf8Validator, StaysInvalidAfterAnError) {
  utf8_validator v;
  EXPECT_FALSE(v.feed(wsh::to_bytes("a\xFF")));
  EXPECT_FALSE(v.ok());
  EXPECT_FALSE(v.feed(wsh::to_bytes("bcd")));
  EXPECT_FALSE(v.finish());
  EXPECT_EQ(v.error_offset(), std::optional<std::size_t>(1));
}

TEST(Utf8Validator, FinishRejectsAnOpenSequenceAndResetClears) {
  utf8_validator v;
  EXPECT_TRUE(v.feed(wsh::to_bytes("ab\xC3")));
  EXPECT_TRUE(v.ok());
  EXPECT_FALSE(v.finish());
  EXPECT_EQ(v.error_offset(), std::optional<std::size_t>(3));
  EXPECT_EQ(v.sequence_start(), 2u);
  v.reset();
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.consumed(), 0u);
  EXPECT_TRUE(v.feed(wsh::to_bytes("\xC3\xA9")));
  EXPECT_TRUE(v.finish());
}

TEST(Utf8Validator, AsciiFastPathReportsTheRightOffset) {
  for (std::uint8_t bad : {std::uint8_t{0x80}, std::uint8_t{0xBF}, std::uint8_t{0xC0}, std::uint8_t{0xFF}}) {
    for (std::size_t pos = 0; pos <= 40; ++pos) {
      // Shift the start too, so the 8-byte words fall at every alignment.
      for (std::size_t shift = 0; shift < 8; ++shift) {
        bytes b(shift + 41, 'a');
        b[shift + pos] = bad;
        const byte_view text = byte_view(b).subspan(shift);
        EXPECT_EQ(wsh::first_invalid_offset(text), std::optional<std::size_t>(pos))
            << "byte " << int(bad) << " at " << pos << " shift " << shift;
      }
    }
  }
}

TEST(Utf8Validator, AsciiFastPathKeepsOffsetsAcrossChunks) {
  bytes b(100, 'x');
  b[77] = 0xC1;
  EXPECT_EQ(validate_chunked(b, {13}).offset, std::optional<std::size_t>(77));
  EXPECT_EQ(validate_chunked(b, {8, 1}).offset, std::optional<std::size_t>(77));
  EXPECT_EQ(validate_chunked(b, {77, 5}).offset, std::optional<std::size_t>(77));
  b[77] = 'x';
  EXPECT_TRUE(validate_chunked(b, {13}).ok);
}

TEST(Utf8Validator, MultibyteAfterLongAscii) {
  // A multi-byte character straddling the fast path's 8-byte words, then a surrogate.
  std::string s(13, 'a');
  s += "\xE2\x82\xAC";
  s += std::string(9, 'b');
  EXPECT_TRUE(wsh::is_valid_utf8(wsh::to_bytes(s)));
  s += "\xED\xB0\x80";
  EXPECT_EQ(offset_of(s), std::optional<std::size_t>(13 + 3 + 9 + 1));
}

// ---- the shared vector table -------------------------------------------------------------------

TEST(Utf8Vectors, EveryVectorAgreesWithTheValidator) {
  ASSERT_FALSE(wsh::utf8_vectors().empty());
  for (const auto& v : wsh::utf8_vectors()) {
    EXPECT_EQ(wsh::is_valid_utf8(v.data), v.valid) << v.cls << "/" << v.name << " " << wsh::to_hex_spaced(v.data);
    EXPECT_EQ(wsh::first_invalid_offset(v.data).has_value(), !v.valid) << v.name;
    // Byte at a time gives the same verdict and offset.
    const auto streamed = validate_chunked(v.data, {1});
    EXPECT_EQ(streamed.ok, v.valid) << v.name;
    EXPECT_EQ(streamed.offset, wsh::first_invalid_offset(v.data)) << v.name;
  }
}

TEST(Utf8Vectors, EveryVectorAgreesWithTheReferenceDecoder) {
  for (const auto& v : wsh::utf8_vectors()) {
    const ref_result r = reference_check(v.data);
    EXPECT_EQ(r.valid, v.valid) << v.cls << "/" << v.name;
    if (!v.valid) {
      EXPECT_EQ(wsh::first_invalid_offset(v.data), std::optional<std::size_t>(r.offset)) << v.name;
    }
  }
}

TEST(Utf8Vectors, TableCoversValidAndEveryDefectClass) {
  std::map<std::string, std::pair<int, int>> by_class;  // class -> (valid, invalid)
  int valid = 0, invalid = 0;
  for (const auto& v : wsh::utf8_vectors()) {
    (v.valid ? by_class[v.cls].first : by_class[v.cls].second)++;
    (v.valid ? valid : invalid)++;
  }
  EXPECT_GE(valid, 5);
  EXPECT_GE(invalid, 5);
  for (const char* cls : {"valid", "boundary"})
    EXPECT_GE(by_class[cls].first, 1) << "no valid vector of class " << cls;
  for (const char* cls : {"continuation", "truncated", "overlong", "surrogate", "too-large", "impossible"})
    EXPECT_GE(by_class[cls].second, 1) << "no invalid vector of class " << cls;
  // A class describes one kind of input: all its vectors share the verdict.
  for (const auto& [cls, counts] : by_class)
    EXPECT_TRUE(counts.first == 0 || counts.second == 0) << "class " << cls << " mixes valid and invalid";
}

TEST(Utf8Vectors, NamesAreUniqueAndIdSafe) {
  std::set<std::string> seen;
  for (const auto& v : wsh::utf8_vectors()) {
    EXPECT_TRUE(seen.insert(v.name).second) << "duplicate " << v.name;
    EXPECT_FALSE(v.name.empty());
    EXPECT_FALSE(v.cls.empty()) << v.name;
    for (char c : v.name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '+') << v.name;
  }
}

// ---- properties ----------------------------------------------------------------------------------

// Any Unicode scalar value, spread over the four encoded lengths.
rc::Gen<std::uint32_t> gen_scalar() {
  return rc::gen::weightedOneOf<std::uint32_t>({
      {3, rc::gen::inRange<std::uint32_t>(0, 0x80)},
      {2, rc::gen::inRange<std::uint32_t>(0x80, 0x800)},
      {2, rc::gen::inRange<std::uint32_t>(0x800, 0xD800)},
      {1, rc::gen::inRange<std::uint32_t>(0xE000, 0x10000)},
      {2, rc::gen::inRange<std::uint32_t>(0x10000, 0x110000)},
      {1, rc::gen::element<std::uint32_t>(0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF)},
  });
}

// Single bytes biased toward the interesting part of the byte range.
rc::Gen<std::uint8_t> gen_biased_byte() {
  return rc::gen::weightedOneOf<std::uint8_t>({
      {2, rc::gen::inRange<std::uint8_t>(0x00, 0x80)},
      {4, rc::gen::inRange<std::uint8_t>(0x80, 0xC0)},
      {3, rc::gen::element<std::uint8_t>(0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xF7, 0xF8,
                                         0xFE, 0xFF)},
      {2, rc::gen::inRange<std::uint8_t>(0xC0, 0xFF)},
      {1, rc::gen::element<std::uint8_t>(0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF)},
  });
}

bytes encode_all(const std::vector<std::uint32_t>& cps) {
  bytes out;
  for (auto cp : cps) append_utf8(out, cp);
  return out;
}

// Arbitrary byte strings, shaped so that valid and invalid inputs both come up often.
rc::Gen<bytes> gen_utf8ish() {
  // Valid text with (often no, else 1 or 2) biased bytes dropped in at arbitrary byte positions.
  auto noisy_text = rc::gen::apply(
      [](const std::vector<std::uint32_t>& cps, const std::vector<std::pair<std::size_t, std::uint8_t>>& noise) {
        bytes b = encode_all(cps);
        for (const auto& [pos, byte] : noise) b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos % (b.size() + 1)), byte);
        return b;
      },
      rc::gen::container<std::vector<std::uint32_t>>(gen_scalar()),
      rc::gen::mapcat(rc::gen::weightedOneOf<std::size_t>({{3, rc::gen::just<std::size_t>(0)},
                                                            {2, rc::gen::inRange<std::size_t>(1, 3)}}),
                      [](std::size_t n) {
        return rc::gen::container<std::vector<std::pair<std::size_t, std::uint8_t>>>(
            n, rc::gen::pair(rc::gen::arbitrary<std::size_t>(), gen_biased_byte()));
      }));
  // Tokens: whole characters, characters cut short, loose bytes.
  auto tokens = rc::gen::map(
      rc::gen::container<std::vector<bytes>>(rc::gen::weightedOneOf<bytes>({
          {6, rc::gen::map(gen_scalar(), [](std::uint32_t cp) { bytes b; append_utf8(b, cp); return b; })},
          {1, rc::gen::apply([](std::uint32_t cp, std::size_t cut) {
                bytes b;
                append_utf8(b, cp);
                b.resize(std::max<std::size_t>(1, cut % b.size()));
                return b;
              }, gen_scalar(), rc::gen::arbitrary<std::size_t>())},
          {1, rc::gen::map(gen_biased_byte(), [](std::uint8_t c) { return bytes{c}; })},
          // A lead byte with well-formed continuation bytes: overlong, surrogate and
          // above-U+10FFFF sequences, which only the lead/second-byte pairing rules out.
          {2, rc::gen::apply(
                  [](std::uint8_t lead, const std::vector<std::uint8_t>& tail) {
                    bytes b(1 + tail.size());  // sized first: GCC 12's -Warray-bounds false positive on insert
                    b[0] = lead;
                    std::copy(tail.begin(), tail.end(), b.begin() + 1);
                    return b;
                  },
                  rc::gen::element<std::uint8_t>(0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1,
                                                 0xF3, 0xF4, 0xF5),
                  rc::gen::mapcat(rc::gen::inRange<std::size_t>(1, 4), [](std::size_t n) {
                    return rc::gen::container<std::vector<std::uint8_t>>(
                        n, rc::gen::weightedOneOf<std::uint8_t>(
                               {{1, rc::gen::inRange<std::uint8_t>(0x80, 0xC0)},
                                {1, rc::gen::element<std::uint8_t>(0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF)}}));
                  }))},
      })),
      [](const std::vector<bytes>& parts) {
        bytes out;
        for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
        return out;
      });
  // Loose biased bytes only (mostly short, mostly invalid).
  auto loose = rc::gen::container<bytes>(gen_biased_byte());
  return rc::gen::weightedOneOf<bytes>({{4, noisy_text}, {3, tokens}, {2, loose}});
}

// Property 1: the validator agrees with the reference decoder on arbitrary bytes, including the
// offset of the first error and the start of the sequence that holds it.
TEST(Utf8ValidatorProperty, AgreesWithReferenceDecoderOnArbitraryBytes) {
  int valid = 0, invalid = 0;
  const bool ok = rc::check("validator == RFC 3629 reference decoder, offsets included", [&] {
    const bytes b = *gen_utf8ish();
    const ref_result want = reference_check(b);
    (want.valid ? valid : invalid)++;
    RC_CLASSIFY(want.valid, "valid");
    RC_CLASSIFY(!want.valid, "invalid");

    RC_ASSERT(wsh::is_valid_utf8(b) == want.valid);
    // The reference's two passes (textbook decode; earliest dead prefix) must agree too.
    RC_ASSERT(want.valid == !want.error_found);
    const auto got = wsh::first_invalid_offset(b);
    if (want.valid) {
      RC_ASSERT(!got.has_value());
    } else {
      RC_ASSERT(got.has_value());
      RC_ASSERT(*got == want.offset);
      utf8_validator v;
      v.feed(b);
      v.finish();
      RC_ASSERT(v.sequence_start() == want.sequence_start);
    }
  });
  EXPECT_TRUE(ok);
  // Both outcomes must really be exercised, or the agreement above says little: at least 10%
  // each (typically ~40% valid at the default size, ~25% with RC_PARAMS=max_size=1000).
  const int total = valid + invalid;
  EXPECT_GE(valid * 10, total) << "valid cases generated: " << valid << " of " << total;
  EXPECT_GE(invalid * 10, total) << "invalid cases generated: " << invalid << " of " << total;
}

// Property 2: valid UTF-8 split anywhere (also inside characters) stays valid chunk by chunk.
RC_GTEST_PROP(Utf8ValidatorProperty, ValidTextSplitIntoArbitraryChunksStaysValid, ()) {
  const auto cps = *rc::gen::container<std::vector<std::uint32_t>>(gen_scalar());
  const bytes b = encode_all(cps);
  std::set<std::size_t> boundaries{0};
  {
    bytes tmp;
    for (auto cp : cps) {
      append_utf8(tmp, cp);
      boundaries.insert(tmp.size());
    }
  }
  const auto chunks = *rc::gen::nonEmpty(
      rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, 9)));
  RC_PRE(std::any_of(chunks.begin(), chunks.end(), [](std::size_t n) { return n > 0; }));

  utf8_validator v;
  std::size_t at = 0, k = 0;
  bool split_inside_char = false;
  while (at < b.size()) {
    const std::size_t n = std::min(chunks[k++ % chunks.size()], b.size() - at);
    RC_ASSERT(v.feed(byte_view(b).subspan(at, n)));
    at += n;
    RC_ASSERT(v.ok());
    RC_ASSERT(v.consumed() == at);
    RC_ASSERT(v.at_boundary() == (boundaries.count(at) == 1));
    if (!v.at_boundary()) split_inside_char = true;
  }
  RC_CLASSIFY(split_inside_char, "chunk boundary inside a character");
  RC_ASSERT(v.finish());
  RC_ASSERT(!v.error_offset().has_value());
}

// Property 3: one invalid byte dropped in at a character boundary is reported at exactly its
// offset, whole-buffer and streamed.
RC_GTEST_PROP(Utf8ValidatorProperty, InvalidByteAtCharacterBoundaryIsReportedAtItsOffset, ()) {
  const auto cps = *rc::gen::container<std::vector<std::uint32_t>>(gen_scalar());
  const auto at_char = *rc::gen::inRange<std::size_t>(0, cps.size() + 1);
  const auto bad = *rc::gen::weightedOneOf<std::uint8_t>({
      {4, rc::gen::inRange<std::uint8_t>(0x80, 0xC0)},  // continuation where none is expected
      {2, rc::gen::element<std::uint8_t>(0xC0, 0xC1)},  // overlong leads
      {3, rc::gen::inRange<std::uint8_t>(0xF5, 0xFF)},  // F5..FE
      {1, rc::gen::just<std::uint8_t>(0xFF)},
  });
  bytes b;
  std::size_t offset = 0;
  for (std::size_t i = 0; i <= cps.size(); ++i) {
    if (i == at_char) {
      offset = b.size();
      b.push_back(bad);
    }
    if (i < cps.size()) append_utf8(b, cps[i]);
  }
  RC_ASSERT(!wsh::is_valid_utf8(b));
  RC_ASSERT(wsh::first_invalid_offset(b) == std::optional<std::size_t>(offset));

  const auto chunks = *rc::gen::nonEmpty(
      rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, 12)));
  const auto streamed = validate_chunked(b, chunks);
  RC_ASSERT(!streamed.ok);
  RC_ASSERT(streamed.offset == std::optional<std::size_t>(offset));
  RC_ASSERT(streamed.sequence_start == offset);
}

}  // namespace
