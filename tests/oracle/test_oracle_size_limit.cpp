// Size limits are a policy, not a UTF-8 verdict (issue #19): a message above the endpoint's
// declared max_message_size expects 1009 (and 1007 too when it is also invalid); a 1009 nobody
// declared is size_limit whether the message was valid or not, never wrong_code.
#include <gtest/gtest.h>

#include "wsh/frame_codec.hpp"
#include "wsh/oracle.hpp"
#include "wsh/verifiers.hpp"
#include "case_of.hpp"

using namespace wsh;

namespace {

using wsh::test::case_of;

endpoint_policy limit(std::uint64_t n) { return endpoint_policy{.max_message_size = n}; }

transcript closed_with(std::uint16_t code) {
  transcript t;
  t.connected = t.upgraded = true;
  t.close_received = t.server_initiated_close = true;
  t.close_code = code;
  return t;
}

using codes = std::vector<std::uint16_t>;

}  // namespace

TEST(OracleSizeLimit, ValidMessageAboveTheLimitExpects1009AtItsHeader) {
  const test_case c = case_of({text("ok"), text(std::string(11, 'a'))});
  const auto e = derive(c, limit(10));
  ASSERT_TRUE(e.close);
  EXPECT_EQ(e.kind, violation::message_too_big);
  EXPECT_EQ(e.close_codes, codes{1009});
  EXPECT_EQ(e.violating_frame, 1u);
  EXPECT_EQ(e.echoes.size(), 1u);  // the message before it is echoed
  EXPECT_EQ(e.fail_offset, layout(c.frames).payload_start[1]);  // the length is in the header
  EXPECT_NE(e.reason.find("1009"), std::string::npos) << e.reason;
  EXPECT_NE(e.reason.find("§7.4.1"), std::string::npos) << e.reason;
}

TEST(OracleSizeLimit, AMessageAtTheLimitIsNotTooBig) {
  const auto e = derive(case_of({text(std::string(10, 'a'))}), limit(10));
  EXPECT_FALSE(e.close);
  EXPECT_EQ(e.echoes.size(), 1u);
}

TEST(OracleSizeLimit, InvalidMessageAboveTheLimitAccepts1009Or1007) {
  // The bad byte is in the frame that goes over the limit, or in a later one.
  for (const auto& frames : {std::vector<frame>{text("abcdefghij\xC0\xAF")},
                             std::vector<frame>{text("\xC0" "abcdefghijk")},
                             std::vector<frame>{text("abcdef", false), continuation("ghijk", false),
                                                continuation("\xF0\x9F", true)}}) {
    const auto e = derive(case_of(frames), limit(10));
    EXPECT_EQ(e.kind, violation::message_too_big);
    EXPECT_EQ(e.close_codes, (codes{1009, 1007}));
  }
}

TEST(OracleSizeLimit, TheFrameThatCrossesTheLimitIsTheViolatingOne) {
  const auto e = derive(case_of({text("abcdef", false), continuation("ghij", false), continuation("k", true)}), limit(10));
  EXPECT_EQ(e.kind, violation::message_too_big);
  EXPECT_EQ(e.violating_frame, 2u);
  EXPECT_EQ(e.close_codes, codes{1009});
}

TEST(OracleSizeLimit, AnInvalidByteInAnEarlierFrameComesFirst) {
  const auto e = derive(case_of({text("ab\xFF" "def", false), continuation("ghijk", true)}), limit(10));
  EXPECT_EQ(e.kind, violation::invalid_utf8);
  EXPECT_EQ(e.close_codes, codes{1007});
  EXPECT_EQ(e.violating_frame, 0u);
}

TEST(OracleSizeLimit, BinaryAboveTheLimitExpects1009) {
  const auto e = derive(case_of({binary(bytes(11, 0xFF))}), limit(10));
  EXPECT_EQ(e.kind, violation::message_too_big);
  EXPECT_EQ(e.close_codes, codes{1009});
}

TEST(OracleSizeLimit, NoFailFastRuleForASizeLimit) {
  // A pause after the header: a server may read the whole frame before it closes with 1009.
  const auto e = derive(case_of({text(std::string(20, 'a'))}, {{0, 4}}), limit(10));
  EXPECT_EQ(e.kind, violation::message_too_big);
  EXPECT_FALSE(e.strict_limit);
  EXPECT_FALSE(e.message_unfinished);
}

