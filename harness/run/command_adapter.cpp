// --command and the registry's spawned targets: the harness starts the server itself on a
// leased loopback port and owns its process group.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <asio.hpp>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <thread>

#include "wsh/adapter.hpp"
#include "wsh/oracle.hpp"
#include "wsh/port_lease.hpp"
#include "wsh/runner.hpp"

namespace wsh {

namespace {

using clock = std::chrono::steady_clock;

bool accepts(std::uint16_t port) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  asio::error_code ec;
  s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return !ec;
}

// The last non-empty line a server wrote to its log, for set-up errors ("" if none).
std::string last_line(int log_fd) {
  std::string text;
  char buf[4096];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(log_fd, buf, sizeof buf, at);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  if (last.size() > 200) last = last.substr(0, 200) + "...";
  return last;
}

// A server that lost its port to a process outside the harness says so in its own words.
bool lost_port(const std::string& output) {
  std::string lower;
  for (char c : output) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("in use") != std::string::npos || lower.find("eaddrinuse") != std::string::npos;
}

class command_adapter final : public adapter {
 public:
  command_adapter(command_spec spec, endpoint_policy p) : spec_(std::move(spec)), policy_(p) {
    if (spec_.command.find("{port}") == std::string::npos)
      throw setup_error("--command must contain {port}, where the harness puts the port to listen on");
  }
  ~command_adapter() override {
    stop();
    if (log_fd_ >= 0) ::close(log_fd_);
  }

  endpoint start() override {
    const auto deadline = clock::now() + std::chrono::milliseconds(spec_.startup_timeout_ms);
    for (int attempt = 1;; ++attempt) {
      const auto ep = try_start(deadline);
      if (ep) {
        if (spec_.warm_up) warm_up(*ep, deadline);
        return *ep;
      }
      if (attempt == 3) throw setup_error("command lost its port 3 times to other processes: " + spec_.command);
    }
  }

  bool alive() override {
    // The server's exit and our read of its closed socket race; give the exit a moment to land.
    for (int i = 0; i < 3; ++i) {
      if (pid_ <= 0 || ::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  void stop() override {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);
    // The shell may end at once while what it started lives on (a server that handles SIGTERM
    // and hangs, or ignores it): wait for the whole group, then kill what is left of it. While a
    // member lives the group's id cannot be reused, so the signal reaches only what we started.
    bool reaped = false;
    for (int i = 0; i < 100; ++i) {  // up to 2 s for a clean exit
      if (!reaped && ::waitpid(pid_, nullptr, WNOHANG) == pid_) reaped = true;
      if (reaped && ::kill(-pid_, 0) != 0) break;  // nothing left in the group
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!reaped || ::kill(-pid_, 0) == 0) ::kill(-pid_, SIGKILL);
    if (!reaped) ::waitpid(pid_, nullptr, 0);
    // Orphans die (and are reaped by init) a moment after SIGKILL; their ports close then.
    for (int i = 0; i < 50 && ::kill(-pid_, 0) == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pid_ = -1;
    lease_.reset();
  }

  std::string name() const override { return spec_.name.empty() ? "command: " + spec_.command : spec_.name; }
  std::string version() const override { return spec_.version.empty() ? "unknown (spawned command)" : spec_.version; }
  endpoint_policy policy() const override { return policy_; }

 private:
  // Spawns the command on a fresh leased port; nullopt if it lost the port to someone else.
  std::optional<endpoint> try_start(clock::time_point deadline) {
    lease_.emplace();
    endpoint ep;
    ep.port = lease_->port();
    ep.tls = spec_.tls;
    std::string cmd = spec_.command;
    for (std::size_t at; (at = cmd.find("{port}")) != std::string::npos;) cmd.replace(at, 6, std::to_string(ep.port));
    open_log();

    pid_ = ::fork();
    if (pid_ < 0) throw setup_error("cannot fork to run the command");
    if (pid_ == 0) {
      ::setpgid(0, 0);  // own group: stop() kills the server and anything it spawned
      // The server's own output goes to a log, not into our report; stdin is not the terminal.
      const int null = ::open("/dev/null", O_RDONLY);
      ::dup2(log_fd_, 1), ::dup2(log_fd_, 2);
      if (null >= 0) ::dup2(null, 0);
      ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);

    while (!accepts(ep.port)) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        lease_.reset();
        const std::string said = last_line(log_fd_);
        if (lost_port(said)) return std::nullopt;
        throw setup_error("command exited (status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                          ") before accepting connections: " + cmd + (said.empty() ? "" : " (it said: " + said + ")"));
      }
      if (clock::now() > deadline) {
        stop();
        throw setup_error("command did not accept connections on port " + std::to_string(ep.port) + " within " +
                          std::to_string(spec_.startup_timeout_ms) + " ms: " + cmd);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return ep;
  }

  // Some servers accept TCP before their WebSocket endpoint is ready, and JIT runtimes (the JVM)
  // are slow on the first connection: one echo round trip keeps both out of the first case.
  void warm_up(const endpoint& ep, clock::time_point deadline) {
    test_case c;
    c.id = "warm-up";
    c.frames = {text("wsharness warm-up")};
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
      run_options opt;
      opt.timeout_ms = static_cast<int>(std::max<long long>(left, 50));
      const transcript t = run_case(ep, c, {.expected_echoes = 1}, opt);  // the echo, then our close
      if (t.upgraded && t.messages.size() == 1) return;
      if (clock::now() > deadline) {
        stop();
        throw setup_error("server did not echo a text message within " + std::to_string(spec_.startup_timeout_ms) +
                          " ms of starting: " + spec_.command +
                          (t.setup_error.empty() ? "" : " (" + t.setup_error + ")"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  // An unlinked temporary file: the server writes to it, we read it on failure, and nothing is
  // left behind however the harness ends.
  void open_log() {
    if (log_fd_ >= 0) {
      if (::ftruncate(log_fd_, 0) != 0 || ::lseek(log_fd_, 0, SEEK_SET) != 0)
        throw setup_error("cannot reset the server's log file");
      return;
    }
    std::string path = (std::filesystem::temp_directory_path() / "wsharness-server-XXXXXX").string();
    log_fd_ = ::mkostemp(path.data(), O_CLOEXEC);
    if (log_fd_ < 0) throw setup_error("cannot create a log file for the server in " + path);
    ::unlink(path.c_str());
  }

  command_spec spec_;
  endpoint_policy policy_;
  std::optional<port_lease> lease_;  // held while the server runs
  int log_fd_ = -1;
  pid_t pid_ = -1;
};

}  // namespace

std::unique_ptr<adapter> make_command_adapter(const command_spec& spec, endpoint_policy policy) {
  return std::make_unique<command_adapter>(spec, policy);
}

std::unique_ptr<adapter> make_command_adapter(const std::string& command, endpoint_policy policy, int startup_ms) {
  command_spec spec;
  spec.command = command;
  spec.startup_timeout_ms = startup_ms;
  return make_command_adapter(spec, policy);
}

std::string probe_version(const std::string& command) {
  FILE* p = ::popen((command + " 2>/dev/null </dev/null").c_str(), "r");
  if (!p) throw setup_error("cannot run the version probe: " + command);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = ::pclose(p);
  out = out.substr(0, out.find('\n'));
  if (status != 0 || out.empty())
    throw setup_error("version probe failed (status " + std::to_string(status) + "): " + command);
  return out;
}

}  // namespace wsh
