// Reads a packet capture (pcap or pcapng, via libpcap) into the TCP segments it holds. Only
// what `explain` needs: addresses, ports, sequence numbers, flags, payload and time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "wsh/bytes.hpp"

namespace wsh {

// Unreadable input: missing file, not a capture, unsupported link type. One line.
struct capture_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct tcp_segment {
  double time = 0;          // seconds since the epoch, from the capture record
  std::string src, dst;     // addresses as text ("127.0.0.1", "::1")
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint32_t seq = 0, ack = 0;
  bool syn = false, fin = false, rst = false, has_ack = false;
  bytes payload;            // as captured: may be shorter than on the wire (see cut)
  std::size_t cut = 0;      // payload bytes the capture did not keep (snap length)
  std::size_t packet = 0;   // 1-based packet number in the file, for messages
};

struct capture {
  std::string link_type;             // libpcap's name, e.g. "EN10MB"
  std::size_t packets = 0;           // records read
  std::vector<tcp_segment> segments; // TCP over IPv4/IPv6, in file order
  std::vector<std::string> notes;    // what was skipped and why (non-TCP, IP fragments, ...)
  bool truncated_file = false;       // the file ends inside a record
};

// Throws capture_error when the file cannot be read as a capture at all. A file cut short
// inside a record yields what was read before it, with truncated_file set.
capture read_capture(const std::string& path);

}  // namespace wsh
