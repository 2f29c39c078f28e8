// wsh/tcp_reassembly.hpp: segments -> connections -> the two byte streams, whatever order,
// duplication, overlap, wrap-around or loss the capture shows.
#include "wsh/tcp_reassembly.hpp"

#include <algorithm>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "pcap_writer.hpp"

namespace {

using wsh::bytes;
using wsh::reassemble;
using wsh::tcp_connection;
using wsh::tcp_peer;
using wsh::tcp_segment;
using wsh::to_bytes;
using wsh::test::conversation_options;
using wsh::test::pcap_conversation;

std::string text(const bytes& b) { return wsh::to_string(b); }

// The one connection the segments make.
tcp_connection only_connection(const std::vector<tcp_segment>& segments) {
  auto conns = reassemble(segments);
  if (conns.size() != 1) {
    ADD_FAILURE() << conns.size() << " connections";
    return {};
  }
  return conns[0];
}

// Capture times in file order, as a capture would have them after reordering.
void retime(std::vector<tcp_segment>& segments, double start = 100.0) {
  for (std::size_t i = 0; i < segments.size(); ++i) {
    segments[i].time = start + static_cast<double>(i);
    segments[i].packet = i + 1;
  }
}

TEST(TcpReassembly, InOrderConversationGivesBothStreams) {
  pcap_conversation c({.mss = 4});
  c.client_sends("hello world").server_sends("hi").client_fin().server_fin();
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(conn.client, (tcp_peer{"10.0.0.1", 40000}));
  EXPECT_EQ(conn.server, (tcp_peer{"10.0.0.2", 8080}));
  EXPECT_EQ(conn.first_packet, 1u);
  EXPECT_DOUBLE_EQ(conn.start_time, c.segments[0].time);
  EXPECT_EQ(text(conn.to_server.data), "hello world");
  EXPECT_EQ(text(conn.to_client.data), "hi");
  for (const auto* s : {&conn.to_server, &conn.to_client}) {
    EXPECT_TRUE(s->start_known);
    EXPECT_FALSE(s->gap_at);
    EXPECT_EQ(s->retransmitted_segments, 0u);
    EXPECT_EQ(s->out_of_order_segments, 0u);
    EXPECT_TRUE(s->fin);
    EXPECT_FALSE(s->rst);
  }
  ASSERT_EQ(conn.to_server.arrivals.size(), 3u);  // "hell" "o wo" "rld"
  EXPECT_EQ(conn.to_server.arrivals[1].offset, 4u);
  EXPECT_DOUBLE_EQ(conn.to_server.arrivals[1].time, c.segments[4].time);
  EXPECT_DOUBLE_EQ(conn.to_server.fin_time, c.segments[7].time);
  EXPECT_DOUBLE_EQ(conn.to_client.fin_time, c.segments[8].time);
  EXPECT_DOUBLE_EQ(conn.to_client.last_time, c.segments[8].time);
}

TEST(TcpReassembly, PeersPrintAsAddressAndPort) {
  EXPECT_EQ(wsh::to_string(tcp_peer{"127.0.0.1", 8080}), "127.0.0.1:8080");
  EXPECT_EQ(wsh::to_string(tcp_peer{"::1", 8080}), "[::1]:8080");
  EXPECT_EQ(wsh::to_string(tcp_peer{"2001:db8::2", 443}), "[2001:db8::2]:443");
}

TEST(TcpReassembly, Ipv6ConnectionsReassembleToo) {
  pcap_conversation c({.client = "2001:db8::1", .server = "::1", .mss = 3});
  c.client_sends("over IPv6").server_fin();
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(wsh::to_string(conn.client), "[2001:db8::1]:40000");
  EXPECT_EQ(text(conn.to_server.data), "over IPv6");
}

TEST(TcpReassembly, OutOfOrderSegmentsWaitForTheHole) {
  pcap_conversation c({.mss = 4});
  c.client_sends("abcdefghijkl");
  std::swap(c.segments[4], c.segments[5]);  // "ijkl" captured before "efgh"
  retime(c.segments);
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "abcdefghijkl");
  EXPECT_EQ(conn.to_server.out_of_order_segments, 1u);
  EXPECT_FALSE(conn.to_server.gap_at);
  const auto& a = conn.to_server.arrivals;
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[1].offset, 4u);
  EXPECT_DOUBLE_EQ(a[1].time, 105.0);  // "efgh": the later packet
  EXPECT_EQ(a[2].offset, 8u);
  EXPECT_DOUBLE_EQ(a[2].time, 104.0);  // "ijkl": when it was captured, not when placed
  EXPECT_DOUBLE_EQ(conn.to_server.time_of(9), 104.0);
  // Usable bytes: "ijkl" is no use before "efgh" has come.
  EXPECT_EQ(conn.to_server.bytes_by(104.0), 4u);
  EXPECT_EQ(conn.to_server.bytes_by(105.0), 12u);
}

