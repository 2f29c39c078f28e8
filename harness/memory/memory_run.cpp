#include "wsh/memory_run.hpp"

#include <algorithm>
#include <string_view>

#include "wsh/frame_codec.hpp"
#include "wsh/handshake.hpp"

namespace wsh {

namespace {

// A fixed key keeps runs deterministic; the accept check still runs for real.
constexpr std::string_view key = "dGhlIHNhbXBsZSBub25jZQ==";

// The same request for every input, built once: what both drivers send (the session is given
// it, with the key and host it was built for).
const std::string& request() {
  static const std::string r = upgrade_request("fuzz.invalid", 80, "/", key);
  return r;
}

// Where each frame of a client stream starts, from the headers alone (a trailing partial frame
// counts as one): the session needs them to finish a half-sent frame before its close. The
// vector is the thread's (see run_in_memory's buffers), refilled for each run.
std::span<const std::size_t> frame_starts(byte_view s) {
  thread_local std::vector<std::size_t> starts;
  starts.clear();
  std::size_t at = 0;
  while (at < s.size()) {
    starts.push_back(at);
    if (s.size() - at < 2) break;
    std::uint64_t len = s[at + 1] & 0x7f;
    std::size_t header = 2;
    if (len >= 126) {
      header = len == 126 ? 4 : 10;
      if (s.size() - at < header) break;
      len = 0;
      for (std::size_t i = 2; i < header; ++i) len = len << 8 | s[at + i];
    }
    if (s[at + 1] & 0x80) header += 4;
    if (s.size() - at < header || len > s.size() - at - header) break;
    at += header + static_cast<std::size_t>(len);
  }
  return starts;
}

// Writes `stream` in pieces of `write_size` bytes (0: one write), stopping early once the server
// ended. drive_in_memory's write plan (run_in_memory's is the session's).
template <class Write>
void write_in_pieces(const memory_server& server, byte_view stream, std::size_t write_size, Write write) {
  const std::size_t step = write_size ? write_size : std::max<std::size_t>(stream.size(), 1);
  for (std::size_t at = 0; at < stream.size() && !server.ended(); at += step) {
    const std::size_t n = std::min(step, stream.size() - at);
    write(stream.subspan(at, n));
  }
}

}  // namespace

transcript run_in_memory(memory_server& server, byte_view stream, std::size_t write_size, const stop_condition& stop) {
  // The writes, each followed by a 1 ms pause, as `wsharness replay --libfuzzer-input` sends the
  // same input over TCP: the session listens for an early close between the pieces.
  // They, the frame starts and the server's pending bytes are buffers of the thread, kept between
  // runs and only ever grown (cleared, never freed): a fuzz input allocates nothing for them, and
  // libFuzzer's count of mallocs and frees per input stays balanced (growing frees the old block),
  // so no input looks like a leak to it.
  thread_local std::vector<write_chunk> chunks;
  chunks.clear();
  const std::size_t step = write_size ? write_size : std::max<std::size_t>(stream.size(), 1);
  for (std::size_t at = step; at < stream.size(); at += step) chunks.push_back({at, 1});
  chunks.push_back({stream.size(), 0});
  const session_plan plan{.stream = stream, .frame_start = frame_starts(stream), .chunks = chunks, .offer_deflate = false};

  // A server answers every input with the same 101: checked once per thread (the SHA-1 of the
  // accept check is a measurable share of an execution).
  thread_local accepted_head_cache accepted;
  session_options opt;
  opt.host = "fuzz.invalid";
  opt.key = key;
  opt.request = request();
  opt.stop = stop;
  opt.cache = &accepted;
  client_session s(plan, std::move(opt));

  // A logical clock, not steady_clock: a fuzz target must be deterministic (a crash file replays
  // to the same transcript) and reading a clock per event costs exec/s. Writes and bytes take no
  // time; a read that finds nothing waits until its deadline, which is what the server's silence
  // would cost over TCP, so a pause advances the clock by its length and a timeout to the deadline.
  double now = 0;
  thread_local std::string pending;  // the server's bytes not handed to the session yet
  pending.clear();
  s.connected();
  // Bounded: every step writes, hands over bytes, or moves the clock to a deadline; a server
  // that answers every pong with a ping would not end, so the steps are capped too.
  const std::size_t max_steps = 4 * s.record().bytes_total + 4096;
  std::size_t steps = 0;
  for (auto st = s.next(); st.what != client_session::action::done && steps < max_steps; st = s.next(), ++steps) {
    if (st.what == client_session::action::write) {
      if (server.ended()) {
        s.write_failed("the in-memory server has ended", now);
        continue;
      }
      server.feed(st.bytes.data(), st.bytes.size());
      server.drain(pending);
      s.wrote(now);
    } else if (!pending.empty()) {
      s.received(as_bytes(pending), now);
      pending.clear();  // (the session copies what it keeps; the buffer keeps its capacity)
    } else if (server.ended()) {
      s.read_ended(false, "the in-memory server ended", now);
    } else {
      now = std::max(now, st.until_ms);
      s.read_timed_out(now);
    }
  }
  return s.finish(now);
}

void drive_in_memory(memory_server& server, byte_view stream, std::size_t write_size) {
  // The server's bytes, dropped; the thread's buffer, like run_in_memory's (the baseline gets the
  // same driver savings as the judged run, so a benchmark between them measures the oracle).
  thread_local std::string out;
  out.clear();
  auto send = [&](byte_view b) {
    server.feed(b.data(), b.size());
    server.drain(out);
    out.clear();
  };
  send(as_bytes(request()));
  write_in_pieces(server, stream, write_size, send);
  static const bytes close = encode(close_frame(1000));
  if (!server.ended()) send(close);
}

}  // namespace wsh
