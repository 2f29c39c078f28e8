// The oracle derives expectations from frames + policy and judges transcripts; these tests pin
// both halves, including every finding kind a report can show.
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <algorithm>
#include <rapidcheck/gtest.h>

#include "wsh/catalogue.hpp"
#include "wsh/frame_codec.hpp"
#include "wsh/oracle.hpp"
#include "wsh/utf8_vectors.hpp"
#include "case_of.hpp"

using namespace wsh;

namespace {

using wsh::test::case_of;
const endpoint_policy text_and_binary{};
const endpoint_policy text_only_1003{true, 1003};
}  // namespace

TEST(OracleDerive, ValidTextIsEchoedAndNeverClosed) {
  auto e = derive(case_of({text("κόσμε"), text("ab", false), continuation("cd", true)}), text_and_binary);
  EXPECT_FALSE(e.close);
  EXPECT_EQ(e.kind, violation::none);
  ASSERT_EQ(e.echoes.size(), 2u);
  EXPECT_EQ(e.echoes[1].payload, to_bytes("abcd"));
}

TEST(OracleDerive, InvalidByteGives1007AtThatByte) {
  const test_case c = case_of({text("ok"), text("ab\xED\xA0\x80")});
  auto e = derive(c, text_and_binary);
  ASSERT_TRUE(e.close);
  EXPECT_EQ(e.kind, violation::invalid_utf8);
  EXPECT_EQ(e.close_codes, std::vector<std::uint16_t>{1007});
  EXPECT_EQ(e.echoes.size(), 1u);  // the valid first message is still echoed
  EXPECT_EQ(e.violating_frame, 1u);
  EXPECT_EQ(e.payload_offset, 3u);  // A0 after ED makes it a surrogate
  const auto w = layout(c.frames);
  EXPECT_EQ(e.fail_offset, w.payload_start[1] + 3 + 1);
  EXPECT_NE(e.reason.find("surrogate"), std::string::npos) << e.reason;
  EXPECT_NE(e.reason.find("§8.1"), std::string::npos) << e.reason;
}

TEST(OracleDerive, TruncatedFinalFragmentFailsAtTheEndOfTheMessage) {
  const test_case c = case_of({text("ab", false), continuation("\xF0\x9F", true)});
  auto e = derive(c, text_and_binary);
  EXPECT_EQ(e.kind, violation::truncated_utf8);
  EXPECT_EQ(e.close_codes.front(), 1007);
  EXPECT_EQ(e.fail_offset, layout(c.frames).stream.size());
  EXPECT_FALSE(e.message_unfinished);
}

TEST(OracleDerive, SplitCharacterAcrossFragmentsIsValid) {
  auto e = derive(case_of({text("a\xF0\x9F", false), ping(), continuation("\x98\x80", true)}), text_and_binary);
  EXPECT_FALSE(e.close);
  ASSERT_EQ(e.echoes.size(), 1u);
  EXPECT_EQ(e.echoes[0].payload, to_bytes("a\xF0\x9F\x98\x80"));
}

TEST(OracleDerive, BinaryFollowsThePolicy) {
  const test_case c = case_of({binary({1, 2, 3})});
  EXPECT_FALSE(derive(c, text_and_binary).close);
  auto e = derive(c, text_only_1003);
  EXPECT_EQ(e.kind, violation::binary_on_text_only);
  EXPECT_EQ(e.close_codes, std::vector<std::uint16_t>{1003});
  EXPECT_EQ(derive(c, endpoint_policy{true, 1007}).close_codes.front(), 1007);
}

TEST(OracleDerive, CloseFrames) {
  EXPECT_EQ(derive(case_of({close_frame(1000, "\xFF")}), text_and_binary).close_codes.front(), 1007);
  EXPECT_EQ(derive(case_of({close_frame(1000, "\xFF")}), text_and_binary).kind, violation::invalid_close_reason);
  auto echo = derive(case_of({close_frame(4001, "bye")}), text_and_binary);
  EXPECT_EQ(echo.kind, violation::none);
  EXPECT_TRUE(echo.close);
  EXPECT_EQ(echo.close_codes.front(), 4001);
  EXPECT_EQ(derive(case_of({close_raw({0x03})}), text_and_binary).close_codes.front(), 1002);
  EXPECT_EQ(derive(case_of({close_frame(1005)}), text_and_binary).close_codes.front(), 1002);
  EXPECT_EQ(derive(case_of({close_frame(999)}), text_and_binary).close_codes.front(), 1002);
}

