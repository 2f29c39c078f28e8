// permessage-deflate transforms: compressed messages inflate back, and fragments carry the
// compressed bytes in order (the oracle's RSV1 rules: tests/oracle/test_oracle_deflate.cpp).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wsh/deflate.hpp"
#include "wsh/test_case.hpp"

using namespace wsh;

TEST(Deflate, RoundTripsAndStripsTheSyncTail) {
  const bytes plain = to_bytes("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5 hello hello hello hello");
  const bytes packed = deflate_message(plain);
  ASSERT_GE(packed.size(), 4u);
  EXPECT_FALSE(packed[packed.size() - 4] == 0 && packed[packed.size() - 3] == 0 && packed[packed.size() - 2] == 0xFF &&
               packed[packed.size() - 1] == 0xFF);
  EXPECT_LT(packed.size(), plain.size());
  inflater in;
  bytes out;
  std::string error;
  ASSERT_TRUE(in.inflate_message(packed, out, error)) << error;
  EXPECT_EQ(out, plain);
  // The RFC 7692 §7.2.3.1 example: "Hello" compressed.
  ASSERT_TRUE(inflater().inflate_message(bytes{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, out, error)) << error;
  EXPECT_EQ(out, to_bytes("Hello"));
  EXPECT_FALSE(inflater().inflate_message(bytes{0xFF, 0xFF, 0xFF}, out, error));
  EXPECT_FALSE(error.empty());
}

TEST(Deflate, ContextTakeoverAcrossMessages) {
  // RFC 7692 §7.2.3.2: the second "Hello" refers back into the first message's window.
  inflater in;
  bytes out;
  std::string error;
  ASSERT_TRUE(in.inflate_message(bytes{0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}, out, error));
  ASSERT_TRUE(in.inflate_message(bytes{0xf2, 0x00, 0x11, 0x00, 0x00}, out, error)) << error;
  EXPECT_EQ(out, to_bytes("Hello"));
}

RC_GTEST_PROP(DeflateProperty, FragmentsOfACompressedMessageConcatenateToItsDeflate, (std::vector<std::string> parts)) {
  RC_PRE(!parts.empty());
  test_case c;
  c.deflate = true;
  bytes plain;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    frame f = i == 0 ? text(parts[i], parts.size() == 1) : continuation(parts[i], i + 1 == parts.size());
    f.rsv1 = i == 0;
    c.frames.push_back(f);
    plain.insert(plain.end(), parts[i].begin(), parts[i].end());
  }
  const auto wire = wire_frames(c);
  RC_ASSERT(wire.size() == c.frames.size());
  bytes packed;
  for (const auto& f : wire) packed.insert(packed.end(), f.payload.begin(), f.payload.end());
  RC_ASSERT(packed == deflate_message(plain));
  bytes back;
  std::string error;
  RC_ASSERT(inflater().inflate_message(packed, back, error));
  RC_ASSERT(back == plain);
}
