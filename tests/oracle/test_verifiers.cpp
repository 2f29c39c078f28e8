// The verifier vocabulary (wsh/verifiers.hpp) one rule at a time, derive's role (client or
// server frames), and the application profile explain judges real peers with.
#include <gtest/gtest.h>

#include "wsh/oracle.hpp"
#include "wsh/verifiers.hpp"
#include "case_of.hpp"

using namespace wsh;

namespace {

using wsh::test::case_of;

const endpoint_policy text_and_binary{};

transcript upgraded() {
  transcript t;
  t.connected = t.upgraded = true;
  return t;
}
transcript closed_with(std::uint16_t code, bool first = true) {
  transcript t = upgraded();
  t.close_received = true;
  t.server_initiated_close = first;
  t.close_code = code;
  t.close_payload_size = 2;
  return t;
}
expectation invalid() { return derive(case_of({text("ab\xED\xA0\x80")}), text_and_binary); }
expectation valid() { return derive(case_of({text("hi")}), text_and_binary); }

finding kind_of(const ruling& r) { return r ? r->kind : finding::none; }

}  // namespace

TEST(Verifiers, Handshake) {
  EXPECT_EQ(kind_of(verify_handshake(valid(), transcript{})), finding::handshake_failed);
  EXPECT_FALSE(verify_handshake(valid(), upgraded()));
  expectation e = valid();
  e.needs_deflate = true;
  const ruling r = verify_handshake(e, upgraded());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result, outcome::skipped);
  EXPECT_EQ(r->kind, finding::not_negotiated);
}

TEST(Verifiers, EchoesInOrderAndExtraMessagesClassified) {
  transcript t = upgraded();
  t.messages = {{op::text, to_bytes("hi")}};
  EXPECT_FALSE(verify_echoes(valid(), t));
  t.messages[0].payload = to_bytes("ho");
  EXPECT_EQ(kind_of(verify_echoes(valid(), t)), finding::echo_mismatch);
  t.messages = {{op::text, to_bytes("ab\xEF\xBF\xBD")}};
  EXPECT_EQ(kind_of(verify_echoes(invalid(), t)), finding::replaced_invalid);
  t.messages = {{op::text, to_bytes("ab\xED\xA0\x80")}};
  EXPECT_EQ(kind_of(verify_echoes(invalid(), t)), finding::echoed_invalid);
}

TEST(Verifiers, NoRepairLooksOnlyForTheRepairedMessage) {
  transcript t = upgraded();
  t.messages = {{op::text, to_bytes("tick")}};
  EXPECT_FALSE(verify_no_repair(invalid(), t));  // an application sends what it likes
  const expectation at_start = derive(case_of({text("\xEF\xBF\xBDok"), text("\xFF")}), text_and_binary);
  t.messages = {{op::text, to_bytes("\xEF\xBF\xBDok")}};
  EXPECT_FALSE(verify_no_repair(at_start, t));  // the echo of valid text that starts with U+FFFD
  t.messages = {{op::text, to_bytes("tick")}, {op::text, to_bytes("ab\xEF\xBF\xBD\xEF\xBF\xBD")}};
  const ruling r = verify_no_repair(invalid(), t);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, finding::replaced_invalid);
  EXPECT_NE(r->why.find("its message 2"), std::string::npos) << r->why;
}

TEST(Verifiers, FramesAndCloseFrameWellFormed) {
  transcript t = upgraded();
  EXPECT_FALSE(verify_frames_wellformed(valid(), t));
  t.protocol_error = "reserved opcode";
  EXPECT_EQ(kind_of(verify_frames_wellformed(valid(), t)), finding::protocol_error);

  transcript one = closed_with(1000);
  one.close_code.reset();
  one.close_payload_size = 1;
  EXPECT_EQ(kind_of(verify_close_frame_wellformed(valid(), one)), finding::bad_close_frame);
  EXPECT_EQ(kind_of(verify_close_frame_wellformed(valid(), closed_with(1005))), finding::bad_close_frame);
  transcript reason = closed_with(1000);
  reason.close_reason = to_bytes("\xFF");
  EXPECT_EQ(kind_of(verify_close_frame_wellformed(valid(), reason)), finding::bad_close_frame);
  EXPECT_FALSE(verify_close_frame_wellformed(valid(), closed_with(1000)));
}

