// wsh::stop_for: what a run waits for, from the expectation; and when the no-close probe (a ping
// after the stream) may be sent without changing what a case tests. With the verdict a probed
// run gets.
#include <gtest/gtest.h>

#include "wsh/catalogue.hpp"
#include "wsh/stop_for.hpp"
#include "case_of.hpp"

using namespace wsh;

namespace {

using wsh::test::case_of;

const endpoint_policy any{}, text_only{.text_only = true};

frame with(frame f, auto change) {
  change(f);
  return f;
}

}  // namespace

TEST(StopFor, WaitsForWhatTheExpectationNames) {
  const test_case valid = case_of({text("a"), text("b")});
  const stop_condition v = stop_for(derive(valid, any), valid);
  EXPECT_FALSE(v.expect_close);
  EXPECT_EQ(v.expected_echoes, 2u);
  EXPECT_FALSE(v.may_probe) << "nothing to fail: the echoes end it";
  const test_case bad = case_of({text("a"), text("\xff")});
  const stop_condition b = stop_for(derive(bad, any), bad);
  EXPECT_TRUE(b.expect_close);
  EXPECT_EQ(b.expected_echoes, 1u);
  EXPECT_TRUE(b.may_probe);
}

TEST(StopFor, TheProbeFollowsOnlyDataViolationsInWholeFraming) {
  auto may = [](const test_case& c, const endpoint_policy& p = any) { return stop_for(derive(c, p), c).may_probe; };
  EXPECT_TRUE(may(case_of({text("\xed\xa0\x80")})));                          // invalid
  EXPECT_TRUE(may(case_of({text("a\xe2\x82")})));                             // truncated
  EXPECT_TRUE(may(case_of({text("\xe2", false), ping({}), continuation("\x82")})));  // a ping inside: fine
  EXPECT_TRUE(may(case_of({binary(to_bytes("x"))}), text_only));              // binary on text-only
  EXPECT_FALSE(may(case_of({text("\xff", false)}))) << "the message is left open";
  EXPECT_FALSE(may(case_of({text("\xff"), close_frame(1000)}))) << "our close ends what we may send";
  EXPECT_FALSE(may(case_of({with(text("a"), [](frame& f) { f.rsv2 = true; })}))) << "a protocol violation";
  EXPECT_FALSE(may(case_of({text("\xff"), with(text("a"), [](frame& f) { f.mask.reset(); })})))
      << "bad framing after the violation";
  EXPECT_FALSE(may(case_of({text("\xff"), with(text("a"), [](frame& f) { f.length = length_form::bits16; })})));
  EXPECT_FALSE(may(case_of({text("\xff"), continuation("a")}))) << "a stray continuation";
  EXPECT_FALSE(may(case_of({close_frame(1000, "\xff")}))) << "a bad close reason: our close";
}

TEST(StopFor, PingMayFollowTracksMessagesAndCompression) {
  const std::vector<frame> open = {text("a", false), continuation("b", false)};
  EXPECT_FALSE(ping_may_follow(open, false));
  const std::vector<frame> closed = {text("a", false), continuation("b")};
  EXPECT_TRUE(ping_may_follow(closed, false));
  const std::vector<frame> interleaved = {text("a", false), text("b")};
  EXPECT_FALSE(ping_may_follow(interleaved, false));
  const std::vector<frame> compressed = {with(text("a", false), [](frame& f) { f.rsv1 = true; }), continuation("b")};
  EXPECT_TRUE(ping_may_follow(compressed, true));
  EXPECT_FALSE(ping_may_follow(compressed, false)) << "RSV1 without deflate";
  const std::vector<frame> long_ping = {ping(bytes(126, 'x'))};
  EXPECT_FALSE(ping_may_follow(long_ping, false));
  const std::vector<frame> reserved = {frame{.opcode = 0x3, .payload = {}}};
  EXPECT_FALSE(ping_may_follow(reserved, false));
  EXPECT_TRUE(ping_may_follow({}, false));
}

TEST(StopFor, EveryCatalogueCaseThatMayBeProbedEndsBetweenMessages) {
  // The catalogue's view: no case that expects a protocol close, a close reason verdict or
  // fail-fast on an unfinished message is ever probed.
  std::size_t probed = 0;
  for (const test_case& c : catalogue()) {
    const expectation e = derive(c, any);
    if (!stop_for(e, c).may_probe) continue;
    ++probed;
    EXPECT_TRUE(e.close) << c.id;
    EXPECT_FALSE(e.message_unfinished) << c.id;
    EXPECT_FALSE(e.client_closes) << c.id;
    EXPECT_NE(e.kind, violation::protocol) << c.id;
    EXPECT_NE(e.kind, violation::invalid_close_reason) << c.id;
  }
  EXPECT_GT(probed, 100u);
}

TEST(StopFor, AProbedNoCloseSaysSo) {
  const test_case c = case_of({text("\xff")});
  transcript t;
  t.connected = t.upgraded = true;
  t.probe_ms = 30;
  t.probe_pong_ms = 31;
  t.probe_grace_ms = 100;
  t.total_ms = 131;
  const verdict v = judge(derive(c, any), t);
  EXPECT_EQ(v.result, outcome::fail);
  EXPECT_EQ(v.kind, finding::no_close) << v.why;
  EXPECT_NE(v.why.find("answered a ping sent after the last frame (its pong after 31 ms)"), std::string::npos) << v.why;
  EXPECT_NE(v.why.find("no close in the 100 ms"), std::string::npos) << v.why;
  // Without the probe: the deadline, as always.
  t.probe_pong_ms.reset();
  t.timed_out = true;
  EXPECT_NE(judge(derive(c, any), t).why.find("no close within 131 ms"), std::string::npos);
}
