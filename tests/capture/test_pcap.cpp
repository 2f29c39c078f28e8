// wsh/pcap_capture.hpp: reading captures (every supported link type, pcap and pcapng), skipping
// what is not TCP with bounded notes, cut and truncated records, unreadable files, and one
// capture recorded by the real tcpdump.
#include "wsh/pcap_capture.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "pcap_writer.hpp"
#include "tcpdump_capture.hpp"
#include "wsh/tcp_reassembly.hpp"

namespace {

using wsh::bytes;
using wsh::capture;
using wsh::read_capture;
using wsh::tcp_segment;
using namespace wsh::test;

void expect_same_segments(const std::vector<tcp_segment>& got, const std::vector<tcp_segment>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE("segment " + std::to_string(i));
    const auto &g = got[i], &w = want[i];
    EXPECT_EQ(g.src, w.src);
    EXPECT_EQ(g.dst, w.dst);
    EXPECT_EQ(g.src_port, w.src_port);
    EXPECT_EQ(g.dst_port, w.dst_port);
    EXPECT_EQ(g.seq, w.seq);
    EXPECT_EQ(g.ack, w.ack);
    EXPECT_EQ(g.syn, w.syn);
    EXPECT_EQ(g.fin, w.fin);
    EXPECT_EQ(g.rst, w.rst);
    EXPECT_EQ(g.has_ack, w.has_ack);
    EXPECT_EQ(g.payload, w.payload);
    EXPECT_EQ(g.cut, w.cut);
    EXPECT_EQ(g.packet, w.packet);
    EXPECT_NEAR(g.time, w.time, 1e-6);
  }
}

pcap_conversation sample_conversation(const std::string& client, const std::string& server) {
  pcap_conversation c({.client = client, .server = server, .mss = 7});
  c.client_sends("GET /chat HTTP/1.1\r\n\r\n").server_sends("HTTP/1.1 101\r\n\r\n").client_sends("x");
  c.server_fin().client_fin();
  return c;
}

