#include "mini_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>
#include <thread>

#include "wsh/bytes.hpp"
#include "wsh/frame.hpp"
#include "wsh/frame_codec.hpp"
#include "wsh/handshake.hpp"
#include "wsh/utf8_validator.hpp"

namespace wsh::faulty {

namespace {
// U+FDD0..U+FDEF and U+xFFFE/U+xFFFF: valid UTF-8 that a buggy validator rejects.
bool has_noncharacter(const bytes& valid_utf8) {
  for (std::size_t i = 0; i < valid_utf8.size();) {
    const std::uint8_t b = valid_utf8[i];
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (i + n > valid_utf8.size()) return false;
    std::uint32_t cp = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
    for (std::size_t k = 1; k < n; ++k) cp = cp << 6 | (valid_utf8[i + k] & 0x3F);
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return true;
    i += n;
  }
  return false;
}

using clock = std::chrono::steady_clock;

constexpr std::size_t max_head = 8 * 1024;
constexpr std::uint64_t max_message = 16ull << 20;
constexpr auto handshake_timeout = std::chrono::seconds(5);
constexpr auto close_wait = std::chrono::seconds(1);
constexpr auto late_close_after = std::chrono::milliseconds(600);  // bug late_close
// While waiting for the client's close we skip at most this much, so a flood cannot keep us busy.
constexpr std::uint64_t max_discard = 1 << 20;

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "error: %s (usage: --port N [--host H] [--text-only] [--binary-close-code C])\n", msg.c_str());
  std::exit(2);
}

void set_timeout(int fd, int opt, clock::duration d) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  timeval tv{static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000)};
  setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof tv);
}

