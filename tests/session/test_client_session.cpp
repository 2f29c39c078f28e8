// wsh::client_session in memory: the upgrade, recording, pongs, reassembly under the cap,
// inflation, the close, the pause logic and the stop conditions, step by step with no socket and
// no clock (the tests hand it the time).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "wsh/client_session.hpp"
#include "wsh/deflate.hpp"
#include "wsh/frame_codec.hpp"
#include "wsh/handshake.hpp"
#include "case_of.hpp"

using namespace wsh;

namespace {

using wsh::test::case_of;

constexpr std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==";
using action = client_session::action;

std::string response_101(std::string_view extensions = {}) {
  std::string r = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: " + accept_for_key(key) + "\r\n";
  if (!extensions.empty()) r += "Sec-WebSocket-Extensions: " + std::string(extensions) + "\r\n";
  return r + "\r\n";
}

// A server's frame: unmasked.
bytes from_server(frame f) {
  f.mask.reset();
  return encode(f);
}

bytes cat(std::initializer_list<bytes> parts) {
  bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A case's session with a fixed key; the case, its layout and its writes outlive the session.
struct fixture {
  test_case c;
  wire_layout w;
  std::vector<write_chunk> chunks;
  client_session s;
  fixture(test_case tc, stop_condition stop, std::uint64_t max_message = 64ull << 20, int probe_grace_ms = 0)
      : c(std::move(tc)), w(layout(c)), s(plan_for(c, w, 100, chunks), options(stop, max_message, probe_grace_ms)) {}

  static session_options options(stop_condition stop, std::uint64_t max_message, int probe_grace_ms) {
    session_options o;
    o.key = key;
    o.stop = stop;
    o.max_message = max_message;
    o.probe_grace_ms = probe_grace_ms;
    return o;
  }

  // Connects, writes the request and hands over the server's first bytes.
  void upgrade(const bytes& server_bytes, double now = 0) {
    s.connected();
    EXPECT_EQ(s.next().what, action::write);
    s.wrote(now);
    ASSERT_EQ(s.next().what, action::read);
    s.received(server_bytes, now);
  }

  // Writes whatever the session wants written, in order, and returns those bytes.
  bytes write_all(double now) {
    bytes out;
    for (int i = 0; i < 100 && s.next().what == action::write; ++i) {
      const auto st = s.next();
      out.insert(out.end(), st.bytes.begin(), st.bytes.end());
      s.wrote(now);
    }
    return out;
  }
};

}  // namespace

// --- the upgrade -----------------------------------------------------------------------------

TEST(ClientSession, WritesTheUpgradeRequestFirst) {
  fixture f(case_of({text("a")}), {});
  f.s.connected();
  const auto st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  const std::string req(st.bytes.begin(), st.bytes.end());
  EXPECT_EQ(req.rfind("GET / HTTP/1.1\r\n", 0), 0u);
  EXPECT_NE(req.find("Sec-WebSocket-Key: " + std::string(key) + "\r\n"), std::string::npos);
  EXPECT_EQ(req.find("Sec-WebSocket-Extensions"), std::string::npos);
  EXPECT_TRUE(f.s.record().connected);
}

TEST(ClientSession, BadAcceptIsASetupError) {
  fixture f(case_of({text("a")}), {});
  std::string r = response_101();
  r.replace(r.find(accept_for_key(key)), 4, "AAAA");
  f.upgrade(to_bytes(r));
  EXPECT_EQ(f.s.next().what, action::done);
  EXPECT_FALSE(f.s.record().upgraded);
  EXPECT_NE(f.s.record().setup_error.find("Sec-WebSocket-Accept"), std::string::npos) << f.s.record().setup_error;
}

TEST(ClientSession, No101IsASetupError) {
  fixture f(case_of({text("a")}), {});
  f.upgrade(to_bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
  EXPECT_EQ(f.s.next().what, action::done);
  EXPECT_NE(f.s.record().setup_error.find("instead of 101"), std::string::npos) << f.s.record().setup_error;
}

TEST(ClientSession, HeadInPiecesAndUpgradeFailures) {
  {  // split anywhere: still one head
    fixture f(case_of({text("a")}), {});
    const std::string r = response_101();
    f.upgrade(to_bytes(r.substr(0, 10)));
    EXPECT_EQ(f.s.next().what, action::read);
    f.s.received(to_bytes(r.substr(10)), 1);
    EXPECT_TRUE(f.s.record().upgraded);
    EXPECT_EQ(f.s.next().what, action::write);
  }
  {
    fixture f(case_of({text("a")}), {});
    f.upgrade(to_bytes(std::string(16385, 'x')));
    EXPECT_EQ(f.s.record().setup_error, "upgrade response head exceeds 16 KiB");
  }
  {
    fixture f(case_of({text("a")}), {});
    f.upgrade(to_bytes("HTTP/1.1 101"));
    f.s.read_timed_out(f.s.next().until_ms);
    EXPECT_EQ(f.s.record().setup_error, "no upgrade response before the deadline");
    EXPECT_FALSE(f.s.record().timed_out);
  }
  {
    fixture f(case_of({text("a")}), {});
    f.s.connected();
    f.s.write_failed("broken pipe", 0);
    EXPECT_EQ(f.s.record().setup_error, "could not send the upgrade request: broken pipe");
    EXPECT_EQ(f.s.next().what, action::done);
  }
}

TEST(ClientSession, FramesRightBehindThe101AreRecorded) {
  fixture f(case_of({text("a")}), {.expect_close = false, .expected_echoes = 1});
  f.upgrade(cat({to_bytes(response_101()), from_server(text("a"))}), 3);
  EXPECT_TRUE(f.s.record().upgraded);
  // The stream goes out first; the echo is taken from the buffer when the session reads.
  EXPECT_EQ(f.s.next().bytes.size(), f.w.stream.size());
  f.s.wrote(4);
  ASSERT_EQ(f.s.record().messages.size(), 1u);
  EXPECT_EQ(f.s.record().messages[0].payload, to_bytes("a"));
  EXPECT_EQ(f.s.record().frames[0].ms, 4);
  // All echoes are in: our 1000 close.
  const auto st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  EXPECT_EQ(bytes(st.bytes.begin(), st.bytes.end()), encode(close_frame(1000)));
}

// The fuzzers' cache of an accepted 101: a session with the same key and offer takes the same
// head without checking it again, frames behind it included; another key checks it anew.
TEST(ClientSession, AnAcceptedHeadIsCachedForItsKeyAndOffer) {
  const test_case c = case_of({text("a")});
  const wire_layout w = layout(c);
  accepted_head_cache cache;
  auto upgraded = [&](std::string_view with_key, const bytes& server) {
    std::vector<write_chunk> chunks;
    session_options o;
    o.key = with_key;
    o.stop = {.expect_close = false, .expected_echoes = 1};
    o.cache = &cache;
    client_session s(plan_for(c, w, 100, chunks), o);
    s.connected();
    s.wrote(0);
    s.received(server, 0);
    for (int i = 0; i < 10 && s.next().what == action::write; ++i) s.wrote(1);
    return s.finish(2);
  };
  const bytes server = cat({to_bytes(response_101()), from_server(text("a"))});
  const transcript first = upgraded(key, server);
  EXPECT_TRUE(first.upgraded) << first.setup_error;
  EXPECT_EQ(cache.head, response_101());
  const transcript again = upgraded(key, server);
  EXPECT_TRUE(again.upgraded) << again.setup_error;
  ASSERT_EQ(again.messages.size(), 1u);  // the frame right behind the cached head
  EXPECT_EQ(again.messages[0].payload, to_bytes("a"));
  const transcript other_key = upgraded("x3JJHMbDL1EzLkh9GBhXDw==", server);
  EXPECT_FALSE(other_key.upgraded);
  EXPECT_NE(other_key.setup_error.find("Sec-WebSocket-Accept"), std::string::npos) << other_key.setup_error;
}

// --- what comes back -------------------------------------------------------------------------

TEST(ClientSession, AnswersAPingWithItsPayload) {
  fixture f(case_of({text("a")}), {.expect_close = false, .expected_echoes = 1});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);  // the stream
  ASSERT_EQ(f.s.next().what, action::read);
  f.s.received(from_server(ping(to_bytes("p1"))), 2);
  const auto st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  EXPECT_EQ(bytes(st.bytes.begin(), st.bytes.end()), encode(frame{.opcode = op::pong, .payload = to_bytes("p1")}));
  EXPECT_EQ(st.until_ms, 202);
  f.s.wrote(3);
  EXPECT_EQ(f.s.next().what, action::read) << "still waiting for the echo";
  ASSERT_EQ(f.s.record().frames.size(), 1u);
  EXPECT_EQ(f.s.record().frames[0].opcode, op::ping);
  // A pong that cannot be written is only noted.
  f.s.received(from_server(ping()), 4);
  f.s.write_failed("broken pipe", 5);
  EXPECT_EQ(f.s.record().write_error, "broken pipe");
  EXPECT_EQ(f.s.next().what, action::read);
}

TEST(ClientSession, ReassemblesMessagesUnderTheCap) {
  {
    fixture f(case_of({text("abcd")}), {.expect_close = false, .expected_echoes = 2});
    f.upgrade(to_bytes(response_101()));
    f.s.wrote(1);
    f.s.received(cat({from_server(text("ab", false)), from_server(ping()), from_server(continuation("cd"))}), 2);
    f.write_all(2);  // the pong
    f.s.received(from_server(binary(to_bytes("xyz"))), 3);
    const auto& t = f.s.record();
    ASSERT_EQ(t.messages.size(), 2u);
    EXPECT_EQ(t.messages[0], (received_message{op::text, to_bytes("abcd")}));
    EXPECT_EQ(t.messages[1], (received_message{op::binary, to_bytes("xyz")}));
    EXPECT_EQ(t.frames.size(), 4u);
  }
  {
    fixture f(case_of({text("abcd")}), {.expect_close = false, .expected_echoes = 1}, 3);
    f.upgrade(to_bytes(response_101()));
    f.s.wrote(1);
    f.s.received(cat({from_server(text("ab", false)), from_server(continuation("cd"))}), 2);
    EXPECT_NE(f.s.record().protocol_error.find("exceeds 3 bytes"), std::string::npos) << f.s.record().protocol_error;
    EXPECT_TRUE(f.s.record().messages.empty());
    EXPECT_EQ(f.s.next().what, action::done) << "a protocol error ends the connection";
  }
}

TEST(ClientSession, InflatesCompressedMessagesWhenNegotiated) {
  test_case c = case_of({text("Hello")});
  c.frames[0].rsv1 = true;
  c.deflate = true;
  fixture f(c, {.expect_close = false, .expected_echoes = 2});
  f.s.connected();
  const std::string req(f.s.next().bytes.begin(), f.s.next().bytes.end());
  EXPECT_NE(req.find("Sec-WebSocket-Extensions: permessage-deflate\r\n"), std::string::npos);
  f.s.wrote(0);
  f.s.received(to_bytes(response_101("permessage-deflate; server_no_context_takeover")), 0);
  EXPECT_TRUE(f.s.record().deflate_negotiated);
  f.s.wrote(1);
  frame echo = text(deflate_message(to_bytes("Hello")));
  echo.rsv1 = true;
  f.s.received(cat({from_server(echo), from_server(echo)}), 2);  // no context takeover: same bytes twice
  ASSERT_EQ(f.s.record().messages.size(), 2u);
  EXPECT_EQ(f.s.record().messages[0].payload, to_bytes("Hello"));
  EXPECT_EQ(f.s.record().messages[1].payload, to_bytes("Hello"));
}

TEST(ClientSession, DeflateAcceptanceIsParsedNotASubstring) {
  test_case c = case_of({text("Hello")});
  c.deflate = true;
  for (const char* ext : {"x-permessage-deflate-ish", "foo; permessage-deflate"}) {
    fixture f(c, {});
    f.upgrade(to_bytes(response_101(ext)));
    EXPECT_FALSE(f.s.record().deflate_negotiated) << ext;
    // Declined: nothing to test, a 1000 close and wait for the answer.
    const auto st = f.s.next();
    ASSERT_EQ(st.what, action::write);
    EXPECT_EQ(bytes(st.bytes.begin(), st.bytes.end()), encode(close_frame(1000)));
    f.s.wrote(1);
    f.s.received(from_server(close_frame(1000)), 2);
    EXPECT_EQ(f.s.next().what, action::done);
    EXPECT_EQ(f.s.record().bytes_sent, 0u);
  }
  EXPECT_TRUE(parse_deflate("x, PerMessage-Deflate ; Client_No_Context_Takeover").negotiated);
  EXPECT_TRUE(parse_deflate("permessage-deflate; client_no_context_takeover").client_no_context_takeover);
}

// --- the close -------------------------------------------------------------------------------

TEST(ClientSession, RecordsTheServersCloseAndEchoesItsCode) {
  fixture f(case_of({text("\xff")}), {.expect_close = true, .expected_echoes = 0});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);
  f.s.received(from_server(close_frame(1007, "bad")), 7);
  const auto& t = f.s.record();
  EXPECT_TRUE(t.close_received);
  EXPECT_TRUE(t.server_initiated_close);
  EXPECT_EQ(t.close_code, 1007);
  EXPECT_EQ(t.close_reason, to_bytes("bad"));
  EXPECT_EQ(t.close_ms, 7);
  EXPECT_EQ(t.sent_when_closed, f.w.stream.size());
  auto st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  EXPECT_EQ(bytes(st.bytes.begin(), st.bytes.end()), encode(close_frame(1007)));
  f.s.wrote(8);
  EXPECT_TRUE(t.client_close_sent);
  // Then up to 500 ms for the server to end TCP, which is not the case timing out.
  st = f.s.next();
  ASSERT_EQ(st.what, action::read);
  EXPECT_EQ(st.until_ms, 508);
  f.s.read_ended(false, "eof", 9);
  EXPECT_TRUE(t.tcp_closed);
  EXPECT_FALSE(t.tcp_open_after_close_ms.has_value());
  EXPECT_EQ(t.sent_when_closed, f.w.stream.size()) << "the close frame came first";
  EXPECT_EQ(f.s.next().what, action::done);
  EXPECT_EQ(f.s.finish(10).total_ms, 10);
}

