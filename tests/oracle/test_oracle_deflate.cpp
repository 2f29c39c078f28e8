// The oracle on permessage-deflate cases: RSV1 is legal only where RFC 7692 puts it, and a case
// whose extension the server declined is skipped, never judged.
#include <gtest/gtest.h>

#include "wsh/oracle.hpp"
#include "wsh/test_case.hpp"

using namespace wsh;

TEST(OracleDeflate, OracleAllowsRsv1OnlyOnAMessageStartOfADeflateCase) {
  test_case c;
  c.frames = {text("ok", false), continuation("ok", true)};
  c.frames[0].rsv1 = true;
  EXPECT_EQ(derive(c, {}).kind, violation::protocol);  // no extension negotiated
  c.deflate = true;
  EXPECT_FALSE(derive(c, {}).close);
  c.frames[1].rsv1 = true;
  EXPECT_EQ(derive(c, {}).kind, violation::protocol);  // RSV1 on a continuation
}

TEST(OracleDeflate, DeclinedExtensionSkipsTheCase) {
  test_case c;
  c.deflate = true;
  c.frames = {text("\xFF")};
  c.frames[0].rsv1 = true;
  transcript t;
  t.connected = t.upgraded = true;
  const auto v = judge(derive(c, {}), t);
  EXPECT_EQ(v.result, outcome::skipped);
  EXPECT_EQ(v.kind, finding::not_negotiated);
}
