#include "wsh/runner.hpp"

#include <algorithm>
#include <array>
#include <asio.hpp>
#include <chrono>

#include "wsh/deflate.hpp"
#include "wsh/frame_codec.hpp"
#include "wsh/handshake.hpp"

namespace wsh {

namespace {

using clock_type = std::chrono::steady_clock;
using asio::ip::tcp;

// One client connection; every wait is bounded by a deadline (a timeout is an event, not a hang).
class connection {
 public:
  connection(transcript& t, const run_options& opt)
      : sock_(io_), parser_(opt.max_message), t_(t), t0_(clock_type::now()), max_message_(opt.max_message) {}

  double now_ms() const {
    return std::chrono::duration<double, std::milli>(clock_type::now() - t0_).count();
  }

  bool connect(const endpoint& ep, clock_type::time_point deadline) {
    asio::error_code ec;
    tcp::resolver resolver(io_);
    auto results = resolver.resolve(ep.host, std::to_string(ep.port), ec);
    if (ec) return setup("cannot resolve " + ep.host + ": " + ec.message());
    bool done = false;
    asio::async_connect(sock_, results, [&](const asio::error_code& e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    if (!wait(done, deadline)) return setup("connect to " + ep.host + ":" + std::to_string(ep.port) + " timed out");
    if (ec) return setup("cannot connect to " + ep.host + ":" + std::to_string(ep.port) + ": " + ec.message());
    sock_.set_option(tcp::no_delay(true), ec);
    t_.connected = true;
    return true;
  }

  bool upgrade(const endpoint& ep, clock_type::time_point deadline, bool offer_deflate) {
    const std::string key = random_key();
    const std::string req = upgrade_request(ep.host, ep.port, ep.path, key, offer_deflate ? "permessage-deflate" : "");
    if (!write(byte_view(reinterpret_cast<const std::uint8_t*>(req.data()), req.size()), deadline))
      return setup("could not send the upgrade request: " + t_.write_error);
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
      if (head.size() > 16384) return setup("upgrade response head exceeds 16 KiB");
      std::size_t n = 0;
      asio::error_code ec = read_some(n, deadline);
      if (ec == asio::error::operation_aborted) return setup("no upgrade response before the deadline");
      if (ec) return setup("connection ended during the upgrade (" + ec.message() + ")");
      head.append(reinterpret_cast<const char*>(rbuf_.data()), n);
    }
    const std::size_t end = head.find("\r\n\r\n") + 4;
    auto parsed = parse_http_head(std::string_view(head).substr(0, end - 2));
    if (!parsed) return setup("malformed upgrade response: " + show_payload(to_bytes(head.substr(0, head.find("\r\n"))), 40));
    if (std::string err = check_upgrade_response(*parsed, key); !err.empty()) return setup(err);
    if (offer_deflate) {
      auto ext = parsed->headers.find("sec-websocket-extensions");
      if (ext != parsed->headers.end() && ext->second.find("permessage-deflate") != std::string::npos) {
        t_.deflate_negotiated = true;
        inflater_ = inflater(ext->second.find("server_no_context_takeover") != std::string::npos);
      }
    }
    // Frames the server sent right behind its 101 belong to the WebSocket stream.
    parser_.feed(reinterpret_cast<const std::uint8_t*>(head.data()) + end, head.size() - end);
    t_.upgraded = true;
    return true;
  }

  bool write(byte_view b, clock_type::time_point deadline) {
    bool done = false;
    asio::error_code ec;
    std::size_t written = 0;
    asio::async_write(sock_, asio::buffer(b.data(), b.size()), [&](const asio::error_code& e, std::size_t n) {
      ec = e;
      written = n;
      done = true;
    });
    const bool in_time = wait(done, deadline);
    if (!in_time || ec) {
      t_.write_error = in_time ? ec.message() : "write timed out";
      return false;
    }
    (void)written;
    return true;
  }

  // Sends bytes of the case stream and keeps the tally the oracle uses for fail-fast.
  bool send_stream(byte_view b, clock_type::time_point deadline) {
    if (!write(b, deadline)) return false;
    t_.bytes_sent += b.size();
    return true;
  }

  // Reads and records frames until done() holds, the server closes, or the deadline passes.
  template <class Done>
  void read_until(Done done, clock_type::time_point deadline) {
    for (;;) {
      drain();
      if (done() || ended()) return;
      std::size_t n = 0;
      asio::error_code ec = read_some(n, deadline);
      if (ec == asio::error::operation_aborted) {
        t_.timed_out = true;
        return;
      }
      if (ec) {
        t_.tcp_closed = true;
        t_.tcp_reset = ec == asio::error::connection_reset;
        t_.tcp_closed_ms = now_ms();
        if (!t_.close_received) t_.sent_when_closed = t_.bytes_sent;
        return;
      }
      parser_.feed(rbuf_.data(), n);
    }
  }

  bool ended() const { return t_.tcp_closed || !t_.protocol_error.empty(); }

  void send_close(std::uint16_t code, clock_type::time_point deadline, bool has_code = true) {
    bytes b = has_code ? encode(close_frame(code)) : encode(close_raw({}));
    if (write(b, deadline)) {
      t_.client_close_sent = true;
      t_.client_close_ms = now_ms();
    }
  }

 private:
  bool setup(std::string why) {
    t_.setup_error = std::move(why);
    return false;
  }

  asio::error_code read_some(std::size_t& n, clock_type::time_point deadline) {
    bool done = false;
    asio::error_code ec;
    sock_.async_read_some(asio::buffer(rbuf_), [&](const asio::error_code& e, std::size_t got) {
      ec = e;
      n = got;
      done = true;
    });
    if (!wait(done, deadline)) return asio::error::operation_aborted;
    return ec;
  }

  // Runs the io_context until `done` or the deadline; on the deadline cancels the pending op.
  bool wait(bool& done, clock_type::time_point deadline) {
    io_.restart();
    while (!done) {
      if (io_.run_one_until(deadline) == 0 && !done) {
        asio::error_code ignored;
        sock_.cancel(ignored);
        io_.restart();
        while (!done) io_.run_one();
        return false;
      }
    }
    return true;
  }

  // Pulls parsed frames into the transcript: reassembles messages, notes the close.
  void drain() {
    parsed_frame f;
    while (!t_.close_received) {
      auto st = parser_.next(f);
      if (st == frame_parser::status::need_more) return;
      if (st == frame_parser::status::error) {
        t_.protocol_error = parser_.error();
        return;
      }
      t_.frames.push_back({f.opcode, f.fin, f.payload, now_ms()});
      if (f.opcode == op::close) {
        note_close(t_, f.payload, now_ms());
        return;
      }
      if (f.opcode == op::ping) {
        frame pong{.opcode = op::pong, .payload = f.payload};
        write(encode(pong), clock_type::now() + std::chrono::milliseconds(200));
        continue;
      }
      if (is_control(f.opcode)) continue;
      if (f.opcode != op::continuation) {
        msg_op_ = f.opcode;
        msg_compressed_ = f.rsv1 && t_.deflate_negotiated;
        msg_.clear();
      }
      msg_.insert(msg_.end(), f.payload.begin(), f.payload.end());
      if (msg_.size() > max_message_) {  // e.g. endless continuation frames: cap our memory
        t_.protocol_error = "server message exceeds " + std::to_string(max_message_) + " bytes (cap: --max-message)";
        return;
      }
      if (!f.fin) continue;
      if (msg_compressed_) {
        bytes plain;
        std::string error;
        if (!inflater_.inflate_message(msg_, plain, error)) {
          t_.protocol_error = error;
          return;
        }
        msg_ = std::move(plain);
      }
      t_.messages.push_back({msg_op_, std::move(msg_)});
      msg_.clear();
    }
  }

  asio::io_context io_;
  tcp::socket sock_;
  frame_parser parser_;
  transcript& t_;
  clock_type::time_point t0_;
  std::uint64_t max_message_;
  std::array<std::uint8_t, 65536> rbuf_{};
  std::uint8_t msg_op_ = 0;
  bool msg_compressed_ = false;
  bytes msg_;
  inflater inflater_;
};

}  // namespace

transcript run_case(const endpoint& ep, const test_case& c, const expectation& e, const run_options& opt) {
  transcript t;
  const wire_layout w = layout(c);
  auto plan = write_plan(c, w);
  for (auto& chunk : plan)
    if (chunk.pause_ms == send_pause::run_default) chunk.pause_ms = opt.pause_ms;
  t.bytes_total = w.stream.size();

  int pauses_ms = 0;
  for (const auto& chunk : plan) pauses_ms += chunk.pause_ms;
  const auto start = clock_type::now();
  const auto deadline = start + std::chrono::milliseconds(opt.timeout_ms + pauses_ms);

  connection conn(t, opt);
  if (!conn.connect(ep, deadline) || !conn.upgrade(ep, deadline, c.deflate)) {
    t.total_ms = conn.now_ms();
    return t;
  }
  if (c.deflate && !t.deflate_negotiated) {  // nothing to test: leave politely
    conn.send_close(1000, deadline);
    conn.read_until([&] { return t.close_received; }, deadline);
    t.total_ms = conn.now_ms();
    return t;
  }

  // Send the stream chunk by chunk; during a pause, listen for an early close.
  std::size_t sent = 0;
  for (const auto& chunk : plan) {
    if (!conn.send_stream(byte_view(w.stream).subspan(sent, chunk.end - sent), deadline)) break;
    sent = chunk.end;
    if (chunk.pause_ms > 0) {
      conn.read_until([&] { return t.close_received; },
                      std::min(deadline, clock_type::now() + std::chrono::milliseconds(chunk.pause_ms)));
      t.timed_out = false;  // the end of a pause is not the case's deadline
      if (t.close_received || conn.ended()) break;
    }
  }

  if (e.close) {
    // A message beyond the expected echoes already fails the case (judge: echoed_invalid,
    // replaced_invalid, ...): no need to wait out the deadline for a close that may never come.
    conn.read_until([&] { return t.close_received || t.messages.size() > e.echoes.size(); }, deadline);
  } else {
    conn.read_until([&] { return t.close_received || t.messages.size() >= e.echoes.size(); }, deadline);
    if (!t.close_received && !conn.ended() && !t.timed_out) {
      conn.send_close(1000, deadline);
      conn.read_until([&] { return t.close_received; }, deadline);
    }
  }

  // Complete the closing handshake the server started, then give it a moment to end TCP.
  if (t.close_received && !t.client_close_sent && !conn.ended()) {
    // A pause inside a frame left it half-sent: finish that frame first, or the server reads our
    // close as its payload and waits for a close until its own timeout.
    const auto next = std::upper_bound(w.frame_start.begin(), w.frame_start.end(), sent);
    const std::size_t frame_end = next == w.frame_start.end() ? w.stream.size() : *next;
    if (sent < frame_end && !std::binary_search(w.frame_start.begin(), w.frame_start.end(), sent))
      conn.send_stream(byte_view(w.stream).subspan(sent, frame_end - sent), deadline);
    conn.send_close(t.close_code.value_or(1000), deadline, t.close_code.has_value());
  }
  if (t.close_received && !conn.ended()) {
    const bool timed_out = t.timed_out;
    conn.read_until([] { return false; }, std::min(deadline, clock_type::now() + std::chrono::milliseconds(500)));
    t.timed_out = timed_out;
  }
  t.total_ms = conn.now_ms();
  return t;
}

}  // namespace wsh
