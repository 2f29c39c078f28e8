// The loopback limit for `wsharness conformance`: the least a client can do per case against the
// same in-process websocketpp echo server the harness uses (targets/websocketpp_echo.cpp), with
// plain blocking sockets: connect, upgrade, one masked text frame, read its echo, close
// handshake, read until the server ends TCP. No checks beyond "101" and the frame headers.
//
//   raw_loop [--connections N] [--max-seconds S] [--payload-bytes B]
// Prints one line: raw_loop connections=N seconds=S per_second=R
// Exit 0, or 2 with one line on stderr if a connection does not go as expected.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "websocketpp_echo.hpp"

namespace {

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error(why); }

void write_all(int fd, const void* data, std::size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) fail("send failed");
    p += w;
    n -= static_cast<std::size_t>(w);
  }
}

void read_exact(int fd, std::uint8_t* out, std::size_t n) {
  while (n > 0) {
    const ssize_t r = ::recv(fd, out, n, 0);
    if (r <= 0) fail("connection ended early");
    out += r;
    n -= static_cast<std::size_t>(r);
  }
}

// One server frame: returns its opcode; the payload is read and dropped.
int read_frame(int fd) {
  std::uint8_t h[2];
  read_exact(fd, h, 2);
  std::uint64_t len = h[1] & 0x7F;
  if (len == 126 || len == 127) {
    std::uint8_t ext[8];
    const std::size_t n = len == 126 ? 2 : 8;
    read_exact(fd, ext, n);
    len = 0;
    for (std::size_t i = 0; i < n; ++i) len = len << 8 | ext[i];
  }
  std::vector<std::uint8_t> payload(len);
  read_exact(fd, payload.data(), payload.size());
  return h[0] & 0x0F;
}

// Client frame, masked with a fixed key (RFC 6455 §5.3 only asks it to be unpredictable).
std::vector<std::uint8_t> masked(std::uint8_t first, const std::string& payload) {
  static constexpr std::uint8_t key[4] = {0x37, 0xfa, 0x21, 0x3d};
  std::vector<std::uint8_t> f{first};
  if (payload.size() < 126) {
    f.push_back(static_cast<std::uint8_t>(0x80 | payload.size()));
  } else {
    f.push_back(0x80 | 126);
    f.push_back(static_cast<std::uint8_t>(payload.size() >> 8));
    f.push_back(static_cast<std::uint8_t>(payload.size()));
  }
  f.insert(f.end(), key, key + 4);
  for (std::size_t i = 0; i < payload.size(); ++i) f.push_back(static_cast<std::uint8_t>(payload[i]) ^ key[i % 4]);
  return f;
}

void one_connection(std::uint16_t port, const std::vector<std::uint8_t>& text, const std::vector<std::uint8_t>& close) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) fail("socket failed");
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } guard{fd};
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("connect failed");

  const std::string req = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  write_all(fd, req.data(), req.size());
  std::string head;
  char buf[1024];
  while (head.find("\r\n\r\n") == std::string::npos) {  // websocketpp sends nothing behind its 101
    const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
    if (r <= 0) fail("no upgrade response");
    head.append(buf, static_cast<std::size_t>(r));
    if (head.size() > 16384) fail("upgrade response too long");
  }
  if (head.compare(0, 12, "HTTP/1.1 101") != 0) fail("upgrade refused: " + head.substr(0, head.find('\r')));

  write_all(fd, text.data(), text.size());
  if (read_frame(fd) != 0x1) fail("no text echo");
  write_all(fd, close.data(), close.size());
  if (read_frame(fd) != 0x8) fail("no close reply");
  while (::recv(fd, buf, sizeof buf, 0) > 0) {
  }  // the server ends TCP
}

}  // namespace

int main(int argc, char** argv) {
  long connections = 2000;
  double max_seconds = 10;
  long payload_bytes = 24;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--connections") connections = std::atol(argv[i + 1]);
    else if (flag == "--max-seconds") max_seconds = std::atof(argv[i + 1]);
    else if (flag == "--payload-bytes") payload_bytes = std::atol(argv[i + 1]);
    else {
      std::fprintf(stderr, "raw_loop: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (connections <= 0 || max_seconds <= 0 || payload_bytes < 0 || payload_bytes > 65535) {
    std::fprintf(stderr, "raw_loop: bad bounds\n");
    return 2;
  }
  try {
    auto server = wsh::make_websocketpp_echo(wsh::endpoint_policy{});
    const wsh::endpoint ep = server->start();
    std::string payload;
    while (payload.size() < static_cast<std::size_t>(payload_bytes)) payload += "Hello-\xc2\xb5@\xc3\x9f\xc3\xb6-UTF-8!";
    payload.resize(static_cast<std::size_t>(payload_bytes));
    while (!payload.empty() && static_cast<unsigned char>(payload.back()) >= 0x80) payload.pop_back();  // no cut character
    payload.resize(static_cast<std::size_t>(payload_bytes), '!');
    const auto text = masked(0x81, payload);
    const auto close = masked(0x88, std::string("\x03\xe8", 2));

    one_connection(ep.port, text, close);  // warm-up, not counted
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + std::chrono::duration<double>(max_seconds);
    long done = 0;
    while (done < connections && std::chrono::steady_clock::now() < deadline) {
      one_connection(ep.port, text, close);
      ++done;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    server->stop();
    std::printf("raw_loop connections=%ld seconds=%.4f per_second=%.1f\n", done, seconds, done / seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "raw_loop: %s\n", e.what());
    return 2;
  }
  return 0;
}