TEST(OracleDerive, FramingErrorsAre1002) {
  frame rsv = text("a");
  rsv.rsv1 = true;
  frame unmasked = text("a");
  unmasked.mask.reset();
  frame reserved = text("a");
  reserved.opcode = 0x3;
  frame long_ping = ping(bytes(126, 'x'));
  for (const auto& f : {rsv, unmasked, reserved, long_ping}) {
    auto e = derive(case_of({f}), text_and_binary);
    EXPECT_EQ(e.kind, violation::protocol) << describe(f);
    EXPECT_EQ(e.close_codes.front(), 1002) << describe(f);
  }
  EXPECT_EQ(derive(case_of({continuation("a")}), text_and_binary).kind, violation::protocol);
  EXPECT_EQ(derive(case_of({text("a", false), text("b")}), text_and_binary).kind, violation::protocol);
}

TEST(OracleDerive, PauseAfterTheBadByteSetsTheStrictLimit) {
  const test_case c = case_of({text("ab", false), continuation("\xF4\x90\x80\x80", false), continuation("cd", true)},
                           {{0, send_pause{}.payload_bytes, 100}, {1, send_pause{}.payload_bytes, 100}});
  auto e = derive(c, text_and_binary);
  const auto w = layout(c.frames);
  ASSERT_TRUE(e.strict_limit);
  EXPECT_EQ(*e.strict_limit, w.frame_start[2]);  // end of the frame holding the bad byte
  EXPECT_FALSE(derive(case_of(c.frames), text_and_binary).strict_limit);  // no pause: no strictness verdict
}

// A write split (split-in, no fail-fast probe) after the bad byte sets no strict limit; a probe
// after it still does; a split inside the header cuts the header.
TEST(OracleDerive, AWriteSplitIsNoFailFastProbe) {
  send_pause split{.frame_index = 0, .payload_bytes = 3, .ms = 20, .fail_fast_probe = false};
  const test_case c = case_of({text("ab\xFF", false), continuation("cd")}, {split});
  EXPECT_EQ(derive(c, text_and_binary).kind, violation::invalid_utf8);
  EXPECT_FALSE(derive(c, text_and_binary).strict_limit);
  split.payload_bytes = 1;  // before the bad byte: the probe after the bad byte decides
  const test_case probed = case_of(c.frames, {split, {0, send_pause{}.payload_bytes, 100}});
  const auto e = derive(probed, text_and_binary);
  ASSERT_TRUE(e.strict_limit);
  EXPECT_EQ(*e.strict_limit, layout(c.frames).frame_start[1]);

  test_case header = case_of({text("abc")}, {{.frame_index = 0, .ms = 20, .header_bytes = 2, .fail_fast_probe = false}});
  const auto plan = write_plan(header, layout(header.frames));
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].end, 2u);  // before the mask key
  EXPECT_FALSE(plan[0].fail_fast_probe);
  EXPECT_EQ(plan[0].pause_ms, 20);
}

TEST(OracleDerive, PauseInsideOneFrameSplitsTheWrite) {
  const test_case c = case_of({text("abcdef")}, {{0, 2, 50}, {0, 4, 50}});
  const auto w = layout(c.frames);
  const auto plan = write_plan(c, w);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].end, w.payload_start[0] + 2);
  EXPECT_EQ(plan[1].end, w.payload_start[0] + 4);
  EXPECT_EQ(plan[2].end, w.stream.size());
  EXPECT_EQ(plan[2].pause_ms, 0);
}

TEST(OracleDerive, NeverFinishedMessageIsMarked) {
  auto e = derive(case_of({text("ok\xC0", false)}), text_and_binary);
  EXPECT_TRUE(e.message_unfinished);
  EXPECT_FALSE(derive(case_of({text("ok\xC0", true)}), text_and_binary).message_unfinished);
}

// ---- judge ----

namespace {
transcript upgraded() {
  transcript t;
  t.connected = t.upgraded = true;
  return t;
}
transcript closed_with(std::uint16_t code, bool server_first = true) {
  transcript t = upgraded();
  t.close_received = true;
  t.server_initiated_close = server_first;
  t.close_code = code;
  return t;
}
expectation invalid_expectation() { return derive(case_of({text("\xC0\xAF")}), text_and_binary); }
expectation valid_expectation() { return derive(case_of({text("hi")}), text_and_binary); }
}  // namespace