// Both close frames exchanged and the server never ends TCP: recorded (a note, not a verdict).
TEST(ClientSession, TcpLeftOpenAfterTheClosingHandshakeIsRecorded) {
  fixture f(case_of({text("\xff")}), {.expect_close = true});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);
  f.s.received(from_server(close_frame(1007)), 7);
  f.write_all(8);
  ASSERT_EQ(f.s.next().what, action::read);
  f.s.read_timed_out(508);
  EXPECT_EQ(f.s.next().what, action::done);
  const auto& t = f.s.record();
  ASSERT_TRUE(t.tcp_open_after_close_ms.has_value());
  EXPECT_EQ(*t.tcp_open_after_close_ms, 500);
  EXPECT_FALSE(t.timed_out) << "the linger is not the case's deadline";
}

TEST(ClientSession, ACloseWithoutCodeIsEchoedWithoutCode) {
  fixture f(case_of({text("\xff")}), {.expect_close = true});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);
  f.s.received(from_server(close_raw({})), 2);
  EXPECT_FALSE(f.s.record().close_code.has_value());
  EXPECT_EQ(f.write_all(3), encode(close_raw({})));
}

TEST(ClientSession, TcpEndWithoutCloseNotesWhatWasSent) {
  fixture f(case_of({text("\xff")}), {.expect_close = true});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);
  f.s.read_ended(true, "reset", 5);
  const auto& t = f.s.record();
  EXPECT_TRUE(t.tcp_closed);
  EXPECT_TRUE(t.tcp_reset);
  EXPECT_EQ(t.tcp_closed_ms, 5);
  EXPECT_EQ(t.sent_when_closed, f.w.stream.size());
  EXPECT_EQ(f.s.next().what, action::done) << "no close frame: nothing to echo, no linger";
}