TEST(TcpReassembly, RetransmissionsAreCountedAndUsedOnce) {
  pcap_conversation c({.mss = 4});
  c.client_sends("abcdefgh");
  auto segs = c.segments;
  segs.push_back(c.segments[3]);  // "abcd" again, after everything
  segs.insert(segs.begin() + 4, c.segments[3]);  // and right away
  const auto conn = only_connection(segs);
  EXPECT_EQ(text(conn.to_server.data), "abcdefgh");
  EXPECT_EQ(conn.to_server.retransmitted_segments, 2u);
  EXPECT_EQ(conn.to_server.arrivals.size(), 2u);
}

TEST(TcpReassembly, PartialOverlapKeepsOnlyTheNewPart) {
  pcap_conversation c;
  c.client_sends("abcdef");
  tcp_segment overlap = c.segments.back();
  overlap.seq += 3;
  overlap.payload = to_bytes("XYZghi");  // bytes 3..5 were "def": the first copy wins
  overlap.time += 1;
  c.segments.push_back(overlap);
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "abcdefghi");
  ASSERT_EQ(conn.to_server.arrivals.size(), 2u);
  EXPECT_EQ(conn.to_server.arrivals[1].offset, 6u);
  EXPECT_EQ(conn.to_server.retransmitted_segments, 0u);
}

TEST(TcpReassembly, OverlappingEarlySegmentsArePlacedOnce) {
  pcap_conversation c;
  const auto at = [&](std::size_t from, std::size_t to) {
    tcp_segment s = c.segments[2];  // the handshake's ACK: right numbers, no data
    s.seq += static_cast<std::uint32_t>(from);
    s.payload = to_bytes(std::string("0123456789").substr(from, to - from));
    return s;
  };
  c.segments.push_back(at(6, 10));
  c.segments.push_back(at(4, 8));  // overlaps what is held
  c.segments.push_back(at(5, 7));  // nothing new: a retransmission
  c.segments.push_back(at(0, 4));  // fills the hole
  retime(c.segments);
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "0123456789");
  EXPECT_EQ(conn.to_server.out_of_order_segments, 2u);
  EXPECT_EQ(conn.to_server.retransmitted_segments, 1u);
  EXPECT_FALSE(conn.to_server.gap_at);
  EXPECT_DOUBLE_EQ(conn.to_server.time_of(4), 104.0);
  EXPECT_DOUBLE_EQ(conn.to_server.time_of(6), 103.0);
}

TEST(TcpReassembly, SequenceNumbersWrapAround) {
  pcap_conversation c({.client_isn = 0xFFFFFFF0u, .server_isn = 0xFFFFFFFFu, .mss = 10});
  bytes up(100), down(50);
  for (std::size_t i = 0; i < up.size(); ++i) up[i] = static_cast<std::uint8_t>(i);
  for (std::size_t i = 0; i < down.size(); ++i) down[i] = static_cast<std::uint8_t>(200 - i);
  c.client_sends(up).server_sends(down).client_fin();
  std::reverse(c.segments.begin() + 3, c.segments.begin() + 13);  // the client's data backwards
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(conn.to_server.data, up);
  EXPECT_EQ(conn.to_client.data, down);
  EXPECT_FALSE(conn.to_server.gap_at);
  EXPECT_EQ(conn.to_server.out_of_order_segments, 9u);
}

TEST(TcpReassembly, WrapAroundWithoutSyn) {
  pcap_conversation c({.client_isn = 0xFFFFFFFAu, .mss = 4, .handshake = false});
  c.client_sends("0123456789abcdef").client_fin();
  const auto conn = only_connection(c.segments);
  EXPECT_FALSE(conn.to_server.start_known);
  EXPECT_EQ(text(conn.to_server.data), "0123456789abcdef");
  EXPECT_FALSE(conn.to_server.gap_at);
}

