// wsh::terse_reasons: derive and judge decide exactly the same without writing their sentences
// (the libFuzzer targets judge every input that way and explain only failures, run again).
#include <gtest/gtest.h>

#include "wsh/catalogue.hpp"
#include "wsh/oracle.hpp"

using namespace wsh;

namespace {

// What a server that closes with `code` right away (or echoes and closes when asked) shows.
transcript closing_with(std::uint16_t code) {
  transcript t;
  t.connected = t.upgraded = true;
  t.close_received = t.server_initiated_close = true;
  t.close_code = code;
  t.close_payload_size = 2;
  t.close_ms = 1;
  return t;
}

}  // namespace

TEST(TerseReasons, EveryCatalogueCaseIsDecidedTheSame) {
  const endpoint_policy policies[] = {{}, {.text_only = true}, {.max_message_size = 1000}};
  for (const endpoint_policy& policy : policies)
    for (const test_case& c : catalogue()) {
      const expectation full = derive(c, policy);
      expectation terse;
      verdict terse_v, terse_w;
      {
        const terse_reasons quiet;
        EXPECT_TRUE(reasons_are_terse());
        terse = derive(c, policy);
        terse_v = judge(terse, closing_with(1007));
        terse_w = judge(terse, closing_with(1002));
      }
      EXPECT_FALSE(reasons_are_terse());
      EXPECT_TRUE(terse.reason.empty()) << c.id;
      EXPECT_FALSE(full.reason.empty()) << c.id;
      EXPECT_EQ(terse.kind, full.kind) << c.id;
      EXPECT_EQ(terse.close, full.close) << c.id;
      EXPECT_EQ(terse.close_codes, full.close_codes) << c.id;
      EXPECT_EQ(terse.echoes, full.echoes) << c.id;
      EXPECT_EQ(terse.violating_frame, full.violating_frame) << c.id;
      EXPECT_EQ(terse.payload_offset, full.payload_offset) << c.id;
      EXPECT_EQ(terse.valid_prefix, full.valid_prefix) << c.id;
      EXPECT_EQ(terse.fail_offset, full.fail_offset) << c.id;
      EXPECT_EQ(terse.strict_limit, full.strict_limit) << c.id;
      EXPECT_EQ(terse.rule, full.rule) << c.id;
      EXPECT_EQ(terse.data_after_close, full.data_after_close) << c.id;
      for (const auto& [code, v] : {std::pair{1007, terse_v}, std::pair{1002, terse_w}}) {
        const verdict w = judge(full, closing_with(static_cast<std::uint16_t>(code)));
        EXPECT_EQ(v.result, w.result) << c.id << " " << code;
        EXPECT_EQ(v.kind, w.kind) << c.id << " " << code;
        if (v.result == outcome::pass) {
          EXPECT_TRUE(v.why.empty()) << c.id;
        }
      }
    }
}

TEST(TerseReasons, NestAndEndWithTheirScope) {
  {
    const terse_reasons a;
    {
      const terse_reasons b;
      EXPECT_TRUE(reasons_are_terse());
    }
    EXPECT_TRUE(reasons_are_terse()) << "the outer one still holds";
  }
  EXPECT_FALSE(reasons_are_terse());
}
