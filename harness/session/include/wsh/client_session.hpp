// The client side of one case's connection, without I/O: bytes come in, bytes to write go out.
// It has no socket and no clock: the driver (run_case over Asio, the fuzzers' in-memory loop,
// the unit tests) performs each step it asks for and feeds back what happened with the time,
// in ms since the connection attempt started. Everything goes into one wsh::transcript.
//
//   client_session s(plan, options);
//   s.connected();                         // or s.setup_failed("why")
//   for (auto st = s.next(); st.what != client_session::action::done; st = s.next())
//     write st.bytes by st.until_ms -> s.wrote(now) / s.write_failed(why, now)
//     or read by st.until_ms        -> s.received(data, now) / s.read_timed_out(now) / s.read_ended(reset, why, now)
//   transcript t = s.finish(now);
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wsh/bytes.hpp"
#include "wsh/deflate.hpp"
#include "wsh/frame_codec.hpp"
#include "wsh/test_case.hpp"
#include "wsh/transcript.hpp"

namespace wsh {

// When the client may stop reading after it wrote its stream; the caller derives it from what it
// needs to see (suite and campaign: from the oracle's expectation), the session knows no oracle.
struct stop_condition {
  // A close is awaited: stop at it, or at a message beyond `expected_echoes` (the case already
  // fails then, no need to wait out the deadline). Otherwise stop once `expected_echoes`
  // messages came back (or a close), then close with 1000 and wait for the answer.
  bool expect_close = false;
  std::size_t expected_echoes = 0;
  // With expect_close: a ping may follow the stream without changing what it tests (it ends
  // between messages, all frames well-formed, no close frame of ours), so a server that stays
  // quiet can be asked whether it read past the violation (session_options::probe_grace_ms).
  bool may_probe = false;
};

// What the client writes: the stream, where its frames start (to finish a half-sent frame before
// a close), and the writes with their pauses (run_default already resolved). Borrowed: the
// caller keeps them alive for the session's life.
struct session_plan {
  byte_view stream;
  std::span<const std::size_t> frame_start;
  std::span<const write_chunk> chunks;
  bool offer_deflate = false;
};
// The plan of a case: `w` is layout(c); its writes are put in `chunks` (`default_pause_ms`
// resolves send_pause::run_default), which the caller keeps alive with `w`.
session_plan plan_for(const test_case& c, const wire_layout& w, int default_pause_ms, std::vector<write_chunk>& chunks);

// A 101 head already checked for a key and offer (the fuzzers answer every input with the same
// head): an identical head is accepted without parsing it or recomputing the SHA-1.
struct accepted_head_cache {
  std::string key, head;
  bool offer_deflate = false;
  deflate_params deflate;
};

struct session_options {
  std::string host = "127.0.0.1";
  unsigned port = 80;
  std::string path = "/";
  std::string_view key;    // Sec-WebSocket-Key, borrowed; empty: a fresh random one
  // The upgrade request for exactly these options, built by the caller once for many sessions
  // (the fuzzers send the same one every time): borrowed. Empty: the session builds it.
  std::string_view request;
  int timeout_ms = 2000;   // the case's budget from the start, pauses added
  std::uint64_t max_message = default_max_message;
  stop_condition stop;
  accepted_head_cache* cache = nullptr;  // optional, see accepted_head_cache
  // The no-close probe, where stop.may_probe: after the stream, a server quiet for
  // probe_quiet_ms gets a ping; once its pong has come back and probe_grace_ms (at least 4 x the
  // ping's round trip) have passed with no close, the server has shown it read past the violation
  // without failing the connection: the session stops there instead of at the deadline. A close in
  // the grace period is recorded as always. 0: no probe, every case waits out its deadline.
  int probe_grace_ms = 0;
  int probe_quiet_ms = 25;
};

class client_session {
 public:
  enum class action { write, read, done };
  struct step {
    action what = action::done;
    byte_view bytes;      // write: valid until the next call into the session
    double until_ms = 0;  // write/read: give up at this time (ms since the start)
  };

  client_session(session_plan plan, session_options options);
  // Its write steps point into the session itself: it stays where it was made.
  client_session(const client_session&) = delete;
  client_session& operator=(const client_session&) = delete;

  // The case's deadline (ms since the start): the driver's connect uses it too.
  double deadline_ms() const { return deadline_ms_; }

  // Connection set-up, done by the driver.
  void connected();
  void setup_failed(std::string why);

  // What to do now.
  step next() const;

  // What happened to the last step, at `now_ms`.
  void wrote(double now_ms);
  void write_failed(std::string why, double now_ms);
  void received(byte_view data, double now_ms);
  void read_timed_out(double now_ms);
  void read_ended(bool reset, std::string_view why, double now_ms);

  const transcript& record() const { return t_; }
  // Ends the session (total_ms = now_ms) and hands over its transcript.
  transcript finish(double now_ms);

 private:
  // The phases of run_case's script, in order; *_write phases write, *_read phases read.
  enum class phase {
    request_write,      // the upgrade request
    head_read,          // the 101 and its head
    decline_close_write,  // deflate offered, not accepted: nothing to test, leave politely
    decline_read,
    chunk_write,        // the stream, chunk by chunk
    pause_read,         // listening for an early close during a pause
    final_read,         // until the stop condition
    probe_write,        // the no-close probe's ping (session_options::probe_grace_ms)
    close_write,        // our 1000 close when no close is expected
    close_read,
    finish_frame_write,  // the server closed first: the rest of a half-sent frame,
    echo_close_write,    // then the close echoing its code
    linger_read,         // a moment for the server to end TCP
    done,
  };

  bool ended() const { return t_.tcp_closed || !t_.protocol_error.empty(); }
  bool read_done() const;
  void enter_read(phase p, double until_ms, double now_ms);
  void enter_write(phase p, byte_view b);
  void reading_on(double now_ms);
  void read_finished(double now_ms);
  void next_chunk(double now_ms);
  void after_final_read(double now_ms);
  void closing(double now_ms);
  void echo_close();
  void linger(double now_ms);
  void close_written(double now_ms);
  void head_received(std::string_view buffered);
  bool check_head(std::string_view head, bool cached);  // cached: the cache's head, for this key and offer
  void drain(double now_ms);
  void drain_after_close(double now_ms);
  void setup(std::string why);
  bool probing() const;
  bool probe_timeout(double now_ms);
  void pong_received(const bytes& payload, double now_ms);

  session_plan plan_;
  session_options opt_;
  transcript t_;
  double deadline_ms_ = 0;
  phase phase_ = phase::request_write;
  double read_until_ms_ = 0;
  byte_view out_;          // what the current write step writes
  std::array<std::uint8_t, 8> close_{};  // our echo of the server's close code
  std::size_t chunk_ = 0;  // the chunk being written, then the next one
  std::size_t sent_ = 0;   // stream bytes written
  bytes pong_;             // a pong to write before reading on
  bool pong_pending_ = false;
  double pong_until_ms_ = 0;
  bool timed_out_before_linger_ = false;
  std::string key_;       // the Sec-WebSocket-Key when the session drew it
  std::string request_;
  std::string head_;       // the upgrade response so far
  frame_parser parser_;
  static constexpr std::size_t max_after_close = 8;  // frames recorded after the server's close
  std::size_t after_close_frames_ = 0;
  std::uint8_t msg_op_ = 0;
  bool msg_compressed_ = false;
  bytes msg_;
  std::optional<inflater> inflater_;  // made when deflate is negotiated (zlib state is not free)
};

}  // namespace wsh