// --- pauses ----------------------------------------------------------------------------------

TEST(ClientSession, ACloseDuringAPauseStopsSending) {
  test_case c = case_of({text("\xff"), text("more")});
  c.pauses = {{.frame_index = 0, .ms = 100}};
  fixture f(c, {.expect_close = true});
  EXPECT_EQ(f.s.deadline_ms(), 2100);
  f.upgrade(to_bytes(response_101()));
  auto st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  EXPECT_EQ(st.bytes.size(), f.w.frame_start[1]);
  f.s.wrote(5);
  st = f.s.next();
  ASSERT_EQ(st.what, action::read);
  EXPECT_EQ(st.until_ms, 105);
  f.s.received(from_server(close_frame(1007)), 50);
  EXPECT_EQ(f.s.record().sent_when_closed, f.w.frame_start[1]);
  // No second frame: the close echo comes next.
  EXPECT_EQ(f.write_all(51), encode(close_frame(1007)));
  EXPECT_EQ(f.s.record().bytes_sent, f.w.frame_start[1]);
}

TEST(ClientSession, APauseThatEndsQuietlyIsNotATimeout) {
  test_case c = case_of({text("\xce"), continuation("\xba")});
  c.pauses = {{.frame_index = 0, .ms = 100}};
  fixture f(c, {.expect_close = true});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);
  f.s.read_timed_out(101);
  EXPECT_FALSE(f.s.record().timed_out);
  auto st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  EXPECT_EQ(st.bytes.size(), f.w.stream.size() - f.w.frame_start[1]);
  f.s.wrote(102);
  st = f.s.next();
  ASSERT_EQ(st.what, action::read);
  EXPECT_EQ(st.until_ms, 2100);
  f.s.read_timed_out(2100);
  EXPECT_TRUE(f.s.record().timed_out);
  EXPECT_EQ(f.s.next().what, action::done) << "a close was awaited: no close of our own";
  EXPECT_FALSE(f.s.record().client_close_sent);
}