bool send_all(int fd, byte_view b) {
  std::size_t off = 0;
  while (off < b.size()) {
    const ssize_t n = ::send(fd, b.data() + off, b.size() - off, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

// RFC 6455 §7.4: codes a peer may put on the wire.
bool close_code_allowed(std::uint16_t c) {
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1011) || (c >= 3000 && c <= 4999);
}

// Each maximal invalid subpart becomes one U+FFFD (Unicode §3.9), as lenient decoders do.
bytes replace_invalid(byte_view in) {
  bytes out;
  std::size_t i = 0;
  while (i < in.size()) {
    utf8_validator v;
    std::size_t j = i;
    bool ok = true;
    do {
      ok = v.feed(in.subspan(j, 1));
      if (ok) ++j;
    } while (ok && !v.at_boundary() && j < in.size());
    if (ok && v.at_boundary()) {
      out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(i), in.begin() + static_cast<std::ptrdiff_t>(j));
    } else {
      out.insert(out.end(), {0xEF, 0xBF, 0xBD});
    }
    i = std::max(j, i + 1);
  }
  return out;
}

// Buffered reads from a socket, with an optional deadline for the closing phase.
class socket_reader {
 public:
  explicit socket_reader(int fd) : fd_(fd) {}
  void preload(std::string_view extra) { buf_.assign(extra.begin(), extra.end()); }
  void set_deadline(clock::time_point t) { deadline_ = t; }

  // Up to max bytes: buffered ones first, else whatever one recv() returns. 0 on EOF, error
  // or deadline.
  std::size_t read_some(std::uint8_t* out, std::size_t max) {
    if (pos_ < buf_.size()) {
      const std::size_t n = std::min(max, buf_.size() - pos_);
      std::memcpy(out, buf_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    if (deadline_) {
      const auto left = *deadline_ - clock::now();
      if (left <= clock::duration::zero()) return 0;
      set_timeout(fd_, SO_RCVTIMEO, std::max<clock::duration>(left, std::chrono::milliseconds(1)));
    }
    for (;;) {
      const ssize_t n = ::recv(fd_, out, max, 0);
      if (n < 0 && errno == EINTR) continue;
      return n > 0 ? static_cast<std::size_t>(n) : 0;
    }
  }
  bool read_exact(std::uint8_t* out, std::size_t n) {
    while (n > 0) {
      const std::size_t got = read_some(out, n);
      if (got == 0) return false;
      out += got;
      n -= got;
    }
    return true;
  }
  bool skip(std::uint64_t n) {
    std::uint8_t scratch[4096];
    while (n > 0) {
      const std::size_t got = read_some(scratch, static_cast<std::size_t>(std::min<std::uint64_t>(n, sizeof scratch)));
      if (got == 0) return false;
      n -= got;
    }
    return true;
  }

 private:
  int fd_;
  bytes buf_;
  std::size_t pos_ = 0;
  std::optional<clock::time_point> deadline_;
};

struct header {
  bool fin = false;
  std::uint8_t rsv = 0;
  std::uint8_t opcode = 0;
  bool masked = false;
  std::uint64_t len = 0;
  std::array<std::uint8_t, 4> key{};
};

// Reads a whole header (2..14 bytes); judging it is the caller's job. False on EOF.
bool read_header(socket_reader& in, header& h) {
  std::uint8_t b[8];
  if (!in.read_exact(b, 2)) return false;
  h.fin = (b[0] & 0x80) != 0;
  h.rsv = b[0] & 0x70;
  h.opcode = b[0] & 0x0F;
  h.masked = (b[1] & 0x80) != 0;
  h.len = b[1] & 0x7F;
  const std::size_t ext = h.len == 126 ? 2 : h.len == 127 ? 8 : 0;
  if (ext) {
    if (!in.read_exact(b, ext)) return false;
    h.len = 0;
    for (std::size_t i = 0; i < ext; ++i) h.len = (h.len << 8) | b[i];
  }
  return !h.masked || in.read_exact(h.key.data(), 4);
}

std::atomic<unsigned long> upgraded_connections{0};

class connection {
 public:
  connection(int fd, const options& opt, const bugs& bug) : fd_(fd), opt_(opt), bug_(bug), in_(fd) {}

  void run() {
    if (handshake())
      while (!done_) next_frame();
    close_tcp();
  }

 private:
  int fd_;
  const options& opt_;
  const bugs& bug_;
  socket_reader in_;
  bool done_ = false;
  bool peer_closed_ = false;     // the client's close frame has arrived
  std::uint64_t remaining_ = 0;  // unread payload of the current frame
  // The message being assembled (fragments may be interleaved with control frames).
  bool in_message_ = false;
  bool discarding_ = false;
  std::uint8_t msg_opcode_ = 0;
  bytes msg_;
  utf8_validator validator_;
  bool fragmented_ = false;      // the open message has had a continuation frame
  unsigned long serial_ = 0;     // 1-based among upgraded connections (flaky_code)
  std::uint8_t prev_byte_ = 0;   // last payload byte of the previous chunk (accept_surrogates)
  std::optional<clock::time_point> fail_at_;  // late_close: when its 1007 is due

  bool handshake() {
    set_timeout(fd_, SO_RCVTIMEO, handshake_timeout);
    std::string head;
    found_head found;
    char buf[1024];
    while ((found = find_http_head(head)).size == 0) {
      if (head.size() >= max_head) return reject();
      const ssize_t n = ::recv(fd_, buf, std::min(sizeof buf, max_head - head.size()), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      head.append(buf, static_cast<std::size_t>(n));
    }
    const auto& req = found.head;
    if (!req || req->start_line.rfind("GET ", 0) != 0) return reject();
    const auto key = req->headers.find("sec-websocket-key");
    if (key == req->headers.end() || key->second.empty()) return reject();
    const std::string resp =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Accept: " + accept_for_key(key->second) + "\r\n\r\n";
    if (!send_all(fd_, to_bytes(resp))) return false;
    in_.preload(std::string_view(head).substr(found.size));  // frames sent right behind the head
    serial_ = ++upgraded_connections;
    set_timeout(fd_, SO_RCVTIMEO, clock::duration::zero());  // WebSocket traffic may idle
    return true;
  }

  bool reject() {
    send_all(fd_, to_bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    return false;
  }

  void send_frame(std::uint8_t opcode, bytes payload) {
    frame f;
    f.opcode = opcode;
    f.mask = std::nullopt;  // server frames are never masked (§5.1)
    f.payload = std::move(payload);
    if (!send_all(fd_, encode(f))) done_ = true;
  }

  // Fail the connection (§7.1.7): close frame, then give the client ~1 s to answer with its close.
  void fail(std::uint16_t code, std::string_view reason) {
    send_frame(op::close, close_frame(code, reason).payload);
    done_ = true;
    if (!peer_closed_) await_client_close();
  }

  void fail_utf8() {
    if (bug_.tcp_drop) {  // BUG tcp_drop
      done_ = true;
      return;
    }
    // BUG flaky_code: 1002 on odd-numbered upgraded connections, like a server whose worker pool
    // mixes two builds.
    const bool wrong = bug_.wrong_code || (bug_.flaky_code && serial_ % 2 == 1);
    fail(wrong ? 1002 : 1007, "invalid UTF-8");  // BUG wrong_code: 1002
  }

  // Discards input (rest of the current frame, then whole frames) until the client's close,
  // EOF, the deadline or the discard budget.
  void await_client_close() {
    in_.set_deadline(clock::now() + close_wait);
    std::uint64_t budget = max_discard;
    std::uint64_t skip = remaining_;
    header h;
    for (;;) {
      if (skip > budget || !in_.skip(skip)) return;
      budget -= skip;
      if (!read_header(in_, h) || h.opcode == op::close) return;
      skip = h.len;
    }
  }

  void close_tcp() {
    // Half-close first so the client sees a clean FIN, then let it finish before the fd goes:
    // closing with unread input would send an RST.
    ::shutdown(fd_, SHUT_WR);
    in_.set_deadline(clock::now() + close_wait);
    std::uint8_t scratch[4096];
    for (std::uint64_t n = 0; n < max_discard;) {
      const std::size_t got = in_.read_some(scratch, sizeof scratch);
      if (got == 0) break;
      n += got;
    }
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
  }

  void next_frame() {
    header h;
    if (!read_header(in_, h)) {
      if (fail_at_ && clock::now() >= *fail_at_) return fail_utf8();  // BUG late_close: its time came
      done_ = true;  // the client vanished; nothing left to say
      return;
    }
    remaining_ = h.len;
    const std::uint8_t o = h.opcode;
    if (h.rsv) return fail(1002, "RSV bits set");
    if ((o >= 3 && o <= 7) || o >= 11) return fail(1002, "reserved opcode");
    if (!h.masked) return fail(1002, "unmasked client frame");
    if (h.len >> 63) {
      remaining_ = 0;  // the length is garbage; nothing sensible to skip
      return fail(1002, "64-bit length with MSB set");
    }
    if (is_control(o)) return control_frame(h);

    if (o == op::continuation) {
      if (!in_message_) return fail(1002, "continuation without a message");
      fragmented_ = true;
    } else {
      fragmented_ = false;
      prev_byte_ = 0;
      if (in_message_) return fail(1002, "new message inside a fragmented one");
      in_message_ = true;
      discarding_ = false;
      msg_opcode_ = o;
      msg_.clear();
      validator_.reset();
      if (o == op::binary && opt_.text_only) {
        if (!bug_.discard_binary) return fail(opt_.binary_close_code, "binary not accepted");
        discarding_ = true;  // BUG discard_binary
      }
    }
    if (msg_.size() + h.len > max_message) return fail(1009, "message too big");

    // Payload bytes are handled as they arrive, so invalid text fails before the frame ends.
    std::uint8_t chunk[16 * 1024];
    std::uint64_t off = 0;
    while (remaining_ > 0) {
      const std::size_t n =
          in_.read_some(chunk, static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, sizeof chunk)));
      if (n == 0) {
        done_ = true;
        return;
      }
      for (std::size_t i = 0; i < n; ++i) chunk[i] ^= h.key[(off + i) & 3];
      // BUG split_read: a later read of the same payload loses its first 2 bytes
      const std::size_t lost = bug_.split_read && off > 0 ? std::min<std::size_t>(2, n) : 0;
      off += n;
      remaining_ -= n;
      if (!data(byte_view(chunk + lost, n - lost))) return;
    }
    end_of_frame(h.fin);
  }

  bool validates_incrementally() const {
    return msg_opcode_ == op::text && !bug_.no_validation && !bug_.replace_fffd && !bug_.not_fail_fast &&
           !bug_.late_close;
  }

  bool data(byte_view chunk) {
    if (discarding_) return true;
    if (bug_.accept_surrogates && validates_incrementally()) {  // BUG accept_surrogates
      bytes masked(chunk.begin(), chunk.end());
      for (std::size_t i = 0; i < masked.size(); ++i) {
        const std::uint8_t prev = i ? chunk[i - 1] : prev_byte_;
        if (prev == 0xED && masked[i] >= 0xA0 && masked[i] <= 0xBF) masked[i] = 0x9F;  // looks like U+D7xx
      }
      if (!chunk.empty()) prev_byte_ = chunk.back();
      if (!validator_.feed(masked)) {
        fail_utf8();
        return false;
      }
      msg_.insert(msg_.end(), chunk.begin(), chunk.end());
      return true;
    }
    if (validates_incrementally() && !validator_.feed(chunk)) {
      fail_utf8();
      return false;
    }
    msg_.insert(msg_.end(), chunk.begin(), chunk.end());
    return true;
  }

  void end_of_frame(bool fin) {
    if (bug_.fragment_validation && msg_opcode_ == op::text) {  // BUG fragment_validation
      if (!validator_.finish()) return fail_utf8();
      validator_.reset();
    }
    if (!fin) return;
    in_message_ = false;
    if (discarding_) return;
    if (fail_at_) return msg_.clear();  // late_close: failing already, nothing more is delivered
    if (msg_opcode_ == op::text) {
      if (bug_.not_fail_fast) {  // BUG not_fail_fast: only now
        if (!is_valid_utf8(msg_)) return fail_utf8();
      } else if (bug_.late_close) {  // BUG late_close: the close is due 600 ms from now
        if (!is_valid_utf8(msg_)) {
          if (!fail_at_) fail_at_ = clock::now() + late_close_after;
          in_.set_deadline(*fail_at_);  // reading (and answering pings) goes on until then
          msg_.clear();
          return;
        }
      } else if (bug_.replace_fffd) {  // BUG replace_fffd
        msg_ = replace_invalid(msg_);
      } else if (!bug_.no_validation && !(bug_.truncated_final && fragmented_) &&  // BUG truncated_final
                 !validator_.finish()) {                                          // BUG no_validation
        return fail_utf8();  // message ends inside a sequence
      }
      if (bug_.reject_noncharacters && has_noncharacter(msg_)) return fail_utf8();  // BUG reject_noncharacters
    }
    send_frame(msg_opcode_, std::move(msg_));
    msg_.clear();
  }

  void control_frame(const header& h) {
    if (!h.fin || h.len > 125) return fail(1002, "bad control frame");
    bytes p(static_cast<std::size_t>(h.len));
    if (!in_.read_exact(p.data(), p.size())) {
      done_ = true;
      return;
    }
    remaining_ = 0;
    for (std::size_t i = 0; i < p.size(); ++i) p[i] ^= h.key[i & 3];
    if (h.opcode == op::ping) return send_frame(op::pong, std::move(p));
    if (h.opcode == op::close) return client_close(p);
    // pong: unsolicited pongs are allowed and ignored (§5.5.3)
  }

  void client_close(const bytes& p) {
    peer_closed_ = true;
    if (p.empty()) {
      send_frame(op::close, {});
      done_ = true;
      return;
    }
    if (p.size() == 1) return fail(1002, "1-byte close payload");
    const auto code = static_cast<std::uint16_t>((p[0] << 8) | p[1]);
    if (!close_code_allowed(code)) return fail(1002, "close code not allowed");
    if (!bug_.close_reason && !is_valid_utf8(byte_view(p).subspan(2)))  // BUG close_reason skips this
      return fail_utf8();
    send_frame(op::close, close_frame(code).payload);
    done_ = true;
  }
};

volatile std::sig_atomic_t stop_requested = 0;
extern "C" void on_signal(int) { stop_requested = 1; }

}  // namespace

options parse_options(int argc, char** argv) {
  options o;
  bool have_port = false;
  auto number = [&](int& i, const std::string& flag, long lo, long hi) {
    if (i + 1 >= argc) usage_error(flag + " needs a value");
    const std::string v = argv[++i];
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || errno || n < lo || n > hi)
      usage_error(flag + " wants a number in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" + v + "'");
    return n;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--port") {
      o.port = static_cast<unsigned>(number(i, a, 0, 65535));
      have_port = true;
    } else if (a == "--host") {
      if (i + 1 >= argc) usage_error("--host needs a value");
      o.host = argv[++i];
      in_addr tmp{};
      if (inet_pton(AF_INET, o.host.c_str(), &tmp) != 1) usage_error("--host wants an IPv4 address, got '" + o.host + "'");
    } else if (a == "--text-only") {
      o.text_only = true;
    } else if (a == "--binary-close-code") {
      o.binary_close_code = static_cast<std::uint16_t>(number(i, a, 1000, 4999));
    } else {
      usage_error("unknown option '" + a + "'");
    }
  }
  if (!have_port) usage_error("--port is required");
  return o;
}

