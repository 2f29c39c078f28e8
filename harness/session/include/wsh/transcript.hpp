// What crossed the wire in one case: the single record every verdict and report is a view of.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wsh/bytes.hpp"
#include "wsh/frame.hpp"

namespace wsh {

struct received_frame {
  std::uint8_t opcode = 0;
  bool fin = true;
  bytes payload;  // unmasked; after compact(): at most a window of it (payload_size says how much there was)
  double ms = 0;  // since the connection attempt started
  std::size_t payload_size = 0;  // set by compact()
  // The header as it was on the wire, for the oracle's framing rules (a server never masks, §5.1).
  bool rsv1 = false, rsv2 = false, rsv3 = false;
  bool masked = false;
  length_form length = length_form::minimal;  // `minimal` when the wire used the shortest form
  bool after_close = false;  // came after the server's own close frame (recorded, never reassembled)
};

struct received_message {
  std::uint8_t opcode = 0;  // text or binary
  bytes payload;  // after compact(): at most a window of it
  bool operator==(const received_message&) const = default;
};

struct transcript {
  // Set-up
  bool connected = false;
  bool upgraded = false;
  std::string setup_error;  // why connect/upgrade failed (empty when fine)
  bool deflate_negotiated = false;  // the 101 accepted our permessage-deflate offer

  // What we sent
  std::size_t bytes_total = 0;  // size of the case's stream
  std::size_t bytes_sent = 0;
  std::string write_error;  // e.g. "broken pipe" after the server closed
  bool client_close_sent = false;
  double client_close_ms = 0;

  // What came back
  std::vector<received_frame> frames;
  std::vector<received_message> messages;  // reassembled data messages, in order
  bool close_received = false;
  bool server_initiated_close = false;  // its close frame came before ours
  std::optional<std::uint16_t> close_code;  // nullopt for an empty close payload
  bytes close_reason;
  std::size_t close_payload_size = 0;
  double close_ms = 0;
  std::size_t sent_when_closed = 0;  // bytes we had written when the close (frame or TCP) arrived
  bool tcp_closed = false;            // the server ended the TCP connection (FIN or RST)
  bool tcp_reset = false;             // ... by an RST (ECONNRESET): a client may lose what it had not read yet
  double tcp_closed_ms = 0;
  bool timed_out = false;             // the deadline passed while waiting for the server
  // The no-close probe (session_options::probe_grace_ms): when our ping went out after the
  // stream, when the server's pong to it came back, and how long we then waited for a close.
  std::optional<double> probe_ms, probe_pong_ms;
  double probe_grace_ms = 0;
  // The closing handshake was complete (both close frames) and the server still had TCP open
  // when we stopped waiting, this long after our close went out (RFC 6455 §7.1.1: the server
  // SHOULD close the TCP connection first).
  std::optional<double> tcp_open_after_close_ms;
  std::string protocol_error;         // the server sent something unparseable
  double total_ms = 0;
};

// Records the server's close frame (its payload) arriving `ms` after the start: code and reason,
// who closed first, how much we had sent. The one place both runners (TCP, in memory) do it.
inline void note_close(transcript& t, byte_view payload, double ms) {
  t.close_received = true;
  t.server_initiated_close = !t.client_close_sent;
  t.close_ms = ms;
  t.sent_when_closed = t.bytes_sent;
  t.close_payload_size = payload.size();
  if (payload.size() >= 2) {
    t.close_code = close_code_of(payload);
    t.close_reason.assign(payload.begin() + 2, payload.end());
  }
}

// The largest message a case may make the client buffer, by default: the catalogue's largest is
// 1 MiB + 1 byte, so 4 MiB leaves a margin and bounds what a hostile server can make us hold
// (--max-message raises it for larger cases of one's own).
inline constexpr std::uint64_t default_max_message = 4ull << 20;

// Drops what no verdict or report needs once a case is judged: payloads above `keep` bytes are
// cut to their first and last keep/2 bytes (sizes kept in payload_size), so a run of the whole
// catalogue holds kilobytes per case, whatever a server sent. The close frame is kept whole.
void compact(transcript& t, std::size_t keep = 64);

}  // namespace wsh
