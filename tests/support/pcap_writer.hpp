// Test-only capture writer: TCP segments described in code (wsh::tcp_segment, the same type
// read_capture returns) written as classic pcap or minimal pcapng files, plus pcap_conversation
// to build a whole, correctly numbered TCP conversation that tests can then reorder, duplicate,
// drop or cut. Header-only, no GoogleTest.
//
//   wsh::test::pcap_conversation c;                   // SYN, SYN-ACK, ACK already in c.segments
//   c.client_sends(wsh::to_bytes("GET / HTTP/1.1\r\n\r\n"));
//   c.server_sends(reply);
//   c.server_fin();
//   wsh::test::write_pcap(path, c.segments);          // Ethernet; or {.link = link_type::linux_sll2}
//
// A segment's `payload` is what the capture keeps and `cut` how many more bytes were on the wire
// (written as zeros on the wire, absent from the record), so read_capture gives the segment back.
#pragma once
#include <arpa/inet.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "wsh/bytes.hpp"
#include "wsh/pcap_capture.hpp"

namespace wsh::test {

// LINKTYPE_* values as stored in the file header / IDB.
enum class link_type : std::uint16_t {
  null = 0,          // 4-byte address family, host order (BSD loopback)
  ethernet = 1,      // 14-byte Ethernet header, optional 802.1Q tag
  raw = 101,         // bare IP
  loop = 108,        // 4-byte address family, network order (OpenBSD loopback)
  linux_sll = 113,   // Linux cooked v1 (old tcpdump -i any)
  ipv4 = 228,        // bare IPv4
  ipv6 = 229,        // bare IPv6
  linux_sll2 = 276,  // Linux cooked v2 (tcpdump -i any)
};

struct write_options {
  link_type link = link_type::ethernet;
  std::uint16_t vlan = 0;          // ethernet: add an 802.1Q tag with this VLAN id (0 = none)
  bool pad_ethernet = true;        // ethernet: pad frames to 60 bytes as real NICs do
  std::size_t snaplen = 262144;    // records keep at most this many bytes of each frame
  std::uint32_t null_family_v6 = 30;  // null/loop: AF_INET6 as the capturing OS wrote it (macOS: 30)
};

// One capture record: the frame as on the wire, of which the first `captured` bytes are kept.
struct pcap_record {
  double time = 0;
  bytes frame;
  std::size_t captured = 0;
};

namespace pcap_detail {

inline void put16(bytes& b, std::uint16_t v) { b.insert(b.end(), {std::uint8_t(v >> 8), std::uint8_t(v)}); }
inline void put32(bytes& b, std::uint32_t v) {
  b.insert(b.end(), {std::uint8_t(v >> 24), std::uint8_t(v >> 16), std::uint8_t(v >> 8), std::uint8_t(v)});
}
// File headers and pcapng blocks are written little-endian (readers swap as needed).
inline void le16(bytes& b, std::uint16_t v) { b.insert(b.end(), {std::uint8_t(v), std::uint8_t(v >> 8)}); }
inline void le32(bytes& b, std::uint32_t v) {
  b.insert(b.end(), {std::uint8_t(v), std::uint8_t(v >> 8), std::uint8_t(v >> 16), std::uint8_t(v >> 24)});
}
inline void set16(bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = std::uint8_t(v >> 8);
  b[at + 1] = std::uint8_t(v);
}

inline bool is_v6(const std::string& address) { return address.find(':') != std::string::npos; }

inline bytes address_bytes(const std::string& address) {
  bytes out(is_v6(address) ? 16 : 4);
  if (inet_pton(is_v6(address) ? AF_INET6 : AF_INET, address.c_str(), out.data()) != 1)
    throw std::invalid_argument("pcap_writer: bad address " + address);
  return out;
}

// RFC 1071 sum, so Wireshark and tcpdump show the checksums as correct.
inline std::uint32_t sum16(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += std::uint32_t(p[i] << 8 | p[i + 1]);
  if (n % 2) sum += std::uint32_t(p[n - 1] << 8);
  return sum;
}
inline std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return std::uint16_t(~sum);
}

inline std::uint64_t nanoseconds(double time) { return static_cast<std::uint64_t>(std::llround(time * 1e9)); }

}  // namespace pcap_detail

