// Capture records -> TCP segments: libpcap reads the file (pcap or pcapng), this file peels the
// link header, IPv4/IPv6 and TCP. Anything else is skipped and counted in a bounded set of notes.
#include "wsh/pcap_capture.hpp"

#include <arpa/inet.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>

namespace wsh {

namespace {

std::uint16_t get16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t get32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

// libpcap messages may end with a newline; ours are one line.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string link_type_name(int dlt) {
  const char* name = pcap_datalink_val_to_name(dlt);
  return name ? name : "DLT " + std::to_string(dlt);
}

// One note per reason with a count, so a capture full of UDP cannot flood the notes.
class skip_notes {
 public:
  void add(std::string_view reason, std::size_t packet, std::string detail = {}) {
    for (auto& e : entries_)
      if (e.reason == reason) {
        ++e.count;
        return;
      }
    entries_.push_back({std::string(reason), 1, packet, std::move(detail)});
  }
  void write_to(std::vector<std::string>& notes) const {
    for (const auto& e : entries_) {
      std::string n = "skipped " + std::to_string(e.count) + (e.count == 1 ? " packet: " : " packets: ") + e.reason;
      n += " (" + std::string(e.count == 1 ? "packet " : "first: packet ") + std::to_string(e.first_packet);
      if (!e.detail.empty()) n += ", " + e.detail;
      n += ")";
      notes.push_back(std::move(n));
    }
  }

 private:
  struct entry {
    std::string reason;
    std::size_t count;
    std::size_t first_packet;
    std::string detail;  // of the first packet only
  };
  std::vector<entry> entries_;
};

// The bytes still to decode: `captured` of them are in the record, `wire` were on the wire.
struct packet_bytes {
  const std::uint8_t* data;
  std::size_t captured;
  std::size_t wire;

  packet_bytes after(std::size_t n) const {
    return {data + n, captured - std::min(captured, n), wire - std::min(wire, n)};
  }
};

enum class network { ipv4, ipv6, other };

constexpr std::uint16_t ethertype_ipv4 = 0x0800, ethertype_ipv6 = 0x86DD;

network from_ethertype(std::uint16_t t) {
  return t == ethertype_ipv4 ? network::ipv4 : t == ethertype_ipv6 ? network::ipv6 : network::other;
}

// DLT_NULL stores the address family in the capturing host's byte order, DLT_LOOP in network
// order, and AF_INET6 differs between systems; accept every known value in either order.
network from_address_family(const std::uint8_t* p) {
  const std::uint32_t be = get32(p);
  const std::uint32_t le = std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 | p[0];
  for (std::uint32_t af : {be, le}) {
    if (af == 2) return network::ipv4;
    if (af == 10 || af == 23 || af == 24 || af == 28 || af == 30) return network::ipv6;  // Linux, Win, BSDs, macOS
  }
  return network::other;
}

constexpr const char* supported_link_types = "EN10MB, LINUX_SLL, LINUX_SLL2, NULL, LOOP, RAW, IPV4, IPV6";

bool is_supported(int dlt) {
  switch (dlt) {
    case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_NULL: case DLT_LOOP:
    case DLT_RAW: case DLT_IPV4: case DLT_IPV6:
      return true;
    default:
      return false;
  }
}

// Decodes one record into a segment, or says in `notes` why it was skipped.
class packet_decoder {
 public:
  packet_decoder(int dlt, skip_notes& notes) : dlt_(dlt), notes_(notes) {}

  std::optional<tcp_segment> decode(packet_bytes pkt, std::size_t packet_number) {
    packet_ = packet_number;
    tcp_segment seg;
    network net = network::other;
    if (!strip_link(pkt, net)) return std::nullopt;
    if (net == network::other) return skip("not IPv4/IPv6");
    std::optional<packet_bytes> tcp = net == network::ipv4 ? strip_ipv4(pkt, seg) : strip_ipv6(pkt, seg);
    if (!tcp || !read_tcp(*tcp, seg)) return std::nullopt;
    seg.packet = packet_number;
    return seg;
  }

 private:
  std::nullopt_t skip(std::string_view reason, std::string detail = {}) {
    notes_.add(reason, packet_, std::move(detail));
    return std::nullopt;
  }
  bool skipped(std::string_view reason, std::string detail = {}) {
    skip(reason, std::move(detail));
    return false;
  }

