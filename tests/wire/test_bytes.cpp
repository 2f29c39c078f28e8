// wsh/bytes.hpp: byte strings and their hex form.
#include "wsh/bytes.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace {

using wsh::bytes;

TEST(Bytes, ToHexIsLowerCaseWithoutSeparators) {
  EXPECT_EQ(wsh::to_hex(bytes{0x81, 0x85, 0x7f, 0x00, 0xAB}), "81857f00ab");
  EXPECT_EQ(wsh::to_hex(bytes{}), "");
}

TEST(Bytes, ToHexSpacedSeparatesEveryByte) {
  EXPECT_EQ(wsh::to_hex_spaced(bytes{0x81, 0x85, 0x7f}), "81 85 7f");
  EXPECT_EQ(wsh::to_hex_spaced(bytes{0x0A}), "0a");
  EXPECT_EQ(wsh::to_hex_spaced(bytes{}), "");
}

TEST(Bytes, FromHexParsesPlainHex) {
  bytes out;
  ASSERT_TRUE(wsh::from_hex("81857f00ab", out));
  EXPECT_EQ(out, (bytes{0x81, 0x85, 0x7f, 0x00, 0xAB}));
}

TEST(Bytes, FromHexAcceptsUpperCase) {
  bytes out;
  ASSERT_TRUE(wsh::from_hex("DEADbeef", out));
  EXPECT_EQ(out, (bytes{0xDE, 0xAD, 0xBE, 0xEF}));
}

TEST(Bytes, FromHexIgnoresWhitespace) {
  bytes out;
  ASSERT_TRUE(wsh::from_hex(" 81 85\n37\tfa\r\n21 3d ", out));
  EXPECT_EQ(out, (bytes{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d}));
  // Whitespace may even split a byte's two digits.
  ASSERT_TRUE(wsh::from_hex("8 1", out));
  EXPECT_EQ(out, (bytes{0x81}));
}

TEST(Bytes, FromHexReadsSpacedHexBack) {
  const bytes b{0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
  bytes out;
  ASSERT_TRUE(wsh::from_hex(wsh::to_hex_spaced(b), out));
  EXPECT_EQ(out, b);
}

TEST(Bytes, FromHexEmptyIsEmpty) {
  bytes out{1, 2, 3};
  ASSERT_TRUE(wsh::from_hex("", out));
  EXPECT_TRUE(out.empty());
  ASSERT_TRUE(wsh::from_hex("   ", out));
  EXPECT_TRUE(out.empty());
}

TEST(Bytes, FromHexRejectsOddLength) {
  bytes out;
  EXPECT_FALSE(wsh::from_hex("abc", out));
  EXPECT_FALSE(wsh::from_hex("a", out));
  EXPECT_FALSE(wsh::from_hex("81 8", out));
}

TEST(Bytes, FromHexRejectsNonHex) {
  bytes out;
  EXPECT_FALSE(wsh::from_hex("zz", out));
  EXPECT_FALSE(wsh::from_hex("0g", out));
  EXPECT_FALSE(wsh::from_hex("81,85", out));
  EXPECT_FALSE(wsh::from_hex("0x81", out));
  EXPECT_FALSE(wsh::from_hex("8\x80", out));
}

TEST(Bytes, StringConversionsKeepEveryByte) {
  const std::string s("a\0\xff", 3);
  const bytes b = wsh::to_bytes(s);
  EXPECT_EQ(b, (bytes{'a', 0x00, 0xff}));
  EXPECT_EQ(wsh::to_string(b), s);
}

TEST(Bytes, ConcatJoinsInOrder) {
  const bytes a{1, 2}, b{}, c{3};
  EXPECT_EQ(wsh::concat({a, b, c}), (bytes{1, 2, 3}));
}

RC_GTEST_PROP(BytesProperty, HexRoundTrip, (const std::vector<std::uint8_t>& b)) {
  const std::string hex = wsh::to_hex(b);
  RC_ASSERT(hex.size() == 2 * b.size());
  bytes out;
  RC_ASSERT(wsh::from_hex(hex, out));
  RC_ASSERT(out == b);
}

RC_GTEST_PROP(BytesProperty, SpacedHexRoundTrip, (const std::vector<std::uint8_t>& b)) {
  const std::string hex = wsh::to_hex_spaced(b);
  RC_ASSERT(hex.size() == (b.empty() ? 0 : 3 * b.size() - 1));
  bytes out;
  RC_ASSERT(wsh::from_hex(hex, out));
  RC_ASSERT(out == b);
}

}  // namespace