TEST(TcpReassembly, MissingSegmentEndsTheStreamAtTheGap) {
  pcap_conversation c({.mss = 4});
  c.client_sends("abcdefghijkl").server_sends("ok");
  c.segments.erase(c.segments.begin() + 4);  // "efgh" never captured
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "abcd");
  EXPECT_EQ(conn.to_server.gap_at, 4u);
  EXPECT_EQ(conn.to_server.gap_bytes_dropped, 4u);
  EXPECT_EQ(conn.to_server.out_of_order_segments, 1u);
  EXPECT_EQ(text(conn.to_client.data), "ok");
  EXPECT_FALSE(conn.to_client.gap_at);
}

TEST(TcpReassembly, LostLastSegmentShowsThroughTheFin) {
  pcap_conversation c({.mss = 4});
  c.client_sends("abcdefgh").client_fin();
  c.segments.erase(c.segments.begin() + 4);
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "abcd");
  EXPECT_EQ(conn.to_server.gap_at, 4u);
  EXPECT_EQ(conn.to_server.gap_bytes_dropped, 0u);
  EXPECT_TRUE(conn.to_server.fin);
}

TEST(TcpReassembly, AcksAfterTheFinAreNotAGap) {
  pcap_conversation c({.ack_each_send = true});
  c.client_sends("bye").client_fin().server_fin().client_ack();  // that ACK's seq is one past the FIN
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "bye");
  EXPECT_FALSE(conn.to_server.gap_at);
  EXPECT_FALSE(conn.to_client.gap_at);
}

TEST(TcpReassembly, SnapLengthCutMakesAGapAtTheFirstMissingByte) {
  pcap_conversation c({.mss = 10});
  c.client_sends(std::string(10, 'a') + std::string(10, 'b') + std::string(10, 'c'));
  c.segments[4].payload.resize(3);  // "bbb" kept, 7 bytes cut
  c.segments[4].cut = 7;
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), std::string(10, 'a') + "bbb");
  EXPECT_EQ(conn.to_server.gap_at, 13u);
  EXPECT_EQ(conn.to_server.gap_bytes_dropped, 10u);  // "ccc..." could not be placed
}

TEST(TcpReassembly, SnapLengthCutOnTheLastSegmentIsAGapToo) {
  pcap_conversation c;
  c.client_sends("hello world");
  c.segments.back().payload.resize(5);
  c.segments.back().cut = 6;
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "hello");
  EXPECT_EQ(conn.to_server.gap_at, 5u);
  EXPECT_EQ(conn.to_server.gap_bytes_dropped, 0u);
}

TEST(TcpReassembly, CaptureStartedMidConnection) {
  pcap_conversation c({.mss = 4});
  c.client_sends("GET / HTTP").server_sends("200 OK").client_fin();
  c.segments.erase(c.segments.begin(), c.segments.begin() + 4);  // handshake and "GET " missed
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(conn.client, (tcp_peer{"10.0.0.1", 40000}));
  EXPECT_FALSE(conn.to_server.start_known);
  EXPECT_FALSE(conn.to_client.start_known);
  EXPECT_EQ(text(conn.to_server.data), "/ HTTP");
  EXPECT_EQ(text(conn.to_client.data), "200 OK");
  EXPECT_FALSE(conn.to_server.gap_at);
  EXPECT_EQ(conn.first_packet, 5u);
}

TEST(TcpReassembly, WithoutSynTheFirstSegmentOutOfOrderStillStartsTheStreamAtItsLowestByte) {
  pcap_conversation c({.mss = 4, .handshake = false});
  c.client_sends("abcdefgh");
  std::swap(c.segments[0], c.segments[1]);
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "abcdefgh");
}

TEST(TcpReassembly, WithoutSynTheFirstDataSenderIsTheClient) {
  pcap_conversation c({.handshake = false});
  c.client_ack().server_sends("server speaks first").client_sends("reply");
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(conn.client, (tcp_peer{"10.0.0.2", 8080}));
  EXPECT_EQ(text(conn.to_server.data), "server speaks first");
  EXPECT_EQ(text(conn.to_client.data), "reply");
}