TEST(ClientSession, FinishesAHalfSentFrameBeforeTheEchoingClose) {
  test_case c = case_of({text("\xff\xfe"), text("abcdef")});
  c.pauses = {{.frame_index = 1, .payload_bytes = 2, .ms = 100}};
  fixture f(c, {.expect_close = true});
  f.upgrade(to_bytes(response_101()));
  const std::size_t half = f.w.payload_start[1] + 2;
  EXPECT_EQ(f.s.next().bytes.size(), half);
  f.s.wrote(1);
  f.s.received(from_server(close_frame(1007)), 2);
  // The rest of frame 2, then the close: the server must not read our close as payload.
  auto st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  EXPECT_EQ(bytes(st.bytes.begin(), st.bytes.end()), bytes(f.w.stream.begin() + static_cast<std::ptrdiff_t>(half), f.w.stream.end()));
  f.s.wrote(3);
  st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  EXPECT_EQ(bytes(st.bytes.begin(), st.bytes.end()), encode(close_frame(1007)));
  f.s.wrote(4);
  EXPECT_EQ(f.s.record().bytes_sent, f.w.stream.size());
  EXPECT_EQ(f.s.record().sent_when_closed, half);
}

TEST(ClientSession, AFailedWriteStopsSendingAndReadsWhatCame) {
  test_case c = case_of({text("\xff"), text("more")});
  c.pauses = {{.frame_index = 0, .ms = 0}};  // two writes, no pause
  fixture f(c, {.expect_close = true});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);
  f.s.write_failed("broken pipe", 2);
  EXPECT_EQ(f.s.record().write_error, "broken pipe");
  EXPECT_EQ(f.s.record().bytes_sent, f.w.frame_start[1]);
  EXPECT_EQ(f.s.next().what, action::read);
  f.s.read_ended(false, "eof", 3);
  EXPECT_EQ(f.s.next().what, action::done);
}