TEST(OracleJudge, ExactCodePasses) {
  EXPECT_EQ(judge(invalid_expectation(), closed_with(1007)).result, outcome::pass);
}

TEST(OracleJudge, EachFindingIsKeptApart) {
  auto e = invalid_expectation();
  auto v = judge(e, closed_with(1002));
  EXPECT_EQ(v.result, outcome::fail);
  EXPECT_EQ(v.kind, finding::wrong_code);
  EXPECT_NE(v.why.find("1002"), std::string::npos);
  EXPECT_NE(v.why.find("1007"), std::string::npos);

  transcript drop = upgraded();
  drop.tcp_closed = true;
  EXPECT_EQ(judge(e, drop).kind, finding::tcp_drop);  // a bare TCP close is never a 1007

  transcript silent = upgraded();
  silent.timed_out = true;
  EXPECT_EQ(judge(e, silent).kind, finding::no_close);

  transcript echoed = upgraded();
  echoed.messages.push_back({op::text, to_bytes("\xC0\xAF")});
  EXPECT_EQ(judge(e, echoed).kind, finding::echoed_invalid);

  transcript replaced = upgraded();
  replaced.messages.push_back({op::text, to_bytes("\xEF\xBF\xBD\xEF\xBF\xBD")});
  EXPECT_EQ(judge(e, replaced).kind, finding::replaced_invalid);

  auto no_code = closed_with(1007);
  no_code.close_code.reset();
  EXPECT_EQ(judge(e, no_code).kind, finding::wrong_code);
}

TEST(OracleJudge, BinaryOnTextOnly) {
  auto e = derive(case_of({binary({1})}), text_only_1003);
  EXPECT_EQ(judge(e, closed_with(1003)).result, outcome::pass);
  EXPECT_EQ(judge(e, closed_with(1007)).kind, finding::wrong_code);
  EXPECT_EQ(judge(e, upgraded()).kind, finding::discarded_binary);
  transcript echoed = upgraded();
  echoed.messages.push_back({op::binary, {1}});
  EXPECT_EQ(judge(e, echoed).kind, finding::echoed_invalid);
}

TEST(OracleJudge, ValidTraffic) {
  auto e = valid_expectation();
  transcript ok = closed_with(1000, false);
  ok.messages.push_back({op::text, to_bytes("hi")});
  EXPECT_EQ(judge(e, ok).result, outcome::pass);

  transcript closed = closed_with(1007);
  EXPECT_EQ(judge(e, closed).kind, finding::closed_valid);
  EXPECT_EQ(judge(e, closed_with(1009)).kind, finding::size_limit);

  transcript altered = closed_with(1000, false);
  altered.messages.push_back({op::text, to_bytes("h?")});
  EXPECT_EQ(judge(e, altered).kind, finding::echo_mismatch);

  transcript missing = upgraded();
  missing.timed_out = true;
  EXPECT_EQ(judge(e, missing).kind, finding::missing_echo);

  transcript no_reply = upgraded();
  no_reply.messages.push_back({op::text, to_bytes("hi")});
  EXPECT_EQ(judge(e, no_reply).kind, finding::no_close_reply);

  transcript failed = transcript{};
  failed.setup_error = "refused";
  EXPECT_EQ(judge(e, failed).kind, finding::handshake_failed);
}

TEST(OracleJudge, LateCloseIsNonStrict) {
  const test_case c = case_of({text("ab", false), continuation("\xFF", false), continuation("cd", true)},
                           {{0, send_pause{}.payload_bytes, 100}, {1, send_pause{}.payload_bytes, 100}});
  auto e = derive(c, text_and_binary);
  transcript early = closed_with(1007);
  early.sent_when_closed = *e.strict_limit;
  EXPECT_EQ(judge(e, early).result, outcome::pass);
  transcript late = closed_with(1007);
  late.sent_when_closed = layout(c.frames).stream.size();
  auto v = judge(e, late);
  EXPECT_EQ(v.result, outcome::non_strict);
  EXPECT_EQ(v.kind, finding::late_close);
}

