// A server written against wsh::memory_server (feed bytes, drain bytes, ended), served over real
// loopback sockets: a fresh server per accepted connection, bytes pumped both ways by a thread of
// its own. So a user's in-process server, wrapped once as a memory_server, runs the catalogue over
// TCP here and a libFuzzer target in memory (check_in_memory) with the same code.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <list>
#include <mutex>
#include <string>
#include <thread>

#include "wsh/adapter.hpp"
#include "wsh/memory_server.hpp"

namespace wsh {

namespace {

bool send_all(int fd, const std::string& data) {
  for (std::size_t at = 0; at < data.size();) {
    const ssize_t n = ::send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

// One connection: client bytes into the server, its output back, until either side ends.
void pump(int fd, memory_server& server, const std::atomic<bool>& stopping) {
  std::string out;
  std::uint8_t buf[65536];
  while (!stopping) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) < 0) break;
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;  // the client ended the connection
      server.feed(buf, static_cast<std::size_t>(n));
    }
    server.drain(out);
    if (!out.empty() && !send_all(fd, out)) break;
    out.clear();
    if (server.ended()) break;  // like a server closing its socket after the closing handshake
  }
  ::close(fd);
}

class memory_server_adapter final : public adapter {
 public:
  memory_server_adapter(memory_server_factory make, endpoint_policy p, std::string name, std::string version)
      : make_(std::move(make)), policy_(p), name_(std::move(name)), version_(std::move(version)) {}
  ~memory_server_adapter() override { stop(); }

  endpoint start() override {
    stop();
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 64) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw setup_error(name_ + ": cannot listen on a loopback port");
    stopping_ = false;
    acceptor_ = std::thread([this] { accept_loop(); });
    endpoint ep;
    ep.port = ntohs(addr.sin_port);
    return ep;
  }

  void stop() override {
    if (!acceptor_.joinable()) return;
    stopping_ = true;
    acceptor_.join();
    for (auto& t : connections_) t.join();
    connections_.clear();
    ::close(listen_fd_);
    listen_fd_ = -1;
  }

  // In the harness's own process: it serves while its acceptor runs.
  bool alive() override { return acceptor_.joinable() && !stopping_; }
  std::string name() const override { return name_; }
  std::string version() const override { return version_; }
  endpoint_policy policy() const override { return policy_; }

 private:
  void accept_loop() {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::shared_ptr<memory_server> server = make_({policy_.text_only, policy_.binary_close_code});
      connections_.emplace_back([fd, server, this] { pump(fd, *server, stopping_); });
    }
  }

  memory_server_factory make_;
  endpoint_policy policy_;
  std::string name_, version_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::list<std::thread> connections_;  // joined at stop(); one per connection the harness made
};

}  // namespace

std::unique_ptr<adapter> make_memory_server_adapter(memory_server_factory make, endpoint_policy policy, std::string name,
                                                    std::string version) {
  return std::make_unique<memory_server_adapter>(std::move(make), policy, std::move(name), std::move(version));
}

}  // namespace wsh