TEST(TcpReassembly, SynAckAloneNamesTheClient) {
  pcap_conversation c;
  c.client_sends("hi").server_sends("yo");
  c.segments.erase(c.segments.begin());  // the SYN was missed
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(conn.client, (tcp_peer{"10.0.0.1", 40000}));
  EXPECT_FALSE(conn.to_server.start_known);
  EXPECT_TRUE(conn.to_client.start_known);
  EXPECT_EQ(text(conn.to_server.data), "hi");
  EXPECT_EQ(text(conn.to_client.data), "yo");
}

TEST(TcpReassembly, SynRetransmissionStaysInItsConnection) {
  pcap_conversation c;
  c.client_sends("x").client_fin();
  c.segments.insert(c.segments.begin() + 1, c.segments[0]);
  c.segments.push_back(c.segments[0]);  // even after the FIN: same sender, same ISN
  EXPECT_EQ(text(only_connection(c.segments).to_server.data), "x");
}

std::vector<tcp_segment> joined(std::vector<tcp_segment> a, const std::vector<tcp_segment>& b) {
  a.insert(a.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < a.size(); ++i) a[i].packet = i + 1;
  return a;
}

TEST(TcpReassembly, ReusedTupleAfterFinIsANewConnection) {
  pcap_conversation first, second({.client_isn = 90000, .server_isn = 70000, .start = 1700000010.0});
  first.client_sends("one").client_fin().server_fin();
  second.client_sends("two").server_sends("2");
  const auto conns = reassemble(joined(first.segments, second.segments));
  ASSERT_EQ(conns.size(), 2u);
  EXPECT_EQ(text(conns[0].to_server.data), "one");
  EXPECT_EQ(text(conns[1].to_server.data), "two");
  EXPECT_EQ(text(conns[1].to_client.data), "2");
  EXPECT_EQ(conns[1].first_packet, first.segments.size() + 1);
  EXPECT_DOUBLE_EQ(conns[1].start_time, 1700000010.0);
  EXPECT_FALSE(conns[1].to_server.fin);
}

TEST(TcpReassembly, ReusedTupleAfterRstIsANewConnection) {
  pcap_conversation first, second({.client_isn = 4000000000u, .start = 1700000001.0});
  first.client_sends("one").server_rst();
  second.client_sends("two");
  const auto conns = reassemble(joined(first.segments, second.segments));
  ASSERT_EQ(conns.size(), 2u);
  EXPECT_TRUE(conns[0].to_client.rst);
  EXPECT_DOUBLE_EQ(conns[0].to_client.rst_time, first.segments.back().time);
  EXPECT_FALSE(conns[0].to_client.fin);
  EXPECT_EQ(text(conns[1].to_server.data), "two");
  EXPECT_FALSE(conns[1].to_client.rst);
}

TEST(TcpReassembly, NewIsnOnALiveTupleIsANewConnection) {
  // The old connection's end was not captured; a SYN with another ISN cannot belong to it.
  pcap_conversation first, second({.client_isn = 123456, .start = 1700000001.0});
  first.client_sends("one");
  second.client_sends("two");
  EXPECT_EQ(reassemble(joined(first.segments, second.segments)).size(), 2u);
}

TEST(TcpReassembly, InterleavedConnectionsAreKeptApart) {
  pcap_conversation a({.mss = 3}), b({.client_port = 40001, .start = 1700000000.0005, .mss = 2});
  a.client_sends("first connection").server_sends("A").client_fin();
  b.client_sends("second one").server_sends("B").server_fin();
  auto segs = joined(a.segments, b.segments);
  std::stable_sort(segs.begin(), segs.end(), [](const auto& x, const auto& y) { return x.time < y.time; });
  const auto conns = reassemble(segs);
  ASSERT_EQ(conns.size(), 2u);
  EXPECT_EQ(conns[0].client.port, 40000);
  EXPECT_EQ(text(conns[0].to_server.data), "first connection");
  EXPECT_EQ(text(conns[0].to_client.data), "A");
  EXPECT_EQ(conns[1].client.port, 40001);
  EXPECT_EQ(text(conns[1].to_server.data), "second one");
  EXPECT_EQ(text(conns[1].to_client.data), "B");
}