int listen_on(const std::string& host, unsigned port, int backlog, unsigned* bound_port) {
  const int lfd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (lfd < 0 || ::bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(lfd, backlog) != 0) {
    std::fprintf(stderr, "error: cannot listen on %s:%u: %s\n", host.c_str(), port, std::strerror(errno));
    if (lfd >= 0) ::close(lfd);
    return -1;
  }
  socklen_t len = sizeof addr;
  getsockname(lfd, reinterpret_cast<sockaddr*>(&addr), &len);
  *bound_port = ntohs(addr.sin_port);
  return lfd;
}

int serve(const options& opt, const bugs& bug) {
  // Block the stop signals everywhere (connection threads inherit the mask) and take them only
  // inside ppoll() in this thread, so they always interrupt the accept loop.
  sigset_t stop_set, wait_mask;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGINT);
  sigaddset(&stop_set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_set, &wait_mask);
  sigdelset(&wait_mask, SIGINT);
  sigdelset(&wait_mask, SIGTERM);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  unsigned bound = 0;
  const int lfd = listen_on(opt.host, opt.port, 64, &bound);
  if (lfd < 0) return 1;
  const int one = 1;
  std::printf("listening on %s:%u\n", opt.host.c_str(), bound);
  std::fflush(stdout);

  while (!stop_requested) {
    pollfd p{lfd, POLLIN, 0};
    if (ppoll(&p, 1, nullptr, &wait_mask) <= 0) continue;  // EINTR: re-check the flag
    const int fd = ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    set_timeout(fd, SO_SNDTIMEO, std::chrono::seconds(5));  // a client that never reads cannot pin a thread
    try {
      std::thread([fd, opt, bug] {
        try {
          connection(fd, opt, bug).run();
        } catch (...) {
          ::close(fd);  // e.g. bad_alloc: drop this connection, keep the server up
        }
      }).detach();
    } catch (...) {
      ::close(fd);  // no thread available
    }
  }
  ::close(lfd);
  return 0;
}

}  // namespace wsh::faulty
