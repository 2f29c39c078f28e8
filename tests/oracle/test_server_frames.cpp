// The server's own frames, read the way a strict client reads them (issue #19 part 1), and how
// TCP ended (part 3): each framing rule the server breaks is its own finding and fails the case;
// an echo of invalid input keeps its verdict; an RST is tcp_reset, a FIN tcp_drop. In memory.
#include <gtest/gtest.h>

#include "wsh/oracle.hpp"
#include "wsh/verifiers.hpp"
#include "case_of.hpp"

using namespace wsh;

namespace {

using wsh::test::case_of;

const endpoint_policy any{};

// What a session records for a frame the server sent (payload unmasked, header as on the wire).
received_frame got(const frame& f, bool after_close = false) {
  return {.opcode = f.opcode, .fin = f.fin, .payload = f.payload, .ms = 1, .payload_size = 0, .rsv1 = f.rsv1,
          .rsv2 = f.rsv2, .rsv3 = f.rsv3, .masked = f.mask.has_value(), .length = f.length, .after_close = after_close};
}
frame srv(frame f) {
  f.mask.reset();
  return f;
}

// A transcript of the server's frames: data messages reassembled, its close noted.
transcript of(const std::vector<frame>& frames) {
  transcript t;
  t.connected = t.upgraded = true;
  bool closed = false;
  bytes msg;
  std::uint8_t op_ = 0;
  for (const frame& f : frames) {
    t.frames.push_back(got(f, closed));
    if (closed) continue;
    if (f.opcode == op::close) {
      t.client_close_sent = false;
      note_close(t, f.payload, 1);
      closed = true;
      continue;
    }
    if (is_control(f.opcode)) continue;
    if (f.opcode != op::continuation) op_ = f.opcode, msg.clear();
    msg.insert(msg.end(), f.payload.begin(), f.payload.end());
    if (f.fin) t.messages.push_back({op_, msg});
  }
  t.tcp_closed = true;
  return t;
}

const expectation invalid = derive(case_of({text("ab\xED\xA0\x80")}), any);  // 1007 expected
const expectation valid = derive(case_of({text("hi")}), any);                // echo, no close

struct rule_case {
  const char* name;
  std::vector<frame> frames;
  finding kind;
  const char* section;
};

std::vector<rule_case> rule_cases() {
  const frame close1007 = srv(close_frame(1007));
  return {
      {"masked", {close_frame(1007)}, finding::masked_frame, "§5.1"},
      {"rsv2", {srv(frame{.rsv2 = true, .opcode = op::text, .payload = to_bytes("x")}), close1007}, finding::rsv_bits, "§5.2"},
      {"rsv1 without deflate", {srv(frame{.rsv1 = true, .opcode = op::text, .payload = to_bytes("x")}), close1007},
       finding::rsv_bits, "§5.2"},
      {"reserved opcode", {srv(frame{.opcode = 0xB, .payload = {}}), close1007}, finding::reserved_opcode, "§5.2"},
      {"long ping", {srv(ping(bytes(126, 'p'))), close1007}, finding::control_too_long, "§5.5"},
      {"fragmented ping", {srv(frame{.fin = false, .opcode = op::ping, .payload = {}}), close1007},
       finding::fragmented_control, "§5.5"},
      {"stray continuation", {srv(continuation("x")), close1007}, finding::stray_continuation, "§5.4"},
      {"interleaved", {srv(text("a", false)), srv(text("b")), close1007}, finding::interleaved_message, "§5.4"},
      {"non-minimal length", {srv(frame{.opcode = op::text, .length = length_form::bits64, .payload = to_bytes("x")}), close1007},
       finding::non_minimal_length, "§5.2"},
      {"data after close", {close1007, srv(text("late"))}, finding::data_after_close, "§5.5.1"},
  };
}

}  // namespace