// --- when reading stops ----------------------------------------------------------------------

TEST(ClientSession, StopConditions) {
  {  // a close awaited: a message beyond the expected echoes is enough (the case already fails)
    fixture f(case_of({text("\xff")}), {.expect_close = true, .expected_echoes = 0});
    f.upgrade(to_bytes(response_101()));
    f.s.wrote(1);
    f.s.received(from_server(text("?")), 2);
    EXPECT_EQ(f.s.next().what, action::done);
    EXPECT_FALSE(f.s.record().client_close_sent);
    EXPECT_FALSE(f.s.record().timed_out);
  }
  {  // no close awaited: the echoes, then our 1000 close and its answer
    fixture f(case_of({text("a"), text("b")}), {.expect_close = false, .expected_echoes = 2});
    f.upgrade(to_bytes(response_101()));
    f.s.wrote(1);
    f.s.received(from_server(text("a")), 2);
    EXPECT_EQ(f.s.next().what, action::read);
    f.s.received(from_server(text("b")), 3);
    EXPECT_EQ(f.write_all(4), encode(close_frame(1000)));
    EXPECT_TRUE(f.s.record().client_close_sent);
    EXPECT_EQ(f.s.record().client_close_ms, 4);
    f.s.received(from_server(close_frame(1000)), 5);
    EXPECT_FALSE(f.s.record().server_initiated_close);
    EXPECT_EQ(f.s.next().what, action::read) << "the linger for TCP's end";
    f.s.read_timed_out(505);
    EXPECT_FALSE(f.s.record().timed_out) << "the linger's end is not a timeout";
    EXPECT_EQ(f.s.next().what, action::done);
  }
  {  // no close awaited, echoes missing at the deadline: no close of ours
    fixture f(case_of({text("a")}), {.expect_close = false, .expected_echoes = 1});
    f.upgrade(to_bytes(response_101()));
    f.s.wrote(1);
    f.s.read_timed_out(2000);
    EXPECT_TRUE(f.s.record().timed_out);
    EXPECT_EQ(f.s.next().what, action::done);
    EXPECT_FALSE(f.s.record().client_close_sent);
  }
}