  bool strip_link(packet_bytes& pkt, network& net) {
    auto need = [&](std::size_t n) { return pkt.captured >= n || skipped("link header not captured"); };
    switch (dlt_) {
      case DLT_EN10MB: {
        if (!need(14)) return false;
        std::size_t off = 12;
        std::uint16_t type = get16(pkt.data + off);
        // 802.1Q / 802.1ad tags (a few stacked at most) sit between the MACs and the type.
        for (int tags = 0; (type == 0x8100 || type == 0x88A8 || type == 0x9100) && tags < 4; ++tags) {
          off += 4;
          if (!need(off + 2)) return false;
          type = get16(pkt.data + off);
        }
        net = from_ethertype(type);
        if (net == network::other) return skipped("not IPv4/IPv6", "ethertype " + hex16(type));
        pkt = pkt.after(off + 2);
        return true;
      }
      case DLT_LINUX_SLL:  // 16-byte cooked header, protocol last
        if (!need(16)) return false;
        net = from_ethertype(get16(pkt.data + 14));
        if (net == network::other) return skipped("not IPv4/IPv6", "protocol " + hex16(get16(pkt.data + 14)));
        pkt = pkt.after(16);
        return true;
      case DLT_LINUX_SLL2:  // 20-byte cooked header (tcpdump -i any), protocol first
        if (!need(20)) return false;
        net = from_ethertype(get16(pkt.data));
        if (net == network::other) return skipped("not IPv4/IPv6", "protocol " + hex16(get16(pkt.data)));
        pkt = pkt.after(20);
        return true;
      case DLT_NULL:
      case DLT_LOOP:
        if (!need(4)) return false;
        net = from_address_family(pkt.data);
        if (net == network::other) return skipped("not IPv4/IPv6", "address family " + std::to_string(get32(pkt.data)));
        pkt = pkt.after(4);
        return true;
      case DLT_RAW:  // the IP version nibble says which
        if (!need(1)) return false;
        net = pkt.data[0] >> 4 == 4 ? network::ipv4 : pkt.data[0] >> 4 == 6 ? network::ipv6 : network::other;
        return true;
      case DLT_IPV4:
        net = network::ipv4;
        return true;
      case DLT_IPV6:
        net = network::ipv6;
        return true;
    }
    return false;  // unreachable: read_capture rejects other link types
  }

  // Returns the TCP header and payload; fills the addresses.
  std::optional<packet_bytes> strip_ipv4(packet_bytes pkt, tcp_segment& seg) {
    if (pkt.captured < 20) return skip("IP header not captured");
    const std::uint8_t* ip = pkt.data;
    if (ip[0] >> 4 != 4) return skip("malformed IPv4 header", "version " + std::to_string(ip[0] >> 4));
    const std::size_t header_len = std::size_t{ip[0] & 0x0Fu} * 4;
    std::size_t total_len = get16(ip + 2);
    // Length 0 on a segmentation-offloaded packet captured on its sender: the frame tells.
    if (total_len == 0) total_len = pkt.wire;
    if (header_len < 20 || total_len < header_len || total_len > pkt.wire)
      return skip("malformed IPv4 header", "header length " + std::to_string(header_len) + ", total length " +
                                               std::to_string(total_len) + ", " + std::to_string(pkt.wire) +
                                               " bytes on the wire");
    if (pkt.captured < header_len) return skip("IP header not captured");
    if ((get16(ip + 6) & 0x3FFF) != 0) return skip("IPv4 fragment (not reassembled)");
    if (ip[9] != IPPROTO_TCP) return skip("not TCP", "IP protocol " + std::to_string(ip[9]));
    seg.src = address_text(AF_INET, ip + 12);
    seg.dst = address_text(AF_INET, ip + 16);
    // Cut the link layer's trailer (Ethernet padding) off: only total_len bytes are IP.
    return packet_bytes{ip + header_len, std::min(pkt.captured, total_len) - header_len, total_len - header_len};
  }

  std::optional<packet_bytes> strip_ipv6(packet_bytes pkt, tcp_segment& seg) {
    if (pkt.captured < 40) return skip("IP header not captured");
    const std::uint8_t* ip = pkt.data;
    if (ip[0] >> 4 != 6) return skip("malformed IPv6 header", "version " + std::to_string(ip[0] >> 4));
    std::size_t payload_len = get16(ip + 4);
    if (payload_len == 0) payload_len = pkt.wire - std::min<std::size_t>(pkt.wire, 40);  // jumbogram / offload
    if (40 + payload_len > pkt.wire)
      return skip("malformed IPv6 header", "payload length " + std::to_string(payload_len) + ", " +
                                               std::to_string(pkt.wire) + " bytes on the wire");
    seg.src = address_text(AF_INET6, ip + 8);
    seg.dst = address_text(AF_INET6, ip + 24);
    packet_bytes rest{ip + 40, std::min(pkt.captured, 40 + payload_len) - 40, payload_len};
    std::uint8_t next = ip[6];
    // Hop-by-hop, routing and destination options all have the same (length + 1) * 8 layout.
    for (int headers = 0; next == 0 || next == 43 || next == 60; ++headers) {
      if (headers == 8) return skip("malformed IPv6 header", "too many extension headers");
      if (rest.captured < 8) return skip("IP header not captured");
      const std::size_t len = (std::size_t{rest.data[1]} + 1) * 8;
      if (len > rest.wire) return skip("malformed IPv6 header", "extension header longer than the payload");
      if (rest.captured < len) return skip("IP header not captured");
      next = rest.data[0];
      rest = rest.after(len);
    }
    if (next == 44) return skip("IPv6 fragment (not reassembled)");
    if (next != IPPROTO_TCP) return skip("not TCP", "next header " + std::to_string(next));
    return rest;
  }