// The IP packet (IPv4 or IPv6 by the addresses) carrying `s` as it was on the wire: the
// payload followed by `cut` zero bytes, lengths and checksums to match.
inline bytes ip_packet(const tcp_segment& s) {
  using namespace pcap_detail;
  bytes tcp;
  put16(tcp, s.src_port);
  put16(tcp, s.dst_port);
  put32(tcp, s.seq);
  put32(tcp, s.ack);
  const std::uint8_t flags = (s.fin ? 0x01 : 0) | (s.syn ? 0x02 : 0) | (s.rst ? 0x04 : 0) |
                             (s.payload.empty() ? 0 : 0x08) | (s.has_ack ? 0x10 : 0);
  tcp.insert(tcp.end(), {0x50, flags});  // data offset 5 words: no options
  put16(tcp, 65535);                      // window
  put16(tcp, 0);                          // checksum, below
  put16(tcp, 0);                          // urgent pointer
  tcp.insert(tcp.end(), s.payload.begin(), s.payload.end());
  tcp.resize(tcp.size() + s.cut, 0);

  const bytes src = address_bytes(s.src), dst = address_bytes(s.dst);
  if (src.size() != dst.size()) throw std::invalid_argument("pcap_writer: mixed IPv4/IPv6 addresses");
  std::uint32_t pseudo = sum16(src.data(), src.size(), sum16(dst.data(), dst.size()));
  pseudo += IPPROTO_TCP + std::uint32_t(tcp.size() & 0xFFFF) + std::uint32_t(tcp.size() >> 16);
  set16(tcp, 16, fold(sum16(tcp.data(), tcp.size(), pseudo)));

  bytes ip;
  if (src.size() == 4) {
    ip.insert(ip.end(), {0x45, 0});
    put16(ip, std::uint16_t(20 + tcp.size()));
    put16(ip, 0);       // identification
    put16(ip, 0x4000);  // don't fragment
    ip.insert(ip.end(), {64, IPPROTO_TCP, 0, 0});
    ip.insert(ip.end(), src.begin(), src.end());
    ip.insert(ip.end(), dst.begin(), dst.end());
    set16(ip, 10, fold(sum16(ip.data(), ip.size())));
  } else {
    put32(ip, 0x60000000);
    put16(ip, std::uint16_t(tcp.size()));
    ip.insert(ip.end(), {IPPROTO_TCP, 64});
    ip.insert(ip.end(), src.begin(), src.end());
    ip.insert(ip.end(), dst.begin(), dst.end());
  }
  ip.insert(ip.end(), tcp.begin(), tcp.end());
  return ip;
}

// The link-layer header for an IP packet of the given version.
inline bytes link_header(const write_options& o, bool v6) {
  using namespace pcap_detail;
  const std::uint16_t ethertype = v6 ? 0x86DD : 0x0800;
  bytes h;
  switch (o.link) {
    case link_type::ethernet:
      h = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01};  // dst, src MAC
      if (o.vlan) {
        put16(h, 0x8100);
        put16(h, o.vlan & 0x0FFF);
      }
      put16(h, ethertype);
      break;
    case link_type::linux_sll:
      h = {0, 0, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0};  // host, ARPHRD_LOOPBACK, 6-byte address
      put16(h, ethertype);
      break;
    case link_type::linux_sll2:
      put16(h, ethertype);
      h.insert(h.end(), {0, 0, 0, 0, 0, 1, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0});  // if 1, loopback
      break;
    case link_type::null:
      le32(h, v6 ? o.null_family_v6 : 2);
      break;
    case link_type::loop:
      put32(h, v6 ? o.null_family_v6 : 2);
      break;
    case link_type::raw:
    case link_type::ipv4:
    case link_type::ipv6:
      break;
  }
  return h;
}

// A segment as a capture record (link header + IP), cut by the segment's `cut` and the snap length.
inline pcap_record record_for(const tcp_segment& s, const write_options& o = {}) {
  pcap_record r;
  r.time = s.time;
  r.frame = link_header(o, pcap_detail::is_v6(s.src));
  const bytes ip = ip_packet(s);
  r.frame.insert(r.frame.end(), ip.begin(), ip.end());
  r.captured = r.frame.size() - s.cut;
  if (o.link == link_type::ethernet && o.pad_ethernet && r.frame.size() < 60) {
    r.frame.resize(60, 0);
    if (s.cut == 0) r.captured = 60;  // the padding is captured too
  }
  r.captured = std::min(r.captured, o.snaplen);
  return r;
}