// --- the no-close probe ----------------------------------------------------------------------

namespace {

const bytes probe_ping = encode(ping(to_bytes("wsh no-close probe")));

// A case the server should close (invalid UTF-8) that allows the probe, with a 100 ms grace;
// upgraded at 0, its stream written at 1.
struct probed : fixture {
  explicit probed(bool may_probe = true, int grace = 100)
      : fixture(case_of({text("\xff")}), {.expect_close = true, .expected_echoes = 0, .may_probe = may_probe},
                64ull << 20, grace) {
    upgrade(to_bytes(response_101()));
    s.wrote(1);
  }
  // The quiet time ends at 26, the ping goes out at 27; its pong (the probe's payload, or
  // another) comes back at `pong_ms` (no pong: 0).
  void pinged(double pong_ms, std::string_view payload = "wsh no-close probe") {
    s.read_timed_out(26);
    s.wrote(27);
    if (pong_ms > 0) s.received(from_server(frame{.opcode = op::pong, .payload = to_bytes(payload)}), pong_ms);
  }
};

}  // namespace

TEST(NoCloseProbe, AQuietServerIsPingedAndItsGraceEndsTheCase) {
  probed f;
  auto st = f.s.next();
  ASSERT_EQ(st.what, action::read);
  EXPECT_EQ(st.until_ms, 26) << "25 ms of quiet first";
  f.s.read_timed_out(26);
  st = f.s.next();
  ASSERT_EQ(st.what, action::write);
  EXPECT_EQ(bytes(st.bytes.begin(), st.bytes.end()), probe_ping) << "a masked ping";
  f.s.wrote(27);
  EXPECT_EQ(f.s.record().probe_ms, 27);
  EXPECT_EQ(f.s.record().bytes_sent, f.w.stream.size()) << "the probe is not the case's stream";
  EXPECT_EQ(f.s.next().until_ms, 2000) << "until its pong: the deadline";
  f.s.received(from_server(frame{.opcode = op::pong, .payload = to_bytes("wsh no-close probe")}), 29);
  EXPECT_EQ(f.s.record().probe_pong_ms, 29);
  EXPECT_EQ(f.s.next().until_ms, 129) << "then the grace";
  f.s.read_timed_out(129);
  EXPECT_EQ(f.s.next().what, action::done);
  const transcript t = f.s.finish(129);
  EXPECT_FALSE(t.timed_out) << "the grace's end is not the deadline";
  EXPECT_FALSE(t.close_received);
  EXPECT_EQ(t.probe_grace_ms, 100);
}

TEST(NoCloseProbe, ACloseInTheGraceIsRecordedAsAlways) {
  probed f;
  f.pinged(29);
  f.s.received(from_server(close_frame(1007)), 90);
  EXPECT_EQ(f.write_all(91), encode(close_frame(1007)));
  EXPECT_EQ(f.s.record().close_code, 1007);
  EXPECT_TRUE(f.s.record().server_initiated_close);
}

