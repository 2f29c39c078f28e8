// TCP segments -> connections -> two in-order byte streams each. Sequence numbers become
// stream offsets relative to the direction's ISN (32-bit arithmetic, so wrap-around is free);
// every byte is placed once; what arrives ahead of a hole waits in a map of non-overlapping
// pieces until the hole is filled, and a hole still open at the end becomes the stream's gap.
#include "wsh/tcp_reassembly.hpp"

#include <algorithm>
#include <iterator>
#include <map>

namespace wsh {

std::string to_string(const tcp_peer& p) {
  const bool v6 = p.address.find(':') != std::string::npos;
  return (v6 ? "[" + p.address + "]" : p.address) + ":" + std::to_string(p.port);
}

double tcp_stream::time_of(std::size_t offset) const {
  auto after = std::upper_bound(arrivals.begin(), arrivals.end(), offset,
                                [](std::size_t o, const stream_arrival& a) { return o < a.offset; });
  return after == arrivals.begin() ? 0 : std::prev(after)->time;
}

std::size_t tcp_stream::bytes_by(double time) const {
  // The stream is only usable up to its first byte that had not arrived yet.
  for (const auto& a : arrivals)
    if (a.time > time) return a.offset;
  return data.size();
}

namespace {

tcp_peer sender_of(const tcp_segment& s) { return {s.src, s.src_port}; }
tcp_peer receiver_of(const tcp_segment& s) { return {s.dst, s.dst_port}; }
bool opens(const tcp_segment& s) { return s.syn && !s.has_ack; }

// The same key for both directions of a 4-tuple.
std::string tuple_key(const tcp_segment& s) {
  std::string a = to_string(sender_of(s)), b = to_string(receiver_of(s));
  return a < b ? a + " " + b : b + " " + a;
}

// The segments of one connection, and what decides whether a new SYN still belongs to it.
struct connection_segments {
  std::vector<const tcp_segment*> segments;
  bool ended = false;          // FIN or RST seen
  bool payload_seen = false;
  const tcp_segment* syn = nullptr;  // the first SYN without ACK

  // A SYN without ACK opens a new connection unless it is this one's own SYN again (same
  // sender, same ISN: a retransmission) or this one has not really begun (no SYN, no data yet).
  bool taken_over_by(const tcp_segment& s) const {
    if (!opens(s)) return false;
    if (syn && syn->seq == s.seq && sender_of(*syn) == sender_of(s)) return false;
    return ended || syn || payload_seen;
  }
  void add(const tcp_segment& s) {
    segments.push_back(&s);
    ended = ended || s.fin || s.rst;
    payload_seen = payload_seen || !s.payload.empty();
    if (!syn && opens(s)) syn = &s;
  }
};

std::vector<connection_segments> split_connections(const std::vector<tcp_segment>& segments) {
  std::vector<connection_segments> connections;
  std::map<std::string, std::size_t> current;  // 4-tuple -> its latest connection
  for (const auto& s : segments) {
    const std::string key = tuple_key(s);
    auto it = current.find(key);
    if (it == current.end() || connections[it->second].taken_over_by(s)) {
      connections.emplace_back();
      it = current.insert_or_assign(key, connections.size() - 1).first;
    }
    connections[it->second].add(s);
  }
  return connections;
}

tcp_peer client_of(const std::vector<const tcp_segment*>& segments) {
  for (const auto* s : segments)
    if (opens(*s)) return sender_of(*s);
  for (const auto* s : segments)
    if (s->syn) return receiver_of(*s);  // only the SYN-ACK was captured
  for (const auto* s : segments)
    if (!s->payload.empty()) return sender_of(*s);
  return sender_of(*segments.front());
}

// Sequence number of the first data byte a segment carries (a SYN occupies one number).
std::uint32_t data_seq(const tcp_segment& s) { return s.seq + (s.syn ? 1u : 0u); }

// Reassembles one direction.
class stream_builder {
 public:
  explicit stream_builder(const std::vector<const tcp_segment*>& segments) {
    if (segments.empty()) return;
    choose_start(segments);
    for (const auto* s : segments) add(*s);
    finish();
  }
  tcp_stream take() { return std::move(stream_); }

 private:
  struct piece {
    bytes data;
    double time;
  };

  // Offset 0 is the byte after the ISN. Without a SYN it is the lowest sequence number among the
  // segments that carry data (normally the first one's): the capture began mid-stream.
  void choose_start(const std::vector<const tcp_segment*>& segments) {
    for (const auto* s : segments)
      if (s->syn) {
        base_ = data_seq(*s);
        return;
      }
    stream_.start_known = false;
    const tcp_segment* first = nullptr;
    std::int32_t lowest = 0;
    for (const auto* s : segments) {
      if (s->rst || (s->payload.empty() && s->cut == 0 && !s->fin)) continue;
      if (!first) first = s;
      lowest = std::min(lowest, static_cast<std::int32_t>(data_seq(*s) - data_seq(*first)));
    }
    base_ = first ? data_seq(*first) + static_cast<std::uint32_t>(lowest) : segments.front()->seq;
  }