TEST(OracleSizeLimit, NoLimitDeclaredNoLimitApplied) {
  EXPECT_FALSE(derive(case_of({text(std::string(1 << 20, 'a'))}), endpoint_policy{}).close);
}

TEST(OracleSizeLimit, TheServersLimitDoesNotApplyToServerFrames) {
  frame f = text(std::string(11, 'a'));
  f.mask.reset();
  const std::vector<frame> frames{f};
  EXPECT_FALSE(derive(frames, limit(10), profile::strict, role::server_frames).close);
}

TEST(OracleSizeLimit, A1009AboveTheLimitPassesValidOrNot) {
  for (const char* payload : {"abcdefghijk", "abcdefghij\xFF"}) {
    const auto e = derive(case_of({text(payload)}), limit(10));
    EXPECT_EQ(judge(e, closed_with(1009)).result, outcome::pass) << payload;
  }
  const auto invalid = derive(case_of({text("abcdefghij\xFF")}), limit(10));
  EXPECT_EQ(judge(invalid, closed_with(1007)).result, outcome::pass);
  const auto valid = derive(case_of({text("abcdefghijk")}), limit(10));
  const verdict v = judge(valid, closed_with(1007));
  EXPECT_EQ(v.kind, finding::wrong_code);  // 1007 says the valid data was invalid
  EXPECT_EQ(judge(valid, closed_with(1002)).kind, finding::wrong_code);
}

TEST(OracleSizeLimit, A1009WithNoLimitDeclaredIsSizeLimitValidOrNot) {
  for (const char* payload : {"abcdefghijk", "abcdefghij\xFF"}) {
    const auto e = derive(case_of({text(payload)}), endpoint_policy{});
    const verdict v = judge(e, closed_with(1009));
    EXPECT_EQ(v.result, outcome::fail) << payload;
    EXPECT_EQ(v.kind, finding::size_limit) << payload;
    EXPECT_NE(v.why.find("--max-message-size N"), std::string::npos) << v.why;
  }
  // The same under profile autobahn; profile application lets a peer have its own limit.
  const auto invalid = derive(case_of({text("ab\xFF")}), endpoint_policy{});
  EXPECT_EQ(judge(invalid, closed_with(1009), profile::autobahn).kind, finding::size_limit);
  EXPECT_EQ(judge(invalid, closed_with(1009), profile::application).result, outcome::pass);
  // Other wrong codes stay wrong_code.
  EXPECT_EQ(judge(invalid, closed_with(1002)).kind, finding::wrong_code);
}

TEST(OracleSizeLimit, AServerThatTakesAMessageAboveTheLimitDidNotClose) {
  const auto e = derive(case_of({text("abcdefghijk")}), limit(10));
  transcript echoed;
  echoed.connected = echoed.upgraded = true;
  echoed.messages.push_back({op::text, to_bytes("abcdefghijk")});
  const verdict v = judge(e, echoed);
  EXPECT_EQ(v.kind, finding::no_close);
  EXPECT_NE(v.why.find("--max-message-size N"), std::string::npos) << v.why;
  transcript silent = echoed;
  silent.messages.clear();
  silent.timed_out = true;
  EXPECT_EQ(judge(e, silent).kind, finding::no_close);
}

TEST(OracleSizeLimit, A1009ForABadCloseReasonOrBadFramingStaysWrongCode) {
  EXPECT_EQ(judge(derive(case_of({close_frame(1000, "\xFF")}), endpoint_policy{}), closed_with(1009)).kind,
            finding::wrong_code);
  EXPECT_EQ(judge(derive(case_of({continuation("a")}), endpoint_policy{}), closed_with(1009)).kind, finding::wrong_code);
}

TEST(OracleSizeLimit, A1009UnderTheLimitIsSizeLimit) {
  const auto e = derive(case_of({text("abc\xFF")}), limit(10));
  EXPECT_EQ(e.kind, violation::invalid_utf8);
  EXPECT_EQ(judge(e, closed_with(1009)).kind, finding::size_limit);
}

TEST(OracleSizeLimit, PolicyDescribesTheLimit) {
  EXPECT_EQ(limit(1048576).describe(), "text+binary, max message 1 MiB");
  EXPECT_EQ(limit(8192).describe(), "text+binary, max message 8 KiB");
  EXPECT_EQ(limit(1000).describe(), "text+binary, max message 1000 bytes");
  EXPECT_EQ(endpoint_policy{}.describe(), "text+binary");
}