TEST(NoCloseProbe, NoPongMeansTheFullDeadline) {
  probed f;
  f.pinged(29, "other");  // another pong (not ours) is no answer to the probe
  EXPECT_FALSE(f.s.record().probe_pong_ms);
  EXPECT_EQ(f.s.next().until_ms, 2000);
  f.s.read_timed_out(2000);
  EXPECT_EQ(f.s.next().what, action::done);
  EXPECT_TRUE(f.s.record().timed_out);
}

TEST(NoCloseProbe, ASlowRoundTripLengthensTheGrace) {
  probed f;
  f.pinged(327);
  EXPECT_EQ(f.s.record().probe_grace_ms, 1200) << "4 x the 300 ms round trip";
  EXPECT_EQ(f.s.next().until_ms, 1527);
  // And never past the deadline.
  probed g;
  g.pinged(1000);
  EXPECT_EQ(g.s.next().until_ms, 2000);
}

TEST(NoCloseProbe, OffWhenTheCaseOrTheUserSaysSo) {
  for (const auto& [may, grace] : {std::pair{false, 100}, std::pair{true, 0}}) {
    probed f(may, grace);
    EXPECT_EQ(f.s.next().until_ms, 2000) << "straight to the deadline";
    f.s.read_timed_out(2000);
    EXPECT_EQ(f.s.next().what, action::done);
    EXPECT_FALSE(f.s.record().probe_ms);
  }
  // A server that closes in the quiet time is never pinged.
  probed f;
  f.s.received(from_server(close_frame(1007)), 5);
  EXPECT_EQ(f.write_all(6), encode(close_frame(1007)));
  EXPECT_FALSE(f.s.record().probe_ms);
}

// --- any split of the server's bytes is the same conversation --------------------------------

namespace {

// Runs a session against `server` (the server's bytes), handed over in pieces cut at `cuts`;
// every write succeeds; the connection ends after the last piece.
transcript run_split(const bytes& server, std::vector<std::size_t> cuts) {
  test_case c = case_of({text("\xff")});
  const wire_layout w = layout(c);
  session_options o;
  o.key = key;
  o.stop = {.expect_close = true, .expected_echoes = 99};
  std::vector<write_chunk> chunks;
  client_session s(plan_for(c, w, 100, chunks), o);
  std::sort(cuts.begin(), cuts.end());
  cuts.push_back(server.size());
  std::size_t at = 0, piece = 0;
  s.connected();
  for (int i = 0; i < 10000; ++i) {
    const auto st = s.next();
    if (st.what == action::done) break;
    if (st.what == action::write) {
      s.wrote(0);
    } else if (piece < cuts.size()) {
      const std::size_t end = std::max(at, std::min(cuts[piece++], server.size()));
      s.received(byte_view(server).subspan(at, end - at), 0);
      at = end;
    } else {
      s.read_ended(false, "eof", 0);
    }
  }
  return s.finish(0);
}

}  // namespace

RC_GTEST_PROP(ClientSessionProperty, AnySplitOfTheServersBytesRecordsTheSame, ()) {
  const auto payloads = *rc::gen::container<std::vector<std::string>>(rc::gen::string<std::string>());
  bytes server = to_bytes(response_101());
  for (const auto& p : payloads) {
    const bytes more = p.size() % 3 == 0 ? from_server(ping(to_bytes(p)))
                       : p.size() % 3 == 1 ? cat({from_server(text(p.substr(0, 1), false)), from_server(continuation(p.substr(1)))})
                                           : from_server(binary(to_bytes(p)));
    server.insert(server.end(), more.begin(), more.end());
  }
  const bytes close = from_server(close_frame(1007, "x"));
  server.insert(server.end(), close.begin(), close.end());
  const auto cuts = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, server.size() + 1));

  const transcript whole = run_split(server, {});
  const transcript split = run_split(server, cuts);
  RC_ASSERT(whole.upgraded);
  RC_ASSERT(whole.close_code == std::optional<std::uint16_t>(1007));
  RC_ASSERT(split.upgraded == whole.upgraded);
  RC_ASSERT(split.messages == whole.messages);
  RC_ASSERT(split.frames.size() == whole.frames.size());
  for (std::size_t i = 0; i < whole.frames.size(); ++i) {
    RC_ASSERT(split.frames[i].opcode == whole.frames[i].opcode);
    RC_ASSERT(split.frames[i].payload == whole.frames[i].payload);
  }
  RC_ASSERT(split.close_code == whole.close_code);
  RC_ASSERT(split.close_reason == whole.close_reason);
  RC_ASSERT(split.client_close_sent == whole.client_close_sent);
  RC_ASSERT(split.bytes_sent == whole.bytes_sent);
}

