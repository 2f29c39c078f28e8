// The WebSocket view of one captured TCP connection: the opening handshake of each side, the
// negotiated extensions, and the frames each side sent with where and when they crossed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wsh/deflate.hpp"
#include "wsh/frame_codec.hpp"
#include "wsh/tcp_reassembly.hpp"

namespace wsh {

// A frame as seen in the capture. Payloads are unmasked (and still compressed when RSV1 marks a
// permessage-deflate message); `offset` counts from the first byte after the handshake.
struct seen_frame {
  wire_frame w;
  double first_ms = 0;        // when its first byte was captured, since the connection's first packet
  double ms = 0;              // when its last byte was captured
  std::size_t message = 0;    // 1-based data message it belongs to (0: control frame)
  std::size_t fragment = 0;   // 1-based position in that message
};

// What one side sent after its handshake.
struct ws_side {
  std::size_t handshake_size = 0;  // bytes of its HTTP head (0 for a --raw stream)
  std::vector<seen_frame> frames;
  bool timed = false;              // from a capture (else a bare stream: no times)
  // When the bytes from `offset` (after the handshake) on were captured, in ms since the
  // connection's first packet. Empty for a bare stream.
  std::vector<stream_arrival> arrivals;
  std::string decode_error;        // a frame header no peer may send (decoding stopped there)
  std::size_t undecoded = 0;       // bytes after the last complete frame (capture ends or gap)
  std::optional<std::size_t> gap_at;  // the capture lost data here (offset after the handshake)
  bool fin = false, rst = false;   // how its TCP side ended, if it did
  double end_ms = 0;

  double ms_of(std::size_t offset) const;       // capture time of byte `offset`
  std::size_t bytes_by(double ms) const;        // bytes (after the handshake) captured by `ms`
};

struct ws_connection {
  tcp_peer client, server;
  double start_time = 0;        // capture time of the first packet (seconds since the epoch)
  double duration_ms = 0;       // first to last packet
  std::size_t first_packet = 0;
  std::string request_line;     // "GET /chat HTTP/1.1"
  int status = 0;               // the server's answer (101 when upgraded; 0: none captured)
  std::string extensions;       // Sec-WebSocket-Extensions of the 101, verbatim
  std::string protocol;         // Sec-WebSocket-Protocol of the 101
  deflate_params deflate;
  bool upgraded = false;
  std::string problem;          // why the WebSocket part cannot be read (empty when fine)
  ws_side from_client, from_server;
  bool start_seen = true;       // the capture holds the start of the TCP connection
};

// True when the client's first bytes are a WebSocket upgrade request (or the start of an HTTP
// GET cut short), so the connection is worth reading as WebSocket at all. Plain HTTP is not.
bool looks_like_http_request(const tcp_connection& c);

// True when the client's first bytes are a TLS handshake record (0x16 0x03 ...): wss:// traffic
// a capture cannot show in clear.
bool looks_like_tls(const tcp_connection& c);

// Reads the handshake and frames of a connection; `problem` says what could not be read.
ws_connection read_websocket(const tcp_connection& c);

// A bare client->server frame stream (no handshake, no timing), e.g. from --raw.
ws_side read_frames(byte_view stream);

}  // namespace wsh