TEST(OracleJudge, UnfinishedInvalidMessageWithoutCloseIsNotFailFast) {
  auto e = derive(case_of({text("ok\xC0", false)}), text_and_binary);
  transcript silent = upgraded();
  silent.timed_out = true;
  EXPECT_EQ(judge(e, silent).kind, finding::not_fail_fast);
}

// A client close after the invalid data: a server that answers it with the same code never
// failed the connection; a different code after it, or any code before it, is its own verdict.
TEST(OracleJudge, AnsweringTheClientsLaterCloseIsNotAVerdict) {
  const test_case c = case_of({text("ok\xC0", false), close_frame(1000)});
  auto e = derive(c, text_and_binary);
  ASSERT_TRUE(e.later_close_end);
  EXPECT_EQ(*e.later_close_end, layout(c.frames).stream.size());
  EXPECT_EQ(e.later_close_code, std::optional<std::uint16_t>(1000));

  transcript echoed = closed_with(1000, false);
  echoed.sent_when_closed = *e.later_close_end;
  const verdict v = judge(e, echoed);
  EXPECT_EQ(v.kind, finding::not_fail_fast) << v.why;  // the message is never finished
  EXPECT_NE(v.why.find("answered the client's later close"), std::string::npos) << v.why;

  transcript before = closed_with(1000);
  before.sent_when_closed = *e.later_close_end - 1;  // closed before our close was out: its own code
  EXPECT_EQ(judge(e, before).kind, finding::wrong_code);
  transcript other = closed_with(1002, false);
  other.sent_when_closed = *e.later_close_end;
  EXPECT_EQ(judge(e, other).kind, finding::wrong_code);
  transcript right = closed_with(1007, false);
  right.sent_when_closed = *e.later_close_end;
  EXPECT_EQ(judge(e, right).result, outcome::pass);

  // A finished invalid message: no_close; binary on a text-only endpoint: discarded_binary.
  auto finished = derive(case_of({text("\xC0\xAF"), close_frame(1001)}), text_and_binary);
  transcript answered = closed_with(1001, false);
  answered.sent_when_closed = *finished.later_close_end;
  EXPECT_EQ(judge(finished, answered).kind, finding::no_close);
  auto bin = derive(case_of({binary({1}), close_frame(1000)}), text_only_1003);
  transcript bin_answered = closed_with(1000, false);
  bin_answered.sent_when_closed = *bin.later_close_end;
  EXPECT_EQ(judge(bin, bin_answered).kind, finding::discarded_binary);
  // No later close in the frames: nothing to answer.
  EXPECT_FALSE(invalid_expectation().later_close_end);
}

// ---- the oracle against the vector table's own definition ----

TEST(OracleVsVectors, EveryVectorGetsTheCloseItsDefinitionImplies) {
  for (const auto& v : utf8_vectors()) {
    auto e = derive(case_of({text(v.data)}), text_and_binary);
    EXPECT_EQ(e.close, !v.valid) << v.name;
    if (!v.valid) {
      EXPECT_EQ(e.close_codes.front(), 1007) << v.name;
    }
  }
}

RC_GTEST_PROP(OracleProperties, AnyFragmentationOfValidTextIsValid, ()) {
  const auto& vectors = utf8_vectors();
  std::vector<std::string> valid;
  for (const auto& v : vectors)
    if (v.valid) valid.push_back(to_string(v.data));
  const auto parts = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(valid)));
  std::string whole;
  for (const auto& p : parts) whole += p;
  auto cuts = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, whole.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  std::vector<frame> frames;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    frames.push_back(frames.empty() ? text(whole.substr(at, cut - at), false)
                                    : continuation(whole.substr(at, cut - at), false));
    at = cut;
  }
  frames.push_back(frames.empty() ? text(whole.substr(at)) : continuation(whole.substr(at), true));
  auto e = derive(case_of(frames), text_and_binary);
  RC_ASSERT(!e.close);
  RC_ASSERT(e.echoes.size() == 1u);
  RC_ASSERT(e.echoes[0].payload == to_bytes(whole));
}