TEST(ServerFrames, EachFramingRuleIsItsOwnFailingFinding) {
  for (const auto& rc : rule_cases()) {
    const transcript t = of(rc.frames);
    for (const expectation* e : {&invalid, &valid}) {
      const verdict v = judge(*e, t);
      EXPECT_EQ(v.result, outcome::fail) << rc.name;
      EXPECT_EQ(v.kind, rc.kind) << rc.name << ": " << v.why;
      EXPECT_NE(v.why.find(rc.section), std::string::npos) << rc.name << ": " << v.why;
    }
  }
}

TEST(ServerFrames, ExplainsProfileLeavesThemToTheOtherDirection) {
  // Under `application` the receiver's frames are judged as the sender's of the other direction.
  const verdict v = judge(invalid, of({close_frame(1007)}), profile::application);
  EXPECT_EQ(v.result, outcome::pass) << v.why;
}

TEST(ServerFrames, ACorrectServerPasses) {
  EXPECT_EQ(judge(invalid, of({srv(close_frame(1007))})).result, outcome::pass);
  transcript t = of({srv(text("h", false)), srv(ping({})), srv(continuation("i"))});
  t.tcp_closed = false;
  t.close_received = true;  // answered our close
  t.close_code = 1000;
  t.close_payload_size = 2;
  t.client_close_sent = true;
  EXPECT_EQ(judge(valid, t).result, outcome::pass) << judge(valid, t).why;
}

TEST(ServerFrames, RsvOneOnAMessagesFirstFrameIsFineWhenDeflateWasNegotiated) {
  // "hi" compressed (RFC 7692 §7.2.3.1 sample style): the walk never reads compressed bytes as text.
  transcript t = of({srv(frame{.rsv1 = true, .opcode = op::text, .payload = {0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00}}),
                     srv(close_frame(1007))});
  t.deflate_negotiated = true;
  t.messages.clear();
  const verdict v = judge(invalid, t);
  EXPECT_EQ(v.result, outcome::pass) << v.why;
  // RSV1 on a continuation frame is not: §6 of RFC 7692 puts it on the first frame only.
  transcript c = of({srv(frame{.fin = false, .rsv1 = true, .opcode = op::text, .payload = {0xF2}}),
                     srv(frame{.rsv1 = true, .opcode = op::continuation, .payload = {0x00}}), srv(close_frame(1007))});
  c.deflate_negotiated = true;
  c.messages.clear();
  EXPECT_EQ(judge(invalid, c).kind, finding::rsv_bits);
}

TEST(ServerFrames, InvalidTextTheEchoVerifiersDoNotSeeIsInvalidUtf8) {
  // An unfinished message: no echo to compare, yet the client must fail it (§8.1).
  const verdict v = judge(invalid, of({srv(text("a\xC0\xAF", false)), srv(close_frame(1007))}));
  EXPECT_EQ(v.result, outcome::fail);
  EXPECT_EQ(v.kind, finding::invalid_utf8) << v.why;
  EXPECT_NE(v.why.find("§8.1"), std::string::npos) << v.why;
  // A message that ends inside a character, before the close.
  const verdict w = judge(invalid, of({srv(text("a\xE2\x82")), srv(close_frame(1007))}));
  EXPECT_NE(w.kind, finding::none);
}

namespace {

// The server's frames, then its 1000 answering the close we sent (TCP still open).
transcript answered_our_close(transcript t) {
  t.tcp_closed = false;
  t.close_received = true;
  t.close_code = 1000;
  t.close_payload_size = 2;
  t.client_close_sent = true;
  return t;
}

}  // namespace

TEST(ServerFrames, AnEchoOfInvalidInputKeepsItsVerdict) {
  // Not double-classified: the echo verifiers run first.
  const verdict v = judge(invalid, of({srv(text("ab\xED\xA0\x80")), srv(close_frame(1007))}));
  EXPECT_EQ(v.kind, finding::echoed_invalid) << v.why;
  // Our valid text echoed back, split differently, is fine.
  const transcript t = answered_our_close(of({srv(text("\xE2\x82", false)), srv(continuation("\xAC"))}));
  const verdict w = judge(derive(case_of({text("\xE2\x82\xAC")}), any), t);
  EXPECT_EQ(w.result, outcome::pass) << w.why;
}

