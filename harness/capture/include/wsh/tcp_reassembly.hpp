// Puts the segments of each TCP connection back into the two byte streams the peers sent,
// in sequence order: retransmissions and overlaps are used once, out-of-order segments wait
// for the gap before them, and a gap the capture never fills ends that stream there.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wsh/bytes.hpp"
#include "wsh/pcap_capture.hpp"

namespace wsh {

struct tcp_peer {
  std::string address;
  std::uint16_t port = 0;
  bool operator==(const tcp_peer&) const = default;
};
std::string to_string(const tcp_peer& p);  // "127.0.0.1:8080", "[::1]:8080"

// When the bytes from `offset` on were first seen (the capture time of the segment that
// carried them). Sorted by offset; consecutive entries have increasing offsets.
struct stream_arrival {
  std::size_t offset = 0;
  double time = 0;
};

struct tcp_stream {
  bytes data;                           // contiguous bytes from the start of the stream
  std::vector<stream_arrival> arrivals; // when each part of `data` arrived
  bool start_known = true;              // SYN seen (else the stream starts at the first segment seen)
  std::optional<std::size_t> gap_at;    // data missing at this offset (bytes after it dropped)
  std::size_t gap_bytes_dropped = 0;    // captured bytes after the gap that could not be placed
  std::size_t retransmitted_segments = 0;
  std::size_t out_of_order_segments = 0;
  bool fin = false, rst = false;
  double fin_time = 0, rst_time = 0;
  double last_time = 0;

  // Time at which byte `offset` of `data` arrived (the last arrival at or before it).
  double time_of(std::size_t offset) const;
  // How many bytes of `data` had arrived at or before `time`. Bytes that came early (out of
  // order) count only once everything before them has arrived too: the usable prefix.
  std::size_t bytes_by(double time) const;
};

struct tcp_connection {
  tcp_peer client, server;  // client: sent the SYN (or, without one, the first payload)
  double start_time = 0;    // first segment seen
  tcp_stream to_server, to_client;
  std::size_t first_packet = 0;  // 1-based packet number of its first segment
};

// Connections in order of their first segment. A reused 4-tuple after a FIN/RST and a new
// SYN starts a new connection.
std::vector<tcp_connection> reassemble(const std::vector<tcp_segment>& segments);

}  // namespace wsh