  // Offset of a sequence number, taken as the nearest one to the end of the data so far (a
  // stream may pass 4 GiB; sequence numbers only say where within 2 GiB of it a byte lies).
  std::int64_t offset_of(std::uint32_t seq) const {
    const std::uint32_t expected = base_ + static_cast<std::uint32_t>(stream_.data.size());
    return static_cast<std::int64_t>(stream_.data.size()) + static_cast<std::int32_t>(seq - expected);
  }

  void add(const tcp_segment& s) {
    stream_.last_time = std::max(stream_.last_time, s.time);
    if (s.rst) {
      // A RST's data is never delivered, and its sequence number says nothing about the stream.
      if (!stream_.rst) stream_.rst_time = s.time;
      stream_.rst = true;
      return;
    }
    const std::int64_t offset = offset_of(data_seq(s));
    // The peer sent everything before this segment's end on the wire (a pure ACK's sequence
    // number is its next byte too), so a capture that lost data shows a gap, not a short stream.
    const std::int64_t sent_end = offset + static_cast<std::int64_t>(s.payload.size() + s.cut);
    if (sent_end > 0) known_end_ = std::max(known_end_, static_cast<std::size_t>(sent_end));
    if (s.fin) {
      if (!stream_.fin) {
        stream_.fin_time = s.time;
        fin_at_ = static_cast<std::size_t>(std::max<std::int64_t>(sent_end, 0));
      }
      stream_.fin = true;
    }
    if (!s.payload.empty()) place(offset, s.payload, s.time);
  }

  void place(std::int64_t offset, const bytes& payload, double time) {
    const std::int64_t have = static_cast<std::int64_t>(stream_.data.size());
    const std::int64_t end = offset + static_cast<std::int64_t>(payload.size());
    if (end <= have) {
      ++stream_.retransmitted_segments;
    } else if (offset > have) {
      if (hold(static_cast<std::size_t>(offset), payload, time))
        ++stream_.out_of_order_segments;
      else
        ++stream_.retransmitted_segments;
    } else {
      append(payload, static_cast<std::size_t>(have - offset), time);  // only the part not seen yet
      drain();
    }
  }

  // Keeps the parts of an early segment that no held piece covers; false if there are none.
  bool hold(std::size_t offset, const bytes& payload, double time) {
    const std::size_t end = offset + payload.size();
    std::size_t pos = offset;
    auto next = held_.upper_bound(offset);
    if (next != held_.begin()) {
      const auto& [start, p] = *std::prev(next);
      pos = std::max(pos, start + p.data.size());
    }
    bool kept = false;
    while (pos < end) {
      const std::size_t stop = next == held_.end() ? end : std::min(end, next->first);
      if (pos < stop) {
        held_.emplace(pos, piece{bytes(payload.begin() + static_cast<std::ptrdiff_t>(pos - offset),
                                       payload.begin() + static_cast<std::ptrdiff_t>(stop - offset)),
                                 time});
        kept = true;
      }
      if (next == held_.end()) break;
      pos = std::max(pos, next->first + next->second.data.size());
      ++next;
    }
    return kept;
  }

  // Moves held pieces into the stream while they touch its end.
  void drain() {
    while (!held_.empty() && held_.begin()->first <= stream_.data.size()) {
      auto node = held_.extract(held_.begin());
      const std::size_t seen = stream_.data.size() - node.key();
      if (seen < node.mapped().data.size()) append(node.mapped().data, seen, node.mapped().time);
    }
  }

  void append(const bytes& payload, std::size_t from, double time) {
    stream_.arrivals.push_back({stream_.data.size(), time});
    stream_.data.insert(stream_.data.end(), payload.begin() + static_cast<std::ptrdiff_t>(from), payload.end());
  }

  void finish() {
    // The FIN takes a sequence number too: segments after it (the last ACK) are one past the data.
    if (stream_.fin) known_end_ = std::min(known_end_, fin_at_);
    if (held_.empty() && known_end_ <= stream_.data.size()) return;
    stream_.gap_at = stream_.data.size();
    for (const auto& [start, p] : held_) stream_.gap_bytes_dropped += p.data.size();
  }

  tcp_stream stream_;
  std::uint32_t base_ = 0;             // sequence number of offset 0
  std::map<std::size_t, piece> held_;  // early data by offset; pieces never overlap
  std::size_t known_end_ = 0;          // the peer sent at least this much (payload on the wire, FIN)
  std::size_t fin_at_ = 0;             // offset of the first FIN: no data after it
};

}  // namespace

std::vector<tcp_connection> reassemble(const std::vector<tcp_segment>& segments) {
  std::vector<tcp_connection> out;
  for (const auto& part : split_connections(segments)) {
    tcp_connection c;
    c.client = client_of(part.segments);
    c.start_time = part.segments.front()->time;
    c.first_packet = part.segments.front()->packet;
    std::vector<const tcp_segment*> from_client, from_server;
    for (const auto* s : part.segments) (sender_of(*s) == c.client ? from_client : from_server).push_back(s);
    c.server = from_client.empty() ? sender_of(*from_server.front()) : receiver_of(*from_client.front());
    c.to_server = stream_builder(from_client).take();
    c.to_client = stream_builder(from_server).take();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace wsh