inline void write_file(const std::string& path, const bytes& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << wsh::as_text(content);
  if (!out) throw std::runtime_error("pcap_writer: cannot write " + path);
}

// Classic pcap, nanosecond timestamps (magic a1b23c4d).
inline bytes pcap_file(const std::vector<pcap_record>& records, link_type link, std::size_t snaplen = 262144) {
  using namespace pcap_detail;
  bytes f;
  le32(f, 0xA1B23C4D);
  le16(f, 2);
  le16(f, 4);
  le32(f, 0);  // thiszone
  le32(f, 0);  // sigfigs
  le32(f, std::uint32_t(snaplen));
  le32(f, static_cast<std::uint32_t>(link));
  for (const auto& r : records) {
    const std::uint64_t ns = nanoseconds(r.time);
    le32(f, std::uint32_t(ns / 1000000000));
    le32(f, std::uint32_t(ns % 1000000000));
    le32(f, std::uint32_t(r.captured));
    le32(f, std::uint32_t(r.frame.size()));
    f.insert(f.end(), r.frame.begin(), r.frame.begin() + static_cast<std::ptrdiff_t>(r.captured));
  }
  return f;
}

// Minimal pcapng: one section header, one interface (nanosecond resolution), enhanced packets.
inline bytes pcapng_file(const std::vector<pcap_record>& records, link_type link, std::size_t snaplen = 262144) {
  using namespace pcap_detail;
  bytes f;
  auto block = [&f](std::uint32_t type, const bytes& body) {
    const std::uint32_t len = std::uint32_t(12 + (body.size() + 3) / 4 * 4);
    le32(f, type);
    le32(f, len);
    f.insert(f.end(), body.begin(), body.end());
    f.resize(f.size() + (4 - body.size() % 4) % 4, 0);
    le32(f, len);
  };
  bytes shb;
  le32(shb, 0x1A2B3C4D);  // byte-order magic
  le16(shb, 1);
  le16(shb, 0);
  le32(shb, 0xFFFFFFFF);  // section length unknown
  le32(shb, 0xFFFFFFFF);
  block(0x0A0D0D0A, shb);
  bytes idb;
  le16(idb, static_cast<std::uint16_t>(link));
  le16(idb, 0);
  le32(idb, std::uint32_t(snaplen));
  le16(idb, 9);  // if_tsresol: 10^-9
  le16(idb, 1);
  idb.insert(idb.end(), {9, 0, 0, 0});
  le32(idb, 0);  // opt_endofopt
  block(1, idb);
  for (const auto& r : records) {
    bytes epb;
    const std::uint64_t ns = nanoseconds(r.time);
    le32(epb, 0);  // interface 0
    le32(epb, std::uint32_t(ns >> 32));
    le32(epb, std::uint32_t(ns));
    le32(epb, std::uint32_t(r.captured));
    le32(epb, std::uint32_t(r.frame.size()));
    epb.insert(epb.end(), r.frame.begin(), r.frame.begin() + static_cast<std::ptrdiff_t>(r.captured));
    block(6, epb);
  }
  return f;
}

inline std::vector<pcap_record> records_for(const std::vector<tcp_segment>& segments, const write_options& o) {
  std::vector<pcap_record> records;
  for (const auto& s : segments) records.push_back(record_for(s, o));
  return records;
}

inline void write_pcap(const std::string& path, const std::vector<tcp_segment>& segments,
                       const write_options& o = {}) {
  write_file(path, pcap_file(records_for(segments, o), o.link, o.snaplen));
}

inline void write_pcapng(const std::string& path, const std::vector<tcp_segment>& segments,
                         const write_options& o = {}) {
  write_file(path, pcapng_file(records_for(segments, o), o.link, o.snaplen));
}

// A fresh path in the temp directory for a capture file (not created).
inline std::string temp_capture_path(std::string_view name) {
  static std::atomic<int> n{0};
  return (std::filesystem::temp_directory_path() /
          ("wsh_cap_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" + std::string(name)))
      .string();
}