RC_GTEST_PROP(OracleProperties, AnInvalidByteAtABoundaryIsBlamedExactly, ()) {
  const auto ascii = *rc::gen::container<std::string>(rc::gen::inRange('a', 'z'));
  const auto at = *rc::gen::inRange<std::size_t>(0, ascii.size() + 1);
  const auto bad = *rc::gen::oneOf(rc::gen::inRange<int>(0x80, 0xC2), rc::gen::inRange<int>(0xF5, 0x100));
  std::string payload = ascii;
  payload.insert(payload.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(bad));
  const auto split = *rc::gen::inRange<std::size_t>(0, payload.size() + 1);
  auto e = derive(case_of({text(payload.substr(0, split), false), continuation(payload.substr(split), true)}),
                  text_and_binary);
  RC_ASSERT(e.kind == violation::invalid_utf8);
  RC_ASSERT(e.payload_offset == at);
}

// ---- the catalogue ----

TEST(Catalogue, IdsAreUniqueNamesWithRequirementsAndBothVerdicts) {
  const auto& all = catalogue();
  std::set<std::string> ids;
  int valid = 0, invalid = 0;
  for (const auto& c : all) {
    EXPECT_TRUE(ids.insert(c.id).second) << "duplicate id " << c.id;
    EXPECT_EQ(c.id.find_first_of(" '\"*?[]"), std::string::npos) << c.id;
    EXPECT_FALSE(c.description.empty()) << c.id;
    EXPECT_NE(c.rfc.find("RFC"), std::string::npos) << c.id << " carries no requirement";
    (derive(c, text_and_binary).close ? invalid : valid)++;
  }
  EXPECT_GT(valid, 80);
  EXPECT_GT(invalid, 200);
}

// Every case of the reference suite's group 6 (145) and 7.5.1 is there, once, under its id.
TEST(Catalogue, ReferenceSuiteParity) {
  std::map<std::string, int> per_group;
  std::set<std::string> refs;
  for (const auto& c : catalogue()) {
    if (c.ref_id.empty()) continue;
    EXPECT_TRUE(refs.insert(c.ref_id).second) << "reference id twice: " << c.ref_id;
    per_group[c.ref_id.substr(0, c.ref_id.rfind('.'))]++;
  }
  EXPECT_EQ(refs.size(), 146u);
  const std::map<std::string, int> expected{
      {"6.1", 3},  {"6.2", 4},  {"6.3", 2},  {"6.4", 4},  {"6.5", 5},  {"6.6", 11}, {"6.7", 4},
      {"6.8", 2},  {"6.9", 4},  {"6.10", 3}, {"6.11", 5}, {"6.12", 8}, {"6.13", 5}, {"6.14", 10},
      {"6.15", 1}, {"6.16", 3}, {"6.17", 5}, {"6.18", 5}, {"6.19", 5}, {"6.20", 7}, {"6.21", 8},
      {"6.22", 34}, {"6.23", 7}, {"7.5", 1}};
  EXPECT_EQ(per_group, expected);
}

// The stress-test vectors: 63 valid, 69 invalid, and the oracle agrees with each definition.
TEST(Catalogue, KuhnVectorsMatchTheOracle) {
  int valid = 0, invalid = 0;
  for (const auto& v : utf8_vectors()) {
    if (v.ref.empty()) continue;
    (v.valid ? valid : invalid)++;
  }
  EXPECT_EQ(valid, 63);
  EXPECT_EQ(invalid, 69);
  for (const auto& c : catalogue()) {
    if (c.id.rfind("8.1/vector/", 0) != 0) continue;
    const bool tagged_valid = std::find(c.tags.begin(), c.tags.end(), "valid") != c.tags.end();
    EXPECT_EQ(derive(c, text_and_binary).close, !tagged_valid) << c.id;
  }
}

TEST(Catalogue, AutobahnProfileAccepts1002ForTheCloseReason) {
  const auto* c = &*std::find_if(catalogue().begin(), catalogue().end(), [](auto& c) { return c.ref_id == "7.5.1"; });
  auto strict = derive(*c, text_and_binary);
  auto autobahn = derive(*c, text_and_binary, profile::autobahn);
  EXPECT_EQ(judge(strict, closed_with(1002)).kind, finding::wrong_code);
  EXPECT_EQ(judge(autobahn, closed_with(1002), profile::autobahn).result, outcome::pass);
  transcript drop = upgraded();
  drop.tcp_closed = true;
  EXPECT_EQ(judge(strict, drop).kind, finding::tcp_drop);
  EXPECT_EQ(judge(autobahn, drop, profile::autobahn).result, outcome::pass);
}