  bool read_tcp(packet_bytes tcp, tcp_segment& seg) {
    if (tcp.wire < 20) return skipped("malformed TCP header", std::to_string(tcp.wire) + " bytes of TCP");
    if (tcp.captured < 20) return skipped("TCP header not captured");
    const std::uint8_t* h = tcp.data;
    const std::size_t header_len = static_cast<std::size_t>(h[12] >> 4) * 4;
    if (header_len < 20 || header_len > tcp.wire)
      return skipped("malformed TCP header", "data offset " + std::to_string(header_len) + ", " +
                                                 std::to_string(tcp.wire) + " bytes of TCP");
    if (tcp.captured < header_len) return skipped("TCP header not captured");
    seg.src_port = get16(h);
    seg.dst_port = get16(h + 2);
    seg.seq = get32(h + 4);
    seg.ack = get32(h + 8);
    const std::uint8_t flags = h[13];
    seg.fin = flags & 0x01;
    seg.syn = flags & 0x02;
    seg.rst = flags & 0x04;
    seg.has_ack = flags & 0x10;
    seg.payload.assign(h + header_len, h + tcp.captured);
    seg.cut = tcp.wire - tcp.captured;
    return true;
  }

  static std::string address_text(int family, const std::uint8_t* addr) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(family, addr, buf, sizeof buf);
    return buf;
  }
  static std::string hex16(std::uint16_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    return std::string("0x") + digits[v >> 12] + digits[v >> 8 & 15] + digits[v >> 4 & 15] + digits[v & 15];
  }

  int dlt_;
  skip_notes& notes_;
  std::size_t packet_ = 0;
};

struct pcap_closer {
  void operator()(pcap_t* p) const { pcap_close(p); }
};

}  // namespace

capture read_capture(const std::string& path) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  // Nanosecond precision: libpcap scales microsecond files up, so both read the same way.
  std::unique_ptr<pcap_t, pcap_closer> pcap(
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf));
  if (!pcap) {
    std::string why = one_line(errbuf);
    if (why.rfind(path + ": ", 0) == 0) why.erase(0, path.size() + 2);  // libpcap names the file too
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0 && !ec)
      why = "the file is empty";
    throw capture_error("cannot read capture " + path + ": " + why);
  }

  capture cap;
  const int dlt = pcap_datalink(pcap.get());
  cap.link_type = link_type_name(dlt);
  if (!is_supported(dlt))
    throw capture_error(path + ": link type " + cap.link_type + " (" + std::to_string(dlt) +
                        ") is not supported (supported: " + supported_link_types + ")");

  skip_notes skips;
  packet_decoder decoder(dlt, skips);
  std::vector<std::string> stop_note;
  for (;;) {
    pcap_pkthdr* header = nullptr;
    const std::uint8_t* data = nullptr;
    const int rc = pcap_next_ex(pcap.get(), &header, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // end of file
    if (rc != 1) {
      // Mostly "truncated dump file" (the file ends inside a record); any other read error
      // also leaves the rest of the file unreadable, so keep what came before either way.
      cap.truncated_file = true;
      stop_note.push_back("stopped reading after packet " + std::to_string(cap.packets) + ": " +
                          one_line(pcap_geterr(pcap.get())));
      break;
    }
    ++cap.packets;
    const packet_bytes pkt{data, header->caplen, std::max<std::size_t>(header->len, header->caplen)};
    if (auto seg = decoder.decode(pkt, cap.packets)) {
      seg->time = static_cast<double>(header->ts.tv_sec) + static_cast<double>(header->ts.tv_usec) * 1e-9;
      cap.segments.push_back(std::move(*seg));
    }
  }
  skips.write_to(cap.notes);
  cap.notes.insert(cap.notes.end(), stop_note.begin(), stop_note.end());
  return cap;
}

}  // namespace wsh
