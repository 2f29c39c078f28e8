// A free loopback port that no other wsharness job (thread or process) is handed until released.
//
// Spawned servers need a port before they start, so the harness asks the kernel for a free one
// and closes it again; alone, that lets two parallel jobs be given the same port. A lease also
// binds the abstract Unix socket "wsharness/port/N": the kernel lets only one socket hold that
// name, frees it when the holder exits (even on a crash), and leaves no file behind.
#pragma once
#include <cstdint>

namespace wsh {

class port_lease {
 public:
  port_lease();  // throws setup_error when no port can be leased
  ~port_lease();
  port_lease(port_lease&& other) noexcept;
  port_lease& operator=(port_lease&& other) noexcept;
  port_lease(const port_lease&) = delete;
  port_lease& operator=(const port_lease&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  std::uint16_t port_ = 0;
  int lock_fd_ = -1;
};

}  // namespace wsh
