#include "wsh/client_session.hpp"

#include <algorithm>

#include "wsh/handshake.hpp"

namespace wsh {

namespace {
constexpr std::size_t max_head = 16384;  // the upgrade response's head, at most
constexpr double pong_ms = 200;          // to write a pong
constexpr double linger_ms = 500;        // for the server to end TCP after the closing handshake
// The probe's ping payload: what identifies its pong among any others; and the ping, masked
// with the fixed key, the same bytes every time.
const bytes probe_payload = to_bytes("wsh no-close probe");
const bytes probe_ping = encode(ping(probe_payload));
// Our own 1000 close, the same bytes every time (masked with the fixed key).
const bytes close_1000 = encode(close_frame(1000));
const bytes close_no_code = encode(close_raw({}));

// Our echo of a server's close code: encode(close_frame(code)), 8 bytes, kept per code and thread
// in a fixed table (nothing grows). The echo ends most fuzz inputs, and building it anew took two
// allocations each time, a measurable share of an input.
std::array<std::uint8_t, 8> close_echo(std::uint16_t code) {
  struct entry {
    bool filled = false;
    std::uint16_t code = 0;
    std::array<std::uint8_t, 8> wire{};
  };
  thread_local std::array<entry, 32> table;
  entry& e = table[code % table.size()];
  if (!e.filled || e.code != code) {
    const bytes b = encode(close_frame(code));
    std::copy_n(b.begin(), e.wire.size(), e.wire.begin());
    e.filled = true;
    e.code = code;
  }
  return e.wire;
}
}  // namespace

session_plan plan_for(const test_case& c, const wire_layout& w, int default_pause_ms, std::vector<write_chunk>& chunks) {
  chunks = write_plan(c, w);
  for (auto& chunk : chunks)
    if (chunk.pause_ms == send_pause::run_default) chunk.pause_ms = default_pause_ms;
  return {.stream = w.stream, .frame_start = w.frame_start, .chunks = chunks, .offer_deflate = c.deflate};
}

client_session::client_session(session_plan plan, session_options options)
    : plan_(std::move(plan)), opt_(std::move(options)), parser_(opt_.max_message) {
  if (opt_.key.empty()) opt_.key = key_ = random_key();
  std::string_view request = opt_.request;
  if (request.empty()) {
    request_ = upgrade_request(opt_.host, opt_.port, opt_.path, opt_.key, plan_.offer_deflate ? "permessage-deflate" : "");
    request = request_;
  }
  t_.bytes_total = plan_.stream.size();
  t_.frames.reserve(4);  // an echo or two and a close, without regrowing
  int pauses_ms = 0;
  for (const auto& chunk : plan_.chunks) pauses_ms += chunk.pause_ms;
  deadline_ms_ = opt_.timeout_ms + pauses_ms;
  out_ = as_bytes(request);
}

void client_session::connected() { t_.connected = true; }

void client_session::setup_failed(std::string why) { setup(std::move(why)); }

void client_session::setup(std::string why) {
  t_.setup_error = std::move(why);
  phase_ = phase::done;
}

client_session::step client_session::next() const {
  if (pong_pending_) return {action::write, pong_, pong_until_ms_};
  switch (phase_) {
    case phase::request_write:
    case phase::decline_close_write:
    case phase::chunk_write:
    case phase::probe_write:
    case phase::close_write:
    case phase::finish_frame_write:
    case phase::echo_close_write:
      return {action::write, out_, deadline_ms_};
    case phase::head_read:
    case phase::decline_read:
    case phase::pause_read:
    case phase::final_read:
    case phase::close_read:
    case phase::linger_read:
      return {action::read, {}, read_until_ms_};
    case phase::done:
      break;
  }
  return {};
}

transcript client_session::finish(double now_ms) {
  t_.total_ms = now_ms;
  phase_ = phase::done;
  return std::move(t_);
}

// --- writing ---------------------------------------------------------------------------------

void client_session::enter_write(phase p, byte_view b) {
  phase_ = p;
  out_ = b;
}

void client_session::wrote(double now_ms) {
  if (pong_pending_) {
    pong_pending_ = false;
    reading_on(now_ms);
    return;
  }
  switch (phase_) {
    case phase::request_write:
      phase_ = phase::head_read;
      read_until_ms_ = deadline_ms_;
      return;
    case phase::chunk_write: {
      t_.bytes_sent += out_.size();
      const write_chunk& chunk = plan_.chunks[chunk_++];
      sent_ = chunk.end;
      if (chunk.pause_ms > 0)
        enter_read(phase::pause_read, std::min(deadline_ms_, now_ms + chunk.pause_ms), now_ms);
      else
        next_chunk(now_ms);
      return;
    }
    case phase::finish_frame_write:
      t_.bytes_sent += out_.size();
      echo_close();
      return;
    case phase::probe_write:  // not counted in bytes_sent: that is the case's stream
      t_.probe_ms = now_ms;
      enter_read(phase::final_read, deadline_ms_, now_ms);
      return;
    case phase::decline_close_write:
    case phase::close_write:
    case phase::echo_close_write:
      t_.client_close_sent = true;
      t_.client_close_ms = now_ms;
      close_written(now_ms);
      return;
    default:
      return;
  }
}

void client_session::write_failed(std::string why, double now_ms) {
  t_.write_error = std::move(why);
  if (pong_pending_) {  // as before: a pong that could not be written is only noted
    pong_pending_ = false;
    reading_on(now_ms);
    return;
  }
  switch (phase_) {
    case phase::request_write:
      setup("could not send the upgrade request: " + t_.write_error);
      return;
    case phase::chunk_write:  // the server may have closed: read what it said
    case phase::probe_write:
      enter_read(phase::final_read, deadline_ms_, now_ms);
      return;
    case phase::finish_frame_write:
      echo_close();
      return;
    case phase::decline_close_write:
    case phase::close_write:
    case phase::echo_close_write:
      close_written(now_ms);
      return;
    default:
      return;
  }
}

void client_session::close_written(double now_ms) {
  switch (phase_) {
    case phase::decline_close_write:
      enter_read(phase::decline_read, deadline_ms_, now_ms);
      return;
    case phase::close_write:
      enter_read(phase::close_read, deadline_ms_, now_ms);
      return;
    default:  // echo_close_write
      linger(now_ms);
      return;
  }
}

void client_session::next_chunk(double now_ms) {
  if (chunk_ >= plan_.chunks.size()) {
    enter_read(phase::final_read, probing() ? std::min(deadline_ms_, now_ms + opt_.probe_quiet_ms) : deadline_ms_,
               now_ms);
    return;
  }
  const std::size_t end = std::min(plan_.chunks[chunk_].end, plan_.stream.size());
  enter_write(phase::chunk_write, plan_.stream.subspan(sent_, end - std::min(sent_, end)));
}

// --- reading ---------------------------------------------------------------------------------

bool client_session::read_done() const {
  switch (phase_) {
    case phase::final_read:
      // A message beyond the expected echoes already fails a case that expects a close.
      return t_.close_received || (opt_.stop.expect_close ? t_.messages.size() > opt_.stop.expected_echoes
                                                          : t_.messages.size() >= opt_.stop.expected_echoes);
    case phase::linger_read:
      return false;
    default:  // decline_read, pause_read, close_read
      return t_.close_received;
  }
}

void client_session::enter_read(phase p, double until_ms, double now_ms) {
  phase_ = p;
  read_until_ms_ = until_ms;
  reading_on(now_ms);
}

// What the Asio runner's read loop did before each read: record what is buffered, then stop if
// the phase's condition holds or the connection ended.
void client_session::reading_on(double now_ms) {
  drain(now_ms);
  if (!pong_pending_ && (read_done() || ended())) read_finished(now_ms);
}

void client_session::received(byte_view data, double now_ms) {
  if (phase_ == phase::head_read) {
    const std::string_view got = as_text(data);
    if (head_.empty()) {
      head_received(got);  // the whole head in one read (usual): read in place, not copied
      if (phase_ == phase::head_read && !t_.upgraded) head_.append(got);
    } else {
      head_.append(got);
      head_received(head_);
    }
    if (t_.upgraded && phase_ == phase::head_read) {
      if (plan_.offer_deflate && !t_.deflate_negotiated) {  // nothing to test: leave politely
        enter_write(phase::decline_close_write, close_1000);
      } else {
        next_chunk(now_ms);
      }
    }
    return;
  }
  parser_.lend(data);  // parsed in place: the frames usually arrive whole, and are drained now
  reading_on(now_ms);
  parser_.keep();  // `data` is the caller's: what is left of it is copied
}

void client_session::read_timed_out(double now_ms) {
  if (phase_ == phase::head_read) {
    setup("no upgrade response before the deadline");
    return;
  }
  if (phase_ == phase::final_read && probe_timeout(now_ms)) return;
  t_.timed_out = true;
  read_finished(now_ms);
}

void client_session::read_ended(bool reset, std::string_view why, double now_ms) {
  if (phase_ == phase::head_read) {
    setup("connection ended during the upgrade (" + std::string(why) + ")");
    return;
  }
  t_.tcp_closed = true;
  t_.tcp_reset = reset;
  t_.tcp_closed_ms = now_ms;
  if (!t_.close_received) t_.sent_when_closed = t_.bytes_sent;
  read_finished(now_ms);
}

void client_session::read_finished(double now_ms) {
  switch (phase_) {
    case phase::decline_read:
      phase_ = phase::done;
      return;
    case phase::pause_read:
      t_.timed_out = false;  // the end of a pause is not the case's deadline
      if (t_.close_received || ended())
        enter_read(phase::final_read, deadline_ms_, now_ms);
      else
        next_chunk(now_ms);
      return;
    case phase::final_read:
      after_final_read(now_ms);
      return;
    case phase::close_read:
      closing(now_ms);
      return;
    case phase::linger_read:
      t_.timed_out = timed_out_before_linger_;
      if (t_.client_close_sent && !ended()) t_.tcp_open_after_close_ms = now_ms - t_.client_close_ms;
      phase_ = phase::done;
      return;
    default:
      return;
  }
}

void client_session::after_final_read(double now_ms) {
  if (!opt_.stop.expect_close && !t_.close_received && !ended() && !t_.timed_out) {
    enter_write(phase::close_write, close_1000);
    return;
  }
  closing(now_ms);
}

// Completes the closing handshake the server started; a pause inside a frame left it half-sent:
// that frame is finished first, or the server reads our close as its payload and waits for a
// close until its own timeout.
void client_session::closing(double now_ms) {
  if (!t_.close_received || t_.client_close_sent || ended()) {
    linger(now_ms);
    return;
  }
  const auto& starts = plan_.frame_start;
  const auto next = std::upper_bound(starts.begin(), starts.end(), sent_);
  const std::size_t frame_end = next == starts.end() ? plan_.stream.size() : *next;
  if (sent_ < frame_end && !std::binary_search(starts.begin(), starts.end(), sent_)) {
    enter_write(phase::finish_frame_write, plan_.stream.subspan(sent_, frame_end - sent_));
    return;
  }
  echo_close();
}

// Our answer to the server's close: its code, or no code when it sent none.
void client_session::echo_close() {
  if (!t_.close_code) return enter_write(phase::echo_close_write, close_no_code);
  close_ = close_echo(*t_.close_code);
  enter_write(phase::echo_close_write, close_);
}

// After a close frame, a moment for the server to end TCP (not counted as the case timing out).
void client_session::linger(double now_ms) {
  if (!t_.close_received || ended()) {
    phase_ = phase::done;
    return;
  }
  timed_out_before_linger_ = t_.timed_out;
  enter_read(phase::linger_read, std::min(deadline_ms_, now_ms + linger_ms), now_ms);
}

// --- the no-close probe ----------------------------------------------------------------------

bool client_session::probing() const {
  return opt_.stop.expect_close && opt_.stop.may_probe && opt_.probe_grace_ms > 0;
}

// A final read ended before the deadline: the quiet time before the probe, or the grace after
// its pong. False: it was the deadline.
bool client_session::probe_timeout(double now_ms) {
  if (!probing() || now_ms >= deadline_ms_ || t_.close_received || ended()) return false;
  if (!t_.probe_ms) {
    enter_write(phase::probe_write, probe_ping);
    return true;
  }
  if (!t_.probe_pong_ms) return false;
  read_finished(now_ms);  // read past the violation, and no close: the case ends here
  return true;
}

// Its pong is the server's word that it read everything before it; the grace leaves room for a
// close decided in another layer than the one that answers pings, longer for a slow server.
void client_session::pong_received(const bytes& payload, double now_ms) {
  if (!t_.probe_ms || t_.probe_pong_ms || payload != probe_payload) return;
  t_.probe_pong_ms = now_ms;
  t_.probe_grace_ms = std::max<double>(opt_.probe_grace_ms, 4 * (now_ms - *t_.probe_ms));
  if (phase_ == phase::final_read) read_until_ms_ = std::min(deadline_ms_, now_ms + t_.probe_grace_ms);
}

// --- the upgrade response --------------------------------------------------------------------

// `buffered`: the response so far (head_, or a first read that may hold all of it).
void client_session::head_received(std::string_view buffered) {
  // A head the cache accepted for this key and offer (see accepted_head_cache) is found by
  // comparing, once: it ends at its first blank line, as a head does, and scanning for that line
  // costs more (libFuzzer hooks every memcmp).
  const accepted_head_cache* cache = opt_.cache;
  const bool cached = cache && !cache->head.empty() && cache->key == opt_.key &&
                      cache->offer_deflate == plan_.offer_deflate && buffered.starts_with(cache->head);
  std::size_t size = cached ? cache->head.size() : 0;
  if (!cached) {
    const std::size_t at = buffered.find("\r\n\r\n");
    if (at == std::string::npos) {
      if (buffered.size() > max_head) setup("upgrade response head exceeds 16 KiB");
      return;
    }
    size = at + 4;
  }
  if (!check_head(buffered.substr(0, size), cached)) return;
  // Frames the server sent right behind its 101 belong to the WebSocket stream.
  parser_.feed(as_bytes(buffered.substr(size)));
  head_.clear();
  t_.upgraded = true;
}

bool client_session::check_head(std::string_view head, bool cached) {
  accepted_head_cache* cache = opt_.cache;
  deflate_params deflate;
  if (cached) {
    deflate = cache->deflate;
  } else {
    const found_head found = find_http_head(head);
    if (!found.head) {
      setup("malformed upgrade response: " + show_payload(to_bytes(head.substr(0, head.find("\r\n"))), 40));
      return false;
    }
    if (std::string err = check_upgrade_response(*found.head, opt_.key); !err.empty()) {
      setup(std::move(err));
      return false;
    }
    if (plan_.offer_deflate) {
      const auto ext = found.head->headers.find("sec-websocket-extensions");
      if (ext != found.head->headers.end()) deflate = parse_deflate(ext->second);
    }
    if (cache) *cache = {std::string(opt_.key), std::string(head), plan_.offer_deflate, deflate};
  }
  if (deflate.negotiated) {
    t_.deflate_negotiated = true;
    inflater_.emplace(deflate.server_no_context_takeover);
  }
  return true;
}

// Pulls parsed frames into the transcript: reassembles messages (capped), inflates them, notes
// the close, and stops at a ping to write its pong first.
namespace {

// The frame as recorded: its header as on the wire (the oracle judges the server's framing).
received_frame recorded(parsed_frame& f, double now_ms, bool after_close = false) {
  return {.opcode = f.opcode, .fin = f.fin, .payload = std::move(f.payload), .ms = now_ms, .payload_size = 0,
          .rsv1 = f.rsv1, .rsv2 = f.rsv2, .rsv3 = f.rsv3, .masked = f.masked, .length = f.length,
          .after_close = after_close};
}

}  // namespace

// Frames the server sends after its own close frame are recorded (a few, not reassembled: §5.5.1
// forbids data frames there, the oracle says so); unparseable bytes there are no protocol_error.
void client_session::drain_after_close(double now_ms) {
  parsed_frame f;
  while (after_close_frames_ < max_after_close && parser_.next(f) == frame_parser::status::frame) {
    ++after_close_frames_;
    t_.frames.push_back(recorded(f, now_ms, true));
  }
}

void client_session::drain(double now_ms) {
  if (t_.close_received) return drain_after_close(now_ms);
  parsed_frame f;
  while (!t_.close_received && !pong_pending_ && t_.protocol_error.empty()) {
    const auto st = parser_.next(f);
    if (st == frame_parser::status::need_more) return;
    if (st == frame_parser::status::error) {
      t_.protocol_error = parser_.error();
      return;
    }
    if (f.opcode == op::close) {
      note_close(t_, f.payload, now_ms);
      t_.frames.push_back(recorded(f, now_ms));
      return drain_after_close(now_ms);
    }
    if (f.opcode == op::ping) {
      pong_ = encode(frame{.opcode = op::pong, .payload = f.payload});
      pong_pending_ = true;
      pong_until_ms_ = now_ms + pong_ms;
      t_.frames.push_back(recorded(f, now_ms));
      return;
    }
    if (is_control(f.opcode)) {
      if (f.opcode == op::pong) pong_received(f.payload, now_ms);
      t_.frames.push_back(recorded(f, now_ms));
      continue;
    }
    if (f.opcode != op::continuation) {
      msg_op_ = f.opcode;
      msg_compressed_ = f.rsv1 && inflater_.has_value();  // RSV1 means compressed only when negotiated
      msg_.clear();
    }
    msg_.insert(msg_.end(), f.payload.begin(), f.payload.end());
    const bool fin = f.fin;
    t_.frames.push_back(recorded(f, now_ms));  // f is refilled by next()
    if (msg_.size() > opt_.max_message) {  // e.g. endless continuation frames: cap our memory
      t_.protocol_error = "server message exceeds " + std::to_string(opt_.max_message) + " bytes (cap: --max-message)";
      return;
    }
    if (!fin) continue;
    if (msg_compressed_) {
      bytes plain;
      std::string error;
      if (!inflater_->inflate_message(msg_, plain, error, opt_.max_message)) {
        t_.protocol_error = error;
        return;
      }
      msg_ = std::move(plain);
    }
    t_.messages.push_back({msg_op_, std::move(msg_)});
    msg_.clear();
  }
}

}  // namespace wsh
