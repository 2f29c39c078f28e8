// hostile_server: a server that misbehaves at the transport and framing level, one behaviour per
// run (--behaviour NAME), so tests can prove every case still ends in bounded time with an exact
// verdict. Behaviours are listed in `behaviours` below and in README.md.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "mini_server.hpp"
#include "wsh/frame_codec.hpp"
#include "wsh/handshake.hpp"

namespace {

using namespace std::chrono_literals;
using wsh::bytes;

bool send_all(int fd, const void* data, std::size_t n) {
  const auto* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t k = ::send(fd, p, n, MSG_NOSIGNAL);
    if (k <= 0) return false;
    p += k;
    n -= static_cast<std::size_t>(k);
  }
  return true;
}
bool send_str(int fd, const std::string& s) { return send_all(fd, s.data(), s.size()); }
bool send_bytes(int fd, const bytes& b) { return send_all(fd, b.data(), b.size()); }

// Reads the request head (bounded) and returns the client's key, or "" on failure.
std::string read_key(int fd) {
  std::string head;
  char buf[1024];
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return {};
    head.append(buf, static_cast<std::size_t>(n));
  }
  const auto h = wsh::find_http_head(head).head;
  if (!h) return {};
  auto it = h->headers.find("sec-websocket-key");
  return it == h->headers.end() ? std::string() : it->second;
}

bool upgrade(int fd, const std::string& accept_override = {}) {
  const std::string key = read_key(fd);
  if (key.empty()) return false;
  return send_str(fd, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: " + (accept_override.empty() ? wsh::accept_for_key(key) : accept_override) +
                      "\r\n\r\n");
}

// Blocks until the client has sent at least one byte after the upgrade (its first frame).
bool wait_for_client_data(int fd) {
  char c;
  return ::recv(fd, &c, 1, MSG_PEEK) > 0;
}

// Reads and discards until the client goes away (or ~30 s), never answering.
void drain(int fd) {
  timeval tv{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[4096];
  for (int idle = 0; idle < 30;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n == 0) return;
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        ++idle;
        continue;
      }
      return;
    }
  }
}

