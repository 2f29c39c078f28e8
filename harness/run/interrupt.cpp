#include "wsh/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace wsh {

namespace {
std::atomic<bool> stop_requested{false};

void on_signal(int sig) {
  if (stop_requested.exchange(true)) {
    // Second signal: the user insists. Spawned servers live in their own process groups and get
    // SIGTERM from their adapters' destructors only on a normal exit, so take ours down now.
    ::_exit(128 + sig);
  }
}
}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool interrupted() { return stop_requested.load(); }

}  // namespace wsh