struct conversation_options {
  std::string client = "10.0.0.1", server = "10.0.0.2";  // "::1" etc. for IPv6
  std::uint16_t client_port = 40000, server_port = 8080;
  std::uint32_t client_isn = 1000, server_isn = 5000;
  double start = 1700000000.0;  // time of the first segment
  std::size_t mss = 1460;       // sends longer than this become several segments
  bool handshake = true;        // begin with SYN, SYN-ACK, ACK
  bool ack_each_send = false;   // the receiver answers every data segment with a pure ACK
};

// A TCP conversation with correct sequence and acknowledgement numbers. The first segment is at
// options.start, every later one `dt` seconds after the previous one.
struct pcap_conversation {
  conversation_options options;
  std::vector<tcp_segment> segments;
  double time;  // of the latest segment (the first one is at options.start)

  explicit pcap_conversation(conversation_options o = {}) : options(std::move(o)), time(options.start) {
    client_next_ = options.client_isn;
    server_next_ = options.server_isn;
    if (!options.handshake) {
      ++client_next_;  // as after the SYN
      ++server_next_;
      return;
    }
    push(true, {}, 0, {.syn = true, .ack = false});
    push(false, {}, 0.001, {.syn = true});
    push(true, {}, 0.001, {});
  }

  pcap_conversation& client_sends(byte_view data, double dt = 0.001) { return send(true, data, dt); }
  pcap_conversation& server_sends(byte_view data, double dt = 0.001) { return send(false, data, dt); }
  pcap_conversation& client_sends(std::string_view text, double dt = 0.001) { return send(true, to_bytes(text), dt); }
  pcap_conversation& server_sends(std::string_view text, double dt = 0.001) { return send(false, to_bytes(text), dt); }
  pcap_conversation& client_fin(double dt = 0.001) { return push(true, {}, dt, {.fin = true}); }
  pcap_conversation& server_fin(double dt = 0.001) { return push(false, {}, dt, {.fin = true}); }
  pcap_conversation& client_rst(double dt = 0.001) { return push(true, {}, dt, {.rst = true}); }
  pcap_conversation& server_rst(double dt = 0.001) { return push(false, {}, dt, {.rst = true}); }
  pcap_conversation& client_ack(double dt = 0.001) { return push(true, {}, dt, {}); }
  pcap_conversation& server_ack(double dt = 0.001) { return push(false, {}, dt, {}); }

  // Everything each side sent, in order: what reassembly must give back.
  bytes client_stream, server_stream;

 private:
  struct flags {
    bool syn = false, fin = false, rst = false, ack = true;
  };

  pcap_conversation& send(bool from_client, byte_view data, double dt) {
    for (std::size_t at = 0; at < data.size(); at += options.mss) {
      push(from_client, data.subspan(at, std::min(options.mss, data.size() - at)), dt, {});
      if (options.ack_each_send) push(!from_client, {}, dt, {});
    }
    return *this;
  }

  pcap_conversation& push(bool from_client, byte_view payload, double dt, flags f) {
    tcp_segment s;
    if (started_) time += dt;  // the first segment is at options.start
    started_ = true;
    s.time = time;
    s.src = from_client ? options.client : options.server;
    s.dst = from_client ? options.server : options.client;
    s.src_port = from_client ? options.client_port : options.server_port;
    s.dst_port = from_client ? options.server_port : options.client_port;
    std::uint32_t& next = from_client ? client_next_ : server_next_;
    s.seq = next;
    s.ack = from_client ? server_next_ : client_next_;
    s.syn = f.syn;
    s.fin = f.fin;
    s.rst = f.rst;
    s.has_ack = f.ack;
    if (!s.has_ack) s.ack = 0;
    s.payload.assign(payload.begin(), payload.end());
    s.packet = segments.size() + 1;
    (from_client ? client_stream : server_stream).insert((from_client ? client_stream : server_stream).end(),
                                                         payload.begin(), payload.end());
    next += std::uint32_t(payload.size()) + (s.syn || s.fin ? 1 : 0);
    segments.push_back(std::move(s));
    return *this;
  }

  std::uint32_t client_next_ = 0, server_next_ = 0;
  bool started_ = false;
};

}  // namespace wsh::test