TEST(ServerFrames, InvalidTextTheExpectationNamesAsAnEchoIsExpected) {
  // A fuzzer's server model of a server known to deliver an invalid message (Beast's empty final
  // fragment): the echo it names is what the server sends, not a new finding.
  const bytes bad = to_bytes("ab\xF0\x9F\x98");
  expectation model = derive(case_of({text("x")}), any);
  model.echoes = {{op::text, bad}};
  const transcript t = answered_our_close(of({srv(text("ab\xF0\x9F\x98", false)), srv(continuation(""))}));
  const verdict v = judge(model, t);
  EXPECT_EQ(v.result, outcome::pass) << v.why;
  // Another invalid message than the one named stays a finding.
  model.echoes = {{op::text, to_bytes("ab\xF0\x9F")}};
  EXPECT_EQ(judge(model, t).result, outcome::fail);
}

TEST(ServerFrames, BadCloseFramesStayBadCloseFrame) {
  EXPECT_EQ(judge(invalid, of({srv(close_raw({0x03}))})).kind, finding::bad_close_frame);
  EXPECT_EQ(judge(invalid, of({srv(close_frame(1005))})).kind, finding::bad_close_frame);
  // A bad close frame followed by data: the close frame's own defect is named.
  EXPECT_EQ(judge(invalid, of({srv(close_raw({0x03})), srv(text("x"))})).kind, finding::bad_close_frame);
}

TEST(ServerFrames, DeriveNamesTheRuleForEitherSide) {
  const expectation e = derive(case_of({frame{.opcode = op::text, .mask = std::nullopt, .payload = to_bytes("x")}}), any);
  EXPECT_EQ(e.kind, violation::protocol);
  EXPECT_EQ(e.rule, frame_rule::unmasked);
  EXPECT_EQ(finding_of(e.kind, e.rule), finding::unmasked_frame);
  // Client frames: a non-minimal length is not a reason for the server to close (not asked of it).
  const expectation n = derive(case_of({frame{.opcode = op::text, .length = length_form::bits16, .payload = to_bytes("x")}}), any);
  EXPECT_EQ(n.kind, violation::none);
  EXPECT_EQ(finding_of(violation::protocol, frame_rule::close_one_byte), finding::bad_close_frame);
}

// --- how TCP ended -------------------------------------------------------------------------

TEST(TcpEnd, ResetAndFinAreTellApart) {
  transcript t;
  t.connected = t.upgraded = true;
  t.tcp_closed = true;
  t.tcp_closed_ms = 3;
  EXPECT_EQ(judge(invalid, t).kind, finding::tcp_drop);
  EXPECT_NE(judge(invalid, t).why.find("1006"), std::string::npos);
  t.tcp_reset = true;
  const verdict v = judge(invalid, t);
  EXPECT_EQ(v.result, outcome::fail);
  EXPECT_EQ(v.kind, finding::tcp_reset) << v.why;
  EXPECT_NE(v.why.find("RST"), std::string::npos) << v.why;
  EXPECT_EQ(judge(invalid, t, profile::autobahn).result, outcome::pass) << "the reference suite accepts it";
  // Valid traffic, every echo there, then an RST.
  transcript w = t;
  w.messages.push_back({op::text, to_bytes("hi")});
  EXPECT_EQ(judge(valid, w).kind, finding::tcp_reset);
}

TEST(TcpEnd, ResetAfterTheRightCloseIsANoteNotAFail) {
  transcript t = of({srv(close_frame(1007))});
  t.tcp_reset = true;
  t.tcp_closed_ms = 5;
  const verdict v = judge(invalid, t);
  EXPECT_EQ(v.result, outcome::pass) << v.why;
  ASSERT_EQ(v.notes.size(), 1u);
  EXPECT_NE(v.notes[0].find("1006"), std::string::npos) << v.notes[0];
  t.tcp_reset = false;
  EXPECT_TRUE(judge(invalid, t).notes.empty());
}
