#include "memory_run.hpp"

#include <algorithm>
#include <string_view>

#include "wsh/frame_codec.hpp"
#include "wsh/handshake.hpp"

namespace wsh::fuzz {

namespace {

// A fixed key keeps runs deterministic; the accept check still runs for real.
constexpr std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==";

// The same request for every input, built once.
const bytes& request() {
  static const bytes r = to_bytes(upgrade_request("fuzz.invalid", 80, "/", key));
  return r;
}

// Whether a response head (through its blank line) upgrades our request; sets `why` if not.
// The check is a pure function of the head's bytes (the key is fixed), and a server answers
// every input with the same head, so the last accepted head is remembered and an identical one
// is accepted without parsing it again and recomputing the SHA-1; any other head gets the full
// check.
bool accepted(std::string_view head, std::string& why) {
  thread_local std::string last_accepted;
  if (!last_accepted.empty() && head == last_accepted) return true;
  const auto parsed = parse_http_head(head.substr(0, head.size() - 2));
  if (!parsed) {
    why = "malformed HTTP response to the upgrade request";
    return false;
  }
  why = check_upgrade_response(*parsed, key);
  if (!why.empty()) return false;
  last_accepted = head;
  return true;
}

// Writes `stream` in pieces of `write_size` bytes (0: one write), stopping early once the server
// ended, like the TCP runner does when a write fails after the close. `write(piece, sent)` gets
// each piece and the bytes written with it. The write plan of both drivers below.
template <class Write>
void write_in_pieces(const memory_server& server, byte_view stream, std::size_t write_size, Write write) {
  const std::size_t step = write_size ? write_size : std::max<std::size_t>(stream.size(), 1);
  for (std::size_t at = 0; at < stream.size() && !server.ended(); at += step) {
    const std::size_t n = std::min(step, stream.size() - at);
    write(stream.subspan(at, n), at + n);
  }
}

class recorder {
 public:
  recorder(memory_server& s, transcript& t) : server_(s), t_(t) {}

  bool upgrade() {
    send(request());
    const std::size_t end = pending_.find("\r\n\r\n");
    if (end == std::string::npos) {
      t_.setup_error = "no HTTP response to the upgrade request";
      return false;
    }
    t_.connected = true;
    if (!accepted(std::string_view(pending_).substr(0, end + 4), t_.setup_error)) return false;
    t_.upgraded = true;
    parser_.feed(reinterpret_cast<const std::uint8_t*>(pending_.data()) + end + 4, pending_.size() - end - 4);
    pending_.clear();
    record();
    return true;
  }

  void send_stream(byte_view stream, std::size_t write_size) {
    write_in_pieces(server_, stream, write_size, [&](byte_view piece, std::size_t sent) {
      send(piece);
      t_.bytes_sent = sent;
      record();
    });
  }

  void send_close(std::uint16_t code, bool has_code) {
    t_.client_close_sent = true;
    send(encode(has_code ? close_frame(code) : close_raw({})));
    record();
  }

 private:
  void send(byte_view b) {
    server_.feed(b.data(), b.size());
    server_.drain(pending_);
  }

  // Moves the server's output into the transcript: frames, reassembled messages, the close.
  void record() {
    if (t_.upgraded) {
      parser_.feed(reinterpret_cast<const std::uint8_t*>(pending_.data()), pending_.size());
      pending_.clear();
    }
    parsed_frame f;
    while (!t_.close_received && t_.protocol_error.empty()) {
      const auto st = parser_.next(f);
      if (st == frame_parser::status::need_more) break;
      if (st == frame_parser::status::error) {
        t_.protocol_error = parser_.error();
        break;
      }
      if (f.opcode == op::close) {
        note_close(t_, f.payload, 0);
        t_.frames.push_back({f.opcode, f.fin, std::move(f.payload), 0});
        break;
      }
      if (!is_control(f.opcode)) {
        if (f.opcode != op::continuation) {
          msg_op_ = f.opcode;
          msg_.clear();
        }
        msg_.insert(msg_.end(), f.payload.begin(), f.payload.end());
        if (f.fin) t_.messages.push_back({msg_op_, std::move(msg_)}), msg_.clear();
      }
      t_.frames.push_back({f.opcode, f.fin, std::move(f.payload), 0});  // f is refilled by next()
    }
    if (server_.ended() && !t_.tcp_closed) {
      t_.tcp_closed = true;
      if (!t_.close_received) t_.sent_when_closed = t_.bytes_sent;
    }
  }

  memory_server& server_;
  transcript& t_;
  std::string pending_;
  frame_parser parser_;
  std::uint8_t msg_op_ = 0;
  bytes msg_;
};

}  // namespace

transcript run_in_memory(memory_server& server, byte_view stream, std::size_t write_size, bool expect_close) {
  transcript t;
  t.bytes_total = stream.size();
  recorder r(server, t);
  if (!r.upgrade()) return t;
  r.send_stream(stream, write_size);
  if (!t.close_received && !t.tcp_closed && !expect_close) r.send_close(1000, true);
  if (t.close_received && !t.client_close_sent && !t.tcp_closed) r.send_close(t.close_code.value_or(1000), t.close_code.has_value());
  return t;
}

void drive_in_memory(memory_server& server, byte_view stream, std::size_t write_size) {
  std::string out;  // the server's bytes, dropped (not a thread_local: one that grows looks like a leak)
  auto send = [&](byte_view b) {
    server.feed(b.data(), b.size());
    server.drain(out);
    out.clear();
  };
  send(request());
  write_in_pieces(server, stream, write_size, [&](byte_view piece, std::size_t) { send(piece); });
  static const bytes close = encode(close_frame(1000));
  if (!server.ended()) send(close);
}

}  // namespace wsh::fuzz