TEST(Verifiers, NoCloseOnValidDecidesTheApplicationCodesInOnePlace) {
  for (profile p : {profile::strict, profile::autobahn}) {
    EXPECT_EQ(kind_of(verify_no_close_on_valid(valid(), closed_with(1011), p)), finding::closed_valid);
    EXPECT_EQ(verify_no_close_on_valid(valid(), closed_with(1011), p)->result, outcome::fail);
    EXPECT_EQ(kind_of(verify_no_close_on_valid(valid(), closed_with(1009), p)), finding::size_limit);
  }
  for (std::uint16_t code : {1000, 1001, 1003, 1011, 4000}) {
    const ruling r = verify_no_close_on_valid(valid(), closed_with(code), profile::application);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result, outcome::pass) << code;
    EXPECT_EQ(r->kind, finding::application_close) << code;
  }
  EXPECT_EQ(verify_no_close_on_valid(valid(), closed_with(1009), profile::application)->result, outcome::pass);
  for (std::uint16_t code : {1007, 1002})
    EXPECT_EQ(verify_no_close_on_valid(valid(), closed_with(code), profile::application)->result, outcome::fail);
  EXPECT_FALSE(verify_no_close_on_valid(valid(), closed_with(1000, false), profile::strict));  // an answer
}

TEST(Verifiers, ValidTraffic) {
  transcript t = closed_with(1000, false);
  EXPECT_EQ(verify_valid_traffic(valid(), t, profile::strict).kind, finding::missing_echo);
  t.messages = {{op::text, to_bytes("hi")}};
  EXPECT_EQ(verify_valid_traffic(valid(), t, profile::strict).result, outcome::pass);
  transcript silent = upgraded();
  silent.messages = t.messages;
  EXPECT_EQ(verify_valid_traffic(valid(), silent, profile::strict).kind, finding::no_close_reply);
  EXPECT_EQ(verify_valid_traffic(valid(), silent, profile::application).result, outcome::pass);
  silent.tcp_closed = true;
  EXPECT_EQ(verify_valid_traffic(valid(), silent, profile::application).kind, finding::tcp_drop);
}

TEST(Verifiers, CloseCodeAndFailFast) {
  EXPECT_FALSE(verify_close_code(invalid(), closed_with(1007)));
  EXPECT_EQ(kind_of(verify_close_code(invalid(), closed_with(1002))), finding::wrong_code);
  expectation late = invalid();
  late.later_close_end = 20;
  late.later_close_code = 1000;
  transcript answer = closed_with(1000, false);
  answer.sent_when_closed = 20;
  EXPECT_EQ(kind_of(verify_close_code(late, answer)), finding::no_close);

  expectation strict = invalid();
  strict.strict_limit = 10;
  transcript t = closed_with(1007);
  t.sent_when_closed = 10;
  EXPECT_FALSE(verify_fail_fast(strict, t));
  t.sent_when_closed = 11;
  const ruling r = verify_fail_fast(strict, t);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->result, outcome::non_strict);
  EXPECT_EQ(r->kind, finding::late_close);
}

