// --command: the harness spawns the server itself on a free port and owns its process group.
#include <asio.hpp>
#include <chrono>
#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "wsh/adapter.hpp"

namespace wsh {

namespace {

std::uint16_t free_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

bool accepts(std::uint16_t port) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  asio::error_code ec;
  s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return !ec;
}

class command_adapter final : public adapter {
 public:
  command_adapter(std::string command, endpoint_policy p, int startup_ms)
      : command_(std::move(command)), policy_(p), startup_ms_(startup_ms) {
    if (command_.find("{port}") == std::string::npos)
      throw setup_error("--command must contain {port}, where the harness puts the port to listen on");
  }
  ~command_adapter() override { stop(); }

  endpoint start() override {
    endpoint ep;
    ep.port = free_port();
    std::string cmd = command_;
    for (std::size_t at; (at = cmd.find("{port}")) != std::string::npos;) cmd.replace(at, 6, std::to_string(ep.port));

    pid_ = ::fork();
    if (pid_ < 0) throw setup_error("cannot fork to run the command");
    if (pid_ == 0) {
      ::setpgid(0, 0);  // own group: stop() kills the server and anything it spawned
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(startup_ms_);
    while (!accepts(ep.port)) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw setup_error("command exited (status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                          ") before accepting connections: " + cmd);
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw setup_error("command did not accept connections on port " + std::to_string(ep.port) + " within " +
                          std::to_string(startup_ms_) + " ms: " + cmd);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return ep;
  }

  void stop() override {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {  // up to 2 s for a clean exit
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  std::string name() const override { return "command: " + command_; }
  std::string version() const override { return "unknown (spawned command)"; }
  endpoint_policy policy() const override { return policy_; }

 private:
  std::string command_;
  endpoint_policy policy_;
  int startup_ms_;
  pid_t pid_ = -1;
};

}  // namespace

std::unique_ptr<adapter> make_command_adapter(const std::string& command, endpoint_policy policy, int startup_ms) {
  return std::make_unique<command_adapter>(command, policy, startup_ms);
}

}  // namespace wsh
