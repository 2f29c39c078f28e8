#include "wsh/port_lease.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <utility>

#include "wsh/adapter.hpp"

namespace wsh {

namespace {

// A port the kernel considers free on 127.0.0.1 right now (0 if it would not give one).
std::uint16_t kernel_free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  std::uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

// Binds the abstract socket naming `port`; -1 if another job holds it.
int lock_port(std::uint16_t port) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  const std::string name = "wsharness/port/" + std::to_string(port);
  std::memcpy(a.sun_path + 1, name.data(), name.size());  // sun_path[0] == 0: abstract namespace
  const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), len) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

port_lease::port_lease() {
  for (int attempt = 0; attempt < 200; ++attempt) {
    const std::uint16_t p = kernel_free_port();
    if (p == 0) continue;
    lock_fd_ = lock_port(p);
    if (lock_fd_ >= 0) {
      port_ = p;
      return;
    }
  }
  throw setup_error("cannot lease a free loopback port (every port the kernel offered is held by another job)");
}

port_lease::~port_lease() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

port_lease::port_lease(port_lease&& other) noexcept
    : port_(std::exchange(other.port_, 0)), lock_fd_(std::exchange(other.lock_fd_, -1)) {}

port_lease& port_lease::operator=(port_lease&& other) noexcept {
  if (this != &other) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    port_ = std::exchange(other.port_, 0);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
  }
  return *this;
}

}  // namespace wsh