// --- the write plan --------------------------------------------------------------------------

TEST(WritePlan, WriteSizesBecomePausesOutsideHeaders) {
  const std::vector<frame> frames = {text("abcdef"), text("gh")};  // 2+4+6 = 12 bytes, then 8
  const wire_layout w = layout(frames);
  ASSERT_EQ(w.frame_start[1], 12u);
  // Writes of 5: splits at 5 (payload byte 0 of frame 1... inside its header+mask: moved to
  // the payload start, 6), 10, 15 (inside frame 2's header: moved to 18), 20 = the end.
  const auto pauses = pauses_for_write_size(frames, 5);
  test_case c = case_of(frames);
  c.pauses = pauses;
  std::vector<std::size_t> ends;
  for (const auto& chunk : write_plan(c, w)) ends.push_back(chunk.end);
  EXPECT_EQ(ends, (std::vector<std::size_t>{6, 10, 18, 20}));
  for (const auto& p : pauses) EXPECT_EQ(p.ms, 1);
  EXPECT_TRUE(pauses_for_write_size(frames, 0).empty());
  // A split exactly between frames stays there.
  const auto at_boundary = pauses_for_write_size(frames, 12);
  ASSERT_EQ(at_boundary.size(), 1u);
  EXPECT_EQ(at_boundary[0].frame_index, 0u);
  EXPECT_EQ(at_boundary[0].payload_bytes, std::numeric_limits<std::size_t>::max());
}

// --- the server's framing, as on the wire (the oracle judges it) ------------------------------

TEST(ClientSession, RecordsEachFramesHeaderAsOnTheWire) {
  fixture f(case_of({text("\xff")}), {.expect_close = true});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);
  const frame rsv{.rsv2 = true, .opcode = op::text, .mask = std::nullopt, .payload = to_bytes("a")};
  const frame longer{.opcode = op::text, .mask = std::nullopt, .length = length_form::bits16, .payload = to_bytes("b")};
  const frame masked = ping(to_bytes("m"));  // default mask key, as only a client may
  f.s.received(cat({encode(rsv), encode(longer), encode(masked)}), 2);
  const auto& t = f.s.record();
  ASSERT_EQ(t.frames.size(), 3u);
  EXPECT_TRUE(t.frames[0].rsv2);
  EXPECT_FALSE(t.frames[0].masked);
  EXPECT_EQ(t.frames[1].length, length_form::bits16);
  EXPECT_EQ(t.frames[0].length, length_form::minimal);
  EXPECT_TRUE(t.frames[2].masked);
  EXPECT_EQ(t.frames[2].payload, to_bytes("m")) << "unmasked";
}

TEST(ClientSession, FramesAfterTheServersCloseAreRecordedNotReassembled) {
  fixture f(case_of({text("\xff")}), {.expect_close = true});
  f.upgrade(to_bytes(response_101()));
  f.s.wrote(1);
  bytes stream = from_server(close_frame(1007));
  for (int i = 0; i < 20; ++i) stream = cat({stream, from_server(text("late"))});
  f.s.received(stream, 2);
  f.write_all(3);
  f.s.received(from_server(text("later")), 4);  // during the linger: recorded too, up to the cap
  const auto& t = f.s.record();
  EXPECT_TRUE(t.messages.empty());
  ASSERT_EQ(t.frames.size(), 9u) << "the close and at most 8 frames after it";
  EXPECT_FALSE(t.frames[0].after_close);
  EXPECT_TRUE(t.frames[1].after_close);
  EXPECT_EQ(t.frames[1].opcode, op::text);
  EXPECT_TRUE(t.protocol_error.empty());
}