TEST(TcpReassembly, RstPayloadIsNotStreamData) {
  pcap_conversation c;
  c.client_sends("data");
  tcp_segment rst = c.segments.back();
  rst.seq += 4;
  rst.rst = true;
  rst.payload = to_bytes("diagnostic");
  c.segments.push_back(rst);
  const auto conn = only_connection(c.segments);
  EXPECT_EQ(text(conn.to_server.data), "data");
  EXPECT_TRUE(conn.to_server.rst);
  EXPECT_FALSE(conn.to_server.gap_at);
}

TEST(TcpReassembly, TimeOfAndBytesBy) {
  pcap_conversation c({.mss = 5});
  c.client_sends("hello", 1.0).client_sends("world", 1.0);
  const double t1 = c.segments[3].time, t2 = c.segments[4].time;
  const auto conn = only_connection(c.segments);
  const auto& s = conn.to_server;
  EXPECT_DOUBLE_EQ(s.time_of(0), t1);
  EXPECT_DOUBLE_EQ(s.time_of(4), t1);
  EXPECT_DOUBLE_EQ(s.time_of(5), t2);
  EXPECT_DOUBLE_EQ(s.time_of(9), t2);
  EXPECT_DOUBLE_EQ(s.time_of(1000), t2);  // past the end: the last arrival
  EXPECT_EQ(s.bytes_by(t1 - 0.5), 0u);
  EXPECT_EQ(s.bytes_by(t1), 5u);
  EXPECT_EQ(s.bytes_by(t1 + 0.5), 5u);
  EXPECT_EQ(s.bytes_by(t2), 10u);
  const wsh::tcp_stream empty;
  EXPECT_EQ(empty.time_of(0), 0.0);
  EXPECT_EQ(empty.bytes_by(1e12), 0u);
}

TEST(TcpReassembly, NoSegmentsNoConnections) { EXPECT_TRUE(reassemble({}).empty()); }

// Any reordering and duplication of a conversation's segments (its SYN first, as any capture
// of the connection's start has it) gives back exactly what each side sent.
RC_GTEST_PROP(TcpReassemblyProperty, PermutedAndDuplicatedSegmentsGiveTheOriginalStreams, ()) {
  const bool v6 = *rc::gen::arbitrary<bool>();
  conversation_options o{.client = v6 ? "fd00::1" : "192.0.2.1",
                         .server = v6 ? "fd00::2" : "192.0.2.2",
                         .client_isn = *rc::gen::arbitrary<std::uint32_t>(),
                         .server_isn = *rc::gen::element(0u, 0xFFFFFF00u, 0xFFFFFFFFu, 12345u),
                         .mss = *rc::gen::inRange<std::size_t>(1, 40),
                         .ack_each_send = *rc::gen::arbitrary<bool>()};
  pcap_conversation c(o);
  const auto sends = *rc::gen::container<std::vector<std::pair<bool, bytes>>>(
      *rc::gen::inRange<std::size_t>(0, 8), rc::gen::pair(rc::gen::arbitrary<bool>(), rc::gen::arbitrary<bytes>()));
  for (const auto& [from_client, data] : sends) from_client ? c.client_sends(data) : c.server_sends(data);
  c.client_fin().server_fin().client_ack();

  // Every segment after the SYN at least once, some twice or more, in a random order.
  std::vector<std::pair<std::uint32_t, std::size_t>> keyed;
  for (std::size_t i = 1; i < c.segments.size(); ++i) keyed.emplace_back(*rc::gen::arbitrary<std::uint32_t>(), i);
  const auto extra = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, c.segments.size()));
  for (std::size_t i : extra) keyed.emplace_back(*rc::gen::arbitrary<std::uint32_t>(), i);
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<tcp_segment> shuffled{c.segments[0]};
  for (const auto& k : keyed) shuffled.push_back(c.segments[k.second]);

  const auto conns = reassemble(shuffled);
  RC_ASSERT(conns.size() == 1u);
  RC_ASSERT(conns[0].client == (tcp_peer{o.client, o.client_port}));
  RC_ASSERT(conns[0].to_server.data == c.client_stream);
  RC_ASSERT(conns[0].to_client.data == c.server_stream);
  RC_ASSERT(!conns[0].to_server.gap_at);
  RC_ASSERT(!conns[0].to_client.gap_at);
  RC_ASSERT(conns[0].to_server.fin && conns[0].to_client.fin);
}

}  // namespace