TEST(Verifiers, ExpectedCloseSilenceAndTcp) {
  transcript drop = upgraded();
  drop.tcp_closed = true;
  EXPECT_EQ(verify_expected_close(invalid(), drop, profile::strict).kind, finding::tcp_drop);
  EXPECT_EQ(verify_expected_close(invalid(), drop, profile::autobahn).result, outcome::pass);
  transcript silent = upgraded();
  EXPECT_EQ(verify_expected_close(invalid(), silent, profile::strict).kind, finding::no_close);
  // A record that ends too soon is not a deadline (profile application); one that covers it is.
  EXPECT_EQ(verify_expected_close(invalid(), silent, profile::application).kind, finding::undecided);
  silent.timed_out = true;
  EXPECT_EQ(verify_expected_close(invalid(), silent, profile::application).kind, finding::no_close);
  const expectation unfinished = derive(case_of({text("ab\xED\xA0\x80", false)}), text_and_binary);
  EXPECT_EQ(never_failed(unfinished, "no close").kind, finding::not_fail_fast);
  const expectation binary_only = derive(case_of({binary({1})}), endpoint_policy{true, 1003});
  EXPECT_EQ(never_failed(binary_only, "no close").kind, finding::discarded_binary);
}

// TCP left open after the closing handshake is a note on the verdict, never the verdict.
TEST(Verifiers, TcpLeftOpenIsANoteNotAFailure) {
  transcript t = closed_with(1007);
  t.client_close_sent = true;
  t.tcp_closed = true;
  const verdict closed = judge(invalid(), t, profile::strict);
  EXPECT_EQ(closed.result, outcome::pass);
  EXPECT_TRUE(closed.notes.empty());
  t.tcp_closed = false;
  t.tcp_open_after_close_ms = 500;
  const verdict open = judge(invalid(), t, profile::strict);
  EXPECT_EQ(open.result, outcome::pass);
  ASSERT_EQ(open.notes.size(), 1u);
  EXPECT_NE(open.notes[0].find("kept TCP open 500 ms"), std::string::npos) << open.notes[0];
  EXPECT_NE(open.notes[0].find("§7.1.1"), std::string::npos) << open.notes[0];
}

TEST(Verifiers, CloseReplyUnderTheApplicationProfile) {
  const expectation e = derive(case_of({close_frame(1000)}), text_and_binary);
  ASSERT_TRUE(e.close);
  EXPECT_EQ(judge(e, closed_with(1001, false), profile::application).result, outcome::pass);  // any code answers
  EXPECT_EQ(judge(e, closed_with(1001, false), profile::strict).kind, finding::wrong_code);    // ours echoes it
  transcript drop = upgraded();
  drop.tcp_closed = true;
  EXPECT_EQ(verify_close_reply(e, drop).kind, finding::no_close_reply);
  EXPECT_EQ(verify_close_reply(e, upgraded()).kind, finding::undecided);
}

TEST(DeriveRole, ServerFramesAreUnmaskedAndReasonsNameTheClient) {
  frame masked = text("hi");
  frame plain = text("hi");
  plain.mask.reset();
  EXPECT_EQ(derive(case_of({plain}), text_and_binary).kind, violation::protocol);  // client frames: masked
  EXPECT_EQ(derive(case_of({plain}), text_and_binary, profile::strict, role::server_frames).kind, violation::none);
  const expectation m = derive(case_of({masked}), text_and_binary, profile::strict, role::server_frames);
  EXPECT_EQ(m.kind, violation::protocol);
  EXPECT_NE(m.reason.find("server frame is masked"), std::string::npos) << m.reason;
  EXPECT_NE(m.reason.find("the client must fail"), std::string::npos) << m.reason;
  frame bad = text("caf\xE9!");
  bad.mask.reset();
  const expectation u = derive(case_of({bad}), text_and_binary, profile::strict, role::server_frames);
  EXPECT_EQ(u.kind, violation::invalid_utf8);
  EXPECT_NE(u.reason.find("the client fails"), std::string::npos) << u.reason;
  EXPECT_EQ(u.reason.find("the server"), std::string::npos) << u.reason;
  EXPECT_EQ(finding_of(u.kind), finding::invalid_utf8);
  EXPECT_STREQ(to_string(finding_of(violation::protocol)), "protocol");
}