bool has_note(const capture& cap, const std::string& part) {
  for (const auto& n : cap.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

std::string notes_of(const capture& cap) {
  std::string all;
  for (const auto& n : cap.notes) all += n + "\n";
  return all;
}

// ---- every link type, IPv4 and IPv6 ----

struct link_case {
  link_type link;
  std::uint16_t vlan;
  const char* name;  // libpcap's name for it
  bool v6;
};

void PrintTo(const link_case& c, std::ostream* os) { *os << c.name << (c.vlan ? "+vlan" : "") << (c.v6 ? "/v6" : "/v4"); }

class LinkTypes : public ::testing::TestWithParam<link_case> {};

TEST_P(LinkTypes, SegmentsComeBackAsWritten) {
  const auto& p = GetParam();
  const auto c = p.v6 ? sample_conversation("2001:db8::1", "::1") : sample_conversation("192.168.1.10", "127.0.0.1");
  const std::string path = temp_capture_path("link.pcap");
  write_pcap(path, c.segments, {.link = p.link, .vlan = p.vlan});
  const capture cap = read_capture(path);
  EXPECT_EQ(cap.link_type, p.name);
  EXPECT_EQ(cap.packets, c.segments.size());
  EXPECT_FALSE(cap.truncated_file);
  EXPECT_TRUE(cap.notes.empty()) << notes_of(cap);
  expect_same_segments(cap.segments, c.segments);
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(
    Pcap, LinkTypes,
    ::testing::Values(link_case{link_type::ethernet, 0, "EN10MB", false}, link_case{link_type::ethernet, 0, "EN10MB", true},
                      link_case{link_type::ethernet, 42, "EN10MB", false}, link_case{link_type::ethernet, 42, "EN10MB", true},
                      link_case{link_type::linux_sll, 0, "LINUX_SLL", false}, link_case{link_type::linux_sll, 0, "LINUX_SLL", true},
                      link_case{link_type::linux_sll2, 0, "LINUX_SLL2", false}, link_case{link_type::linux_sll2, 0, "LINUX_SLL2", true},
                      link_case{link_type::null, 0, "NULL", false}, link_case{link_type::null, 0, "NULL", true},
                      link_case{link_type::loop, 0, "LOOP", false}, link_case{link_type::loop, 0, "LOOP", true},
                      link_case{link_type::raw, 0, "RAW", false}, link_case{link_type::raw, 0, "RAW", true},
                      link_case{link_type::ipv4, 0, "IPV4", false}, link_case{link_type::ipv6, 0, "IPV6", true}));

TEST(Pcap, NullLinkAcceptsEveryAf_Inet6Value) {
  for (std::uint32_t af : {10u, 24u, 28u, 30u}) {
    const auto c = sample_conversation("::1", "::1");
    const std::string path = temp_capture_path("null.pcap");
    write_pcap(path, c.segments, {.link = link_type::null, .null_family_v6 = af});
    EXPECT_EQ(read_capture(path).segments.size(), c.segments.size()) << "AF_INET6 = " << af;
    std::filesystem::remove(path);
  }
}

TEST(Pcap, PcapngIsReadToo) {
  for (bool v6 : {false, true}) {
    const auto c = v6 ? sample_conversation("::1", "::1") : sample_conversation("127.0.0.1", "127.0.0.1");
    const std::string path = temp_capture_path("ng.pcapng");
    write_pcapng(path, c.segments, {.link = link_type::linux_sll2});
    const capture cap = read_capture(path);
    EXPECT_EQ(cap.link_type, "LINUX_SLL2");
    EXPECT_FALSE(cap.truncated_file);
    expect_same_segments(cap.segments, c.segments);
    std::filesystem::remove(path);
  }
}

TEST(Pcap, TimestampsKeepSubMicrosecondOrder) {
  pcap_conversation c({.start = 1700000000.123456});
  c.client_sends("a", 0.000001).client_sends("b", 0.000001);
  const std::string path = temp_capture_path("time.pcap");
  write_pcap(path, c.segments);
  const capture cap = read_capture(path);
  ASSERT_EQ(cap.segments.size(), 5u);
  EXPECT_NEAR(cap.segments[0].time, 1700000000.123456, 1e-6);
  EXPECT_LT(cap.segments[3].time, cap.segments[4].time);
  std::filesystem::remove(path);
}

TEST(Pcap, EthernetPaddingIsNotPayload) {
  pcap_conversation c;
  c.client_sends("x").server_sends("");  // 1-byte payload: a 55-byte frame padded to 60
  const auto rec = record_for(c.segments[3]);
  ASSERT_EQ(rec.frame.size(), 60u);
  ASSERT_EQ(rec.captured, 60u);
  const std::string path = temp_capture_path("pad.pcap");
  write_pcap(path, c.segments);
  const capture cap = read_capture(path);
  ASSERT_EQ(cap.segments.size(), 4u);
  EXPECT_EQ(cap.segments[3].payload, wsh::to_bytes("x"));
  EXPECT_EQ(cap.segments[3].cut, 0u);
  EXPECT_TRUE(cap.segments[0].payload.empty());  // the padded SYN
  std::filesystem::remove(path);
}

// ---- cut records ----

TEST(Pcap, SnapLengthCutsThePayloadAndSaysHowMuch) {
  pcap_conversation c;
  c.client_sends(bytes(300, 'a'));
  const std::string path = temp_capture_path("snap.pcap");
  write_pcap(path, c.segments, {.snaplen = 100});  // 14 + 20 + 20 header bytes, 46 of payload
  const capture cap = read_capture(path);
  ASSERT_EQ(cap.segments.size(), 4u);
  EXPECT_EQ(cap.segments[3].payload, bytes(46, 'a'));
  EXPECT_EQ(cap.segments[3].cut, 254u);
  std::filesystem::remove(path);
}

TEST(Pcap, ASegmentsOwnCutRoundTrips) {
  pcap_conversation c;
  c.client_sends("hello world");
  c.segments[3].payload.resize(5);
  c.segments[3].cut = 6;
  const std::string path = temp_capture_path("cut.pcap");
  write_pcap(path, c.segments);
  expect_same_segments(read_capture(path).segments, c.segments);
  std::filesystem::remove(path);
}

TEST(Pcap, TcpHeaderCutBySnapLengthIsSkippedWithANote) {
  pcap_conversation c;
  c.client_sends("hello");
  const std::string path = temp_capture_path("snap40.pcap");
  write_pcap(path, c.segments, {.snaplen = 40});
  const capture cap = read_capture(path);
  EXPECT_EQ(cap.packets, 4u);
  EXPECT_TRUE(cap.segments.empty());
  ASSERT_EQ(cap.notes.size(), 1u);
  EXPECT_EQ(cap.notes[0], "skipped 4 packets: TCP header not captured (first: packet 1)");
  std::filesystem::remove(path);
}

// ---- what is skipped, and how it is noted ----

// A raw IPv4/IPv6 packet of `s` with one change applied.
template <typename F>
pcap_record edited(const tcp_segment& s, F&& edit) {
  pcap_record r = record_for(s, {.link = link_type::raw});
  edit(r.frame);
  r.captured = r.frame.size();
  return r;
}

tcp_segment one_segment(const std::string& src = "10.0.0.1", const std::string& dst = "10.0.0.2") {
  tcp_segment s;
  s.src = src;
  s.dst = dst;
  s.src_port = 1234;
  s.dst_port = 80;
  s.seq = 1;
  s.has_ack = true;
  s.payload = wsh::to_bytes("payload");
  s.time = 1.5;
  return s;
}

capture read_records(const std::vector<pcap_record>& records, link_type link = link_type::raw) {
  const std::string path = temp_capture_path("records.pcap");
  write_file(path, pcap_file(records, link));
  capture cap = read_capture(path);
  std::filesystem::remove(path);
  return cap;
}

TEST(Pcap, NonTcpPacketsAreCountedInOneNote) {
  std::vector<pcap_record> records;
  for (int i = 0; i < 1000; ++i) records.push_back(edited(one_segment(), [](bytes& ip) { ip[9] = 17; }));  // UDP
  records.push_back(record_for(one_segment(), {.link = link_type::raw}));
  const capture cap = read_records(records);
  EXPECT_EQ(cap.packets, 1001u);
  ASSERT_EQ(cap.segments.size(), 1u);
  EXPECT_EQ(cap.segments[0].packet, 1001u);
  ASSERT_EQ(cap.notes.size(), 1u);
  EXPECT_EQ(cap.notes[0], "skipped 1000 packets: not TCP (first: packet 1, IP protocol 17)");
}

TEST(Pcap, NonIpFramesAreNoted) {
  pcap_record arp = record_for(one_segment());
  arp.frame[12] = 0x08;
  arp.frame[13] = 0x06;
  const capture cap = read_records({arp, arp}, link_type::ethernet);
  EXPECT_TRUE(cap.segments.empty());
  EXPECT_EQ(notes_of(cap), "skipped 2 packets: not IPv4/IPv6 (first: packet 1, ethertype 0x0806)\n");
}

TEST(Pcap, IpFragmentsAreSkippedWithANote) {
  auto v4_more_fragments = edited(one_segment(), [](bytes& ip) { ip[6] = 0x20; });
  auto v4_later_fragment = edited(one_segment(), [](bytes& ip) { ip[7] = 0x10; });
  auto v6_fragment = edited(one_segment("::1", "::2"), [](bytes& ip) {
    const bytes frag{IPPROTO_TCP, 0, 0, 0, 0, 0, 0, 1};
    ip.insert(ip.begin() + 40, frag.begin(), frag.end());
    ip[6] = 44;
    ip[5] = static_cast<std::uint8_t>(ip[5] + 8);
  });
  const capture cap = read_records({v4_more_fragments, v4_later_fragment, v6_fragment});
  EXPECT_TRUE(cap.segments.empty());
  EXPECT_TRUE(has_note(cap, "skipped 2 packets: IPv4 fragment")) << notes_of(cap);
  EXPECT_TRUE(has_note(cap, "skipped 1 packet: IPv6 fragment (not reassembled) (packet 3)")) << notes_of(cap);
}

TEST(Pcap, Ipv6ExtensionHeadersAreSkipped) {
  const tcp_segment s = one_segment("fe80::1", "fe80::2");
  auto with_options = edited(s, [](bytes& ip) {
    // hop-by-hop (8 bytes) -> destination options (16 bytes) -> TCP, PadN filling both.
    const bytes hop{60, 0, 1, 4, 0, 0, 0, 0};
    const bytes dest{IPPROTO_TCP, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    ip.insert(ip.begin() + 40, dest.begin(), dest.end());
    ip.insert(ip.begin() + 40, hop.begin(), hop.end());
    ip[6] = 0;
    ip[5] = static_cast<std::uint8_t>(ip[5] + 24);
  });
  const capture cap = read_records({with_options});
  ASSERT_EQ(cap.segments.size(), 1u) << notes_of(cap);
  EXPECT_EQ(cap.segments[0].src, "fe80::1");
  EXPECT_EQ(cap.segments[0].payload, s.payload);
}

TEST(Pcap, MalformedLengthsAreSkippedNotTrusted) {
  const tcp_segment s = one_segment();
  const std::vector<pcap_record> records{
      edited(s, [](bytes& ip) { ip[0] = 0x43; }),                      // IHL 3
      edited(s, [](bytes& ip) { ip[0] = 0x4F; }),                      // IHL 15: longer than the packet
      edited(s, [](bytes& ip) { ip[2] = 0x10; }),                      // total length > frame
      edited(s, [](bytes& ip) { ip[3] = 30; ip[2] = 0; }),             // total length < IP + TCP header
      edited(s, [](bytes& ip) { ip[32] = 0x20; }),                     // TCP data offset 2
      edited(s, [](bytes& ip) { ip[32] = 0xF0; }),                     // TCP data offset 60 > segment
      edited(one_segment("::1", "::2"), [](bytes& ip) { ip[4] = 1; }),  // IPv6 payload length > frame
      edited(s, [](bytes& ip) { ip.resize(10); }),                     // less than an IP header
      edited(s, [](bytes& ip) { ip[0] = 0x75; }),                      // IP version 7
  };
  const capture cap = read_records(records);
  EXPECT_EQ(cap.packets, records.size());
  EXPECT_TRUE(cap.segments.empty());
  EXPECT_TRUE(has_note(cap, "malformed IPv4 header")) << notes_of(cap);
  EXPECT_TRUE(has_note(cap, "malformed TCP header")) << notes_of(cap);
  EXPECT_TRUE(has_note(cap, "malformed IPv6 header")) << notes_of(cap);
  EXPECT_TRUE(has_note(cap, "not IPv4/IPv6")) << notes_of(cap);
  EXPECT_LE(cap.notes.size(), 6u);
}

// ---- files that end early or are not captures ----

void chop(const std::string& path, std::size_t n) {
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - n);
}

TEST(Pcap, FileCutInsideARecordKeepsWhatCameBefore) {
  const auto c = sample_conversation("10.0.0.1", "10.0.0.2");
  for (bool ng : {false, true})
    for (std::size_t n : {std::size_t{5}, std::size_t{60 + 16 - 4}}) {  // inside the data; inside the record header
      SCOPED_TRACE(std::string(ng ? "pcapng" : "pcap") + " minus " + std::to_string(n));
      const std::string path = temp_capture_path("cut.pcap");
      ng ? write_pcapng(path, c.segments) : write_pcap(path, c.segments);
      chop(path, n);
      const capture cap = read_capture(path);
      EXPECT_TRUE(cap.truncated_file);
      EXPECT_EQ(cap.packets, c.segments.size() - 1);
      expect_same_segments(cap.segments, {c.segments.begin(), c.segments.end() - 1});
      ASSERT_EQ(cap.notes.size(), 1u);
      EXPECT_NE(cap.notes[0].find("stopped reading after packet " + std::to_string(c.segments.size() - 1) + ": "),
                std::string::npos)
          << cap.notes[0];
      EXPECT_NE(cap.notes[0].find("truncated"), std::string::npos) << cap.notes[0];
      std::filesystem::remove(path);
    }
}

TEST(Pcap, HeaderOnlyFileHasNoPackets) {
  const std::string path = temp_capture_path("empty.pcap");
  write_pcap(path, {});
  const capture cap = read_capture(path);
  EXPECT_EQ(cap.packets, 0u);
  EXPECT_FALSE(cap.truncated_file);
  EXPECT_TRUE(cap.notes.empty());
  std::filesystem::remove(path);
}

void expect_one_line_error(const std::string& path, const std::string& part) {
  try {
    read_capture(path);
    ADD_FAILURE() << "no capture_error for " << path;
  } catch (const wsh::capture_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(part), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

TEST(Pcap, MissingFileIsACaptureError) {
  // libpcap's message, without its own copy of the path.
  expect_one_line_error("/nonexistent/dir/x.pcap", "cannot read capture /nonexistent/dir/x.pcap: No such file");
}

TEST(Pcap, EmptyAndGarbageFilesAreCaptureErrors) {
  const std::string path = temp_capture_path("garbage.pcap");
  write_file(path, {});
  expect_one_line_error(path, "cannot read capture " + path + ": the file is empty");
  write_file(path, wsh::to_bytes("this is not a capture file, just some text\n"));
  expect_one_line_error(path, "cannot read capture");
  write_file(path, {0xD4, 0xC3});  // half a magic number
  expect_one_line_error(path, path);
  std::filesystem::remove(path);
}

TEST(Pcap, UnsupportedLinkTypeIsNamed) {
  const std::string path = temp_capture_path("usb.pcap");
  write_file(path, pcap_file({}, static_cast<link_type>(189)));  // LINKTYPE_USB_LINUX
  expect_one_line_error(path, "link type USB_LINUX (189) is not supported (supported: EN10MB, LINUX_SLL, ");
  std::filesystem::remove(path);
}

// Whatever the records hold, reading never crashes (ASan/UBSan builds check the "never").
RC_GTEST_PROP(PcapProperty, ArbitraryRecordsNeverCrashTheReader, ()) {
  const auto link = *rc::gen::element(link_type::ethernet, link_type::linux_sll, link_type::linux_sll2, link_type::null,
                                      link_type::loop, link_type::raw, link_type::ipv4, link_type::ipv6);
  const auto n = *rc::gen::inRange<std::size_t>(0, 8);
  std::vector<pcap_record> records;
  for (std::size_t i = 0; i < n; ++i) {
    pcap_record r;
    if (*rc::gen::arbitrary<bool>()) {  // a real frame with a few bytes changed and maybe cut
      tcp_segment s = one_segment(*rc::gen::arbitrary<bool>() ? "::1" : "10.1.2.3", "");
      s.dst = s.src;
      r = record_for(s, {.link = link});
      const auto edits = *rc::gen::inRange(0, 4);
      for (int e = 0; e < edits; ++e)
        r.frame[*rc::gen::inRange<std::size_t>(0, r.frame.size())] = *rc::gen::arbitrary<std::uint8_t>();
    } else {
      r.frame = *rc::gen::container<bytes>(*rc::gen::inRange<std::size_t>(0, 80), rc::gen::arbitrary<std::uint8_t>());
    }
    r.captured = *rc::gen::inRange<std::size_t>(0, r.frame.size() + 1);
    r.frame.resize(r.frame.size() + *rc::gen::inRange<std::size_t>(0, 3));  // wire may be longer
    records.push_back(std::move(r));
  }
  const std::string path = temp_capture_path("fuzz.pcap");
  write_file(path, pcap_file(records, link));
  const capture cap = read_capture(path);
  std::filesystem::remove(path);
  RC_ASSERT(cap.packets == n);
  RC_ASSERT(cap.segments.size() <= n);
  RC_ASSERT(cap.notes.size() <= n + 1);  // one per reason at most, plus a stop note
  wsh::reassemble(cap.segments);  // and reassembly takes whatever came out
}

// ---- a capture recorded by the real tcpdump on loopback ----

int loopback_socket() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

std::string receive(int fd, std::size_t n) {
  std::string got;
  char buf[256];
  while (got.size() < n) {
    const ssize_t r = ::recv(fd, buf, std::min(sizeof buf, n - got.size()), 0);
    if (r <= 0) break;
    got.append(buf, static_cast<std::size_t>(r));
  }
  return got;
}

TEST(PcapTcpdump, ReadsARealLoopbackCapture) {
  if (const std::string why = wsh::test::tcpdump_unavailable(); !why.empty()) GTEST_SKIP() << why;

  const int listener = loopback_socket();
  sockaddr_in addr = loopback(0);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::uint16_t port = ntohs(addr.sin_port);

  const std::string path = temp_capture_path("tcpdump.pcap");
  wsh::test::tcpdump_capture tcpdump(path, "tcp port " + std::to_string(port));
  if (!tcpdump.wait_listening()) {
    ::close(listener);
    GTEST_SKIP() << "tcpdump could not capture on lo: " << tcpdump.output();
  }

  const int client = loopback_socket();
  sockaddr_in to = loopback(port);
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
  const int server = ::accept(listener, nullptr, nullptr);
  ASSERT_GE(server, 0);
  sockaddr_in client_addr{};
  len = sizeof client_addr;
  ::getsockname(client, reinterpret_cast<sockaddr*>(&client_addr), &len);
  const std::string hello = "hello", world = "world!", big(5000, 'z');
  ASSERT_EQ(::send(client, hello.data(), hello.size(), 0), static_cast<ssize_t>(hello.size()));
  EXPECT_EQ(receive(server, hello.size()), hello);
  ASSERT_EQ(::send(server, world.data(), world.size(), 0), static_cast<ssize_t>(world.size()));
  EXPECT_EQ(receive(client, world.size()), world);
  ASSERT_EQ(::send(client, big.data(), big.size(), 0), static_cast<ssize_t>(big.size()));
  EXPECT_EQ(receive(server, big.size()), big);
  ::shutdown(client, SHUT_WR);
  EXPECT_EQ(receive(server, 1), "");  // the client's FIN
  ::close(server);
  EXPECT_EQ(receive(client, 1), "");
  ::close(client);
  ::close(listener);

  // tcpdump writes each packet as it comes (-U, --immediate-mode); stop once both FINs are in.
  capture cap;
  for (int i = 0; i < 30; ++i) {  // up to 3 s
    cap = read_capture(path);
    const auto conns = wsh::reassemble(cap.segments);
    if (conns.size() == 1 && conns[0].to_server.fin && conns[0].to_client.fin) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  tcpdump.stop();
  cap = read_capture(path);
  std::filesystem::remove(path);

  EXPECT_EQ(cap.link_type, "EN10MB");
  EXPECT_FALSE(cap.truncated_file);
  const auto conns = wsh::reassemble(cap.segments);
  ASSERT_EQ(conns.size(), 1u) << cap.segments.size() << " segments";
  const auto& c = conns[0];
  EXPECT_EQ(c.client, (wsh::tcp_peer{"127.0.0.1", ntohs(client_addr.sin_port)}));
  EXPECT_EQ(c.server, (wsh::tcp_peer{"127.0.0.1", port}));
  EXPECT_EQ(wsh::to_string(c.to_server.data), hello + big);
  EXPECT_EQ(wsh::to_string(c.to_client.data), world);
  EXPECT_TRUE(c.to_server.start_known);
  EXPECT_FALSE(c.to_server.gap_at);
  EXPECT_FALSE(c.to_client.gap_at);
  EXPECT_TRUE(c.to_server.fin);
  EXPECT_TRUE(c.to_client.fin);
  EXPECT_LE(c.to_server.time_of(0), c.to_client.time_of(0));  // hello before world
}

}  // namespace