bytes server_frame(std::uint8_t opcode, bytes payload, bool fin = true) {
  wsh::frame f{.fin = fin, .opcode = opcode, .mask = std::nullopt, .payload = std::move(payload)};
  return wsh::encode(f);
}
bytes close_with(std::uint16_t code, const bytes& reason = {}) {
  bytes p{static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code & 0xFF)};
  p.insert(p.end(), reason.begin(), reason.end());
  return server_frame(wsh::op::close, p);
}
// A frame with every field named (the framing behaviours break one rule each).
bytes raw_frame(wsh::frame f) { return wsh::encode(f); }
bytes cat(bytes a, const bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// On the client's first frame, answer with `reply`, then keep reading until it leaves.
void reply_once(int fd, const bytes& reply) {
  if (!upgrade(fd) || !wait_for_client_data(fd)) return;
  send_bytes(fd, reply);
  drain(fd);
}

using behaviour = std::function<void(int fd)>;

const std::map<std::string, std::pair<std::string, behaviour>>& behaviours() {
  static const std::map<std::string, std::pair<std::string, behaviour>> table{
      {"silent-upgrade", {"accepts TCP, never answers the upgrade", [](int fd) { drain(fd); }}},
      {"bad-accept", {"answers 101 with a wrong Sec-WebSocket-Accept",
                      [](int fd) { upgrade(fd, "dGhpcyBpcyBub3QgaXQ="), drain(fd); }}},
      {"http-404", {"answers the upgrade with 404",
                    [](int fd) {
                      read_key(fd);
                      send_str(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                    }}},
      {"redirect", {"answers the upgrade with a 302 redirect",
                    [](int fd) {
                      read_key(fd);
                      send_str(fd, "HTTP/1.1 302 Found\r\nLocation: ws://127.0.0.1:1/\r\nContent-Length: 0\r\n\r\n");
                    }}},
      {"garbage", {"answers the upgrade with binary garbage",
                   [](int fd) {
                     read_key(fd);
                     send_str(fd, std::string("\x00\xff\x13\x37garbage\r\n\r\n", 15));
                   }}},
      {"close-after-upgrade", {"completes the upgrade, then closes TCP at once", [](int fd) { upgrade(fd); }}},
      {"slowloris", {"completes the upgrade, then never sends anything nor closes", [](int fd) {
                       if (upgrade(fd)) drain(fd);
                     }}},
      {"trickle", {"after the first frame, sends a close frame one byte per second", [](int fd) {
                     if (!upgrade(fd) || !wait_for_client_data(fd)) return;
                     for (auto b : close_with(1007)) {
                       if (!send_all(fd, &b, 1)) return;
                       std::this_thread::sleep_for(1s);
                     }
                   }}},
      {"huge-length", {"after the first frame, announces a frame of 2^63-1 bytes", [](int fd) {
                         if (!upgrade(fd) || !wait_for_client_data(fd)) return;
                         const bytes h{0x81, 127, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 'a', 'b', 'c'};
                         send_bytes(fd, h);
                         drain(fd);
                       }}},
      {"endless-continuation", {"after the first frame, sends one text message in endless 64 KiB fragments",
                                [](int fd) {
                                  if (!upgrade(fd) || !wait_for_client_data(fd)) return;
                                  bytes chunk(65536, 'a');
                                  if (!send_bytes(fd, server_frame(wsh::op::text, chunk, false))) return;
                                  const bytes cont = server_frame(wsh::op::continuation, chunk, false);
                                  for (int i = 0; i < 100000 && send_bytes(fd, cont); ++i) {}
                                }}},
      {"close-1-byte", {"answers the first frame with a close frame whose payload is 1 byte",
                        [](int fd) { reply_once(fd, server_frame(wsh::op::close, {0x03})); }}},
      {"close-code-1005", {"closes with code 1005, which may not be sent", [](int fd) { reply_once(fd, close_with(1005)); }}},
      {"close-code-999", {"closes with code 999", [](int fd) { reply_once(fd, close_with(999)); }}},
      {"close-code-5000", {"closes with code 5000", [](int fd) { reply_once(fd, close_with(5000)); }}},
      {"close-bad-reason", {"closes with 1007 and a reason that is not UTF-8",
                            [](int fd) { reply_once(fd, close_with(1007, {0xFF, 0xC0, 0xAF})); }}},
      {"crash", {"exits the whole process on the first frame", [](int fd) {
                   if (upgrade(fd) && wait_for_client_data(fd)) std::_Exit(3);
                 }}},
      // Framing rules a server breaks (RFC 6455 §5): each answers the first frame with one bad frame
      // (then a correct close 1007 where the bad frame is not the close itself).
      {"masked", {"answers with a masked close frame 1007 (§5.1: a server MUST NOT mask)", [](int fd) {
                    wsh::frame f{.opcode = wsh::op::close, .payload = {0x03, 0xEF}};  // default mask key
                    reply_once(fd, raw_frame(f));
                  }}},
      {"rsv-bits", {"answers with a text frame with RSV2 set, no extension negotiated", [](int fd) {
                      reply_once(fd, cat(raw_frame({.rsv2 = true, .opcode = wsh::op::text, .mask = std::nullopt,
                                                    .payload = {'h', 'i'}}),
                                         close_with(1007)));
                    }}},
      {"reserved-opcode", {"answers with a frame of reserved opcode 3", [](int fd) {
                             reply_once(fd, cat(server_frame(3, {'h', 'i'}), close_with(1007)));
                           }}},
      {"long-ping", {"answers with a ping of 126 bytes (control frames: 125 at most)", [](int fd) {
                       reply_once(fd, cat(server_frame(wsh::op::ping, bytes(126, 'p')), close_with(1007)));
                     }}},
      {"fragmented-ping", {"answers with a ping without FIN", [](int fd) {
                             reply_once(fd, cat(server_frame(wsh::op::ping, {'p'}, false), close_with(1007)));
                           }}},
      {"stray-continuation", {"answers with a continuation frame and no message to continue", [](int fd) {
                                reply_once(fd, cat(server_frame(wsh::op::continuation, {'h', 'i'}), close_with(1007)));
                              }}},
      {"interleaved-message", {"answers with a text frame without FIN, then a new text frame", [](int fd) {
                                 reply_once(fd, cat(cat(server_frame(wsh::op::text, {'a'}, false),
                                                        server_frame(wsh::op::text, {'b'})),
                                                    close_with(1007)));
                               }}},
      {"non-minimal-length", {"answers with a 2-byte text frame whose length takes 16 bits", [](int fd) {
                                reply_once(fd, cat(raw_frame({.opcode = wsh::op::text, .mask = std::nullopt,
                                                              .length = wsh::length_form::bits16, .payload = {'h', 'i'}}),
                                                   close_with(1007)));
                              }}},
      {"invalid-text", {"answers with an unfinished text message that is not UTF-8, then close 1007", [](int fd) {
                          reply_once(fd, cat(server_frame(wsh::op::text, {'a', 0xC0, 0xAF}, false), close_with(1007)));
                        }}},
      {"data-after-close", {"answers with close 1007, then a text frame", [](int fd) {
                              reply_once(fd, cat(close_with(1007), server_frame(wsh::op::text, {'l', 'a', 't', 'e'})));
                            }}},
      {"close-then-rst", {"answers with close 1007, then closes its socket with the client's bytes unread (RST)",
                          [](int fd) {
                            if (!upgrade(fd) || !wait_for_client_data(fd)) return;
                            send_bytes(fd, close_with(1007));
                            std::this_thread::sleep_for(100ms);  // the close frame is read before the RST
                            linger l{1, 0};
                            setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
                          }}},
      {"rst", {"answers the first frame with a TCP reset", [](int fd) {
                 if (!upgrade(fd) || !wait_for_client_data(fd)) return;
                 linger l{1, 0};
                 setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
               }}},
  };
  return table;
}

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(stderr, "error: %s (usage: --port N --behaviour NAME [--slow-accept-ms N])\n", why.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  int port = -1, slow_accept_ms = 0;
  std::string name;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(a + " needs a value");
    if (a == "--port") port = std::atoi(argv[++i]);
    else if (a == "--behaviour") name = argv[++i];
    else if (a == "--slow-accept-ms") slow_accept_ms = std::atoi(argv[++i]);
    else usage("unknown option '" + a + "'");
  }
  if (port < 0 || port > 65535) usage("--port is required");
  auto it = behaviours().find(name);
  if (it == behaviours().end()) {
    std::string known;
    for (const auto& [n, b] : behaviours()) known += " " + n;
    usage("unknown behaviour '" + name + "'; known:" + known);
  }
  std::signal(SIGPIPE, SIG_IGN);
  // slow-accept: a backlog of 1 and a pause before every accept fill the queue quickly.
  unsigned bound = 0;
  const int lfd = wsh::faulty::listen_on("127.0.0.1", static_cast<unsigned>(port), slow_accept_ms ? 1 : 64, &bound);
  if (lfd < 0) return 1;
  std::printf("listening on 127.0.0.1:%u (%s)\n", bound, name.c_str());
  std::fflush(stdout);
  const behaviour run = it->second.second;
  for (;;) {
    if (slow_accept_ms) std::this_thread::sleep_for(std::chrono::milliseconds(slow_accept_ms));
    const int fd = ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::thread([fd, run] {
      run(fd);
      ::close(fd);
    }).detach();
  }
}
