#include "wsh/ws_connection.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <limits>
#include <string_view>

#include "wsh/handshake.hpp"

namespace wsh {

namespace {

// Frames larger than this are not decoded: a capture is evidence, not a memory bomb.
constexpr std::uint64_t max_frame_payload = 256ull << 20;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string header(const http_head& h, const char* name) {
  auto it = h.headers.find(name);
  return it == h.headers.end() ? std::string() : it->second;
}

// Numbers data messages and their fragments the way a receiver reassembles them.
void number_messages(std::vector<seen_frame>& frames) {
  std::size_t message = 0;
  std::size_t fragment = 0;
  bool open = false;
  for (auto& s : frames) {
    const std::uint8_t op = s.w.f.opcode;
    if (is_control(op)) continue;
    if (op == op::continuation) {
      if (!open) continue;  // nothing to continue: the oracle reports it
      s.message = message;
      s.fragment = ++fragment;
    } else {
      s.message = ++message;
      s.fragment = fragment = 1;
    }
    open = !s.w.f.fin;
  }
}

// Decodes the frames after `skip` bytes of handshake; timing from the TCP stream when given.
ws_side decode_side(const bytes& data, std::size_t skip, const tcp_stream* tcp, double start_time) {
  ws_side side;
  side.handshake_size = skip;
  const byte_view rest = byte_view(data).subspan(std::min(skip, data.size()));
  decoded_stream d = decode_frames(rest, max_frame_payload);
  side.decode_error = std::move(d.error);
  side.undecoded = rest.size() - d.consumed;
  if (tcp) {
    side.timed = true;
    // Offsets move past the handshake; of the arrivals at or before it, the last one carried byte 0.
    for (const auto& a : tcp->arrivals) {
      const std::size_t at = a.offset > skip ? a.offset - skip : 0;
      if (!side.arrivals.empty() && side.arrivals.back().offset == at) side.arrivals.pop_back();
      side.arrivals.push_back({at, (a.time - start_time) * 1000.0});
    }
  }
  for (auto& w : d.frames) {
    seen_frame s;
    s.first_ms = side.ms_of(w.offset);
    s.ms = side.ms_of(w.offset + w.wire_size() - 1);
    s.w = std::move(w);
    side.frames.push_back(std::move(s));
  }
  number_messages(side.frames);
  if (tcp) {
    if (tcp->gap_at && *tcp->gap_at >= skip) side.gap_at = *tcp->gap_at - skip;
    side.fin = tcp->fin;
    side.rst = tcp->rst;
    const double end = tcp->rst ? tcp->rst_time : tcp->fin_time;
    if (side.fin || side.rst) side.end_ms = (end - start_time) * 1000.0;
  }
  return side;
}

}  // namespace

double ws_side::ms_of(std::size_t offset) const {
  auto it = std::upper_bound(arrivals.begin(), arrivals.end(), offset,
                             [](std::size_t o, const stream_arrival& a) { return o < a.offset; });
  return it == arrivals.begin() ? 0 : std::prev(it)->time;
}

std::size_t ws_side::bytes_by(double ms) const {
  // Arrivals are in offset order; their times may go back (out-of-order segments placed late).
  std::size_t n = 0;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    if (arrivals[i].time > ms) break;
    n = i + 1 < arrivals.size() ? arrivals[i + 1].offset : std::numeric_limits<std::size_t>::max();
  }
  return n;
}

bool looks_like_http_request(const tcp_connection& c) {
  const std::string_view t = as_text(c.to_server.data);
  if (t.substr(0, 4) != "GET " || !c.to_server.start_known) return false;
  // A complete request head without "Upgrade: websocket" is plain HTTP, not a WebSocket attempt.
  const found_head req = find_http_head(t);
  if (req.size == 0) return true;  // incomplete: read_websocket says what is missing
  return !req.head || lower(header(*req.head, "upgrade")) == "websocket";
}

bool looks_like_tls(const tcp_connection& c) {
  const auto& d = c.to_server.data;
  return c.to_server.start_known && d.size() >= 2 && d[0] == 0x16 && d[1] == 0x03;
}

ws_connection read_websocket(const tcp_connection& c) {
  ws_connection ws;
  ws.client = c.client;
  ws.server = c.server;
  ws.start_time = c.start_time;
  ws.first_packet = c.first_packet;
  ws.start_seen = c.to_server.start_known;
  ws.duration_ms = (std::max(c.to_server.last_time, c.to_client.last_time) - c.start_time) * 1000.0;

  if (!c.to_server.start_known) {
    ws.problem = "the capture starts in the middle of this connection: no handshake, so frame boundaries are "
                 "unknown (capture from before the client connects, or use --raw on the frame bytes)";
    return ws;
  }
  const found_head request = find_http_head(as_text(c.to_server.data));
  const std::size_t req_size = request.size;
  if (req_size == 0) {
    ws.problem = "no complete HTTP upgrade request in the client's bytes";
    return ws;
  }
  const auto& req = request.head;
  if (!req) {
    ws.problem = "the client's HTTP request head is malformed";
    return ws;
  }
  ws.request_line = req->start_line;
  if (lower(header(*req, "upgrade")) != "websocket") {
    ws.problem = "HTTP request without \"Upgrade: websocket\" (" + ws.request_line + ")";
    return ws;
  }
  const found_head response = find_http_head(as_text(c.to_client.data));
  const std::size_t resp_size = response.size;
  if (resp_size == 0) {
    ws.problem = c.to_client.data.empty() ? "the server never answered the upgrade request in this capture"
                                          : "the server's HTTP answer is incomplete in this capture";
    ws.from_client = decode_side(c.to_server.data, req_size, &c.to_server, c.start_time);
    ws.from_client.frames.clear();  // not upgraded: nothing after the request is WebSocket
    return ws;
  }
  const auto& resp = response.head;
  if (!resp || resp->status == 0) {
    ws.problem = "the server's HTTP answer is malformed";
    return ws;
  }
  ws.status = resp->status;
  if (ws.status != 101) {
    ws.problem = "the server refused the upgrade: " + resp->start_line;
    return ws;
  }
  ws.upgraded = true;
  ws.extensions = header(*resp, "sec-websocket-extensions");
  ws.protocol = header(*resp, "sec-websocket-protocol");
  ws.deflate = parse_deflate(ws.extensions);
  ws.from_client = decode_side(c.to_server.data, req_size, &c.to_server, c.start_time);
  ws.from_server = decode_side(c.to_client.data, resp_size, &c.to_client, c.start_time);
  return ws;
}

ws_side read_frames(byte_view stream) {
  return decode_side(bytes(stream.begin(), stream.end()), 0, nullptr, 0);
}

}  // namespace wsh
