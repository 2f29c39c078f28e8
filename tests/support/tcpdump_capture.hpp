// tcpdump on loopback as a child process of an end-to-end test: started with a filter, waited for
// until it says it is listening (5 s at most), stopped with SIGINT by its PID (5 s, then SIGKILL).
// -U --immediate-mode: each packet is written as it comes (without them, packets still in the
// kernel's buffer when SIGINT arrives are lost); -B 16384: a 16 MiB buffer for busy loopbacks.
// `tcpdump_unavailable()` says why a test must be skipped (no tcpdump, not root).
#pragma once
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace wsh::test {

inline std::string find_tcpdump() {
  for (const char* dir : {"/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/", "/usr/local/bin/", "/usr/local/sbin/"})
    if (::access((std::string(dir) + "tcpdump").c_str(), X_OK) == 0) return std::string(dir) + "tcpdump";
  return {};
}

// Empty when a capture on lo can be taken here; else the reason to skip.
inline std::string tcpdump_unavailable() {
  if (find_tcpdump().empty()) return "tcpdump is not installed (apt-get install tcpdump; scripts/install-deps.sh does)";
  if (::geteuid() != 0) return "capturing on lo needs root";
  return {};
}

// Sends `sig` to a child we started and reaps it: 5 s at most, then SIGKILL.
inline void stop_child(pid_t pid, int sig) {
  ::kill(pid, sig);
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

class tcpdump_capture {
 public:
  // Records packets on lo matching `filter` (a pcap filter such as "tcp port 8080") into `file`.
  tcpdump_capture(const std::string& file, const std::string& filter) {
    const std::string program = find_tcpdump();
    if (program.empty()) return;
    int err_pipe[2];
    if (::pipe(err_pipe) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(err_pipe[1], 2);
      ::close(err_pipe[0]);
      ::close(err_pipe[1]);
      const int devnull = ::open("/dev/null", O_WRONLY);
      ::dup2(devnull, 1);
      ::execl(program.c_str(), "tcpdump", "-i", "lo", "-B", "16384", "-U", "--immediate-mode", "-n", "-w", file.c_str(), "-Z", "root", filter.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(err_pipe[1]);
    if (pid_ < 0) {
      ::close(err_pipe[0]);
      return;
    }
    err_ = err_pipe[0];
  }
  tcpdump_capture(const tcpdump_capture&) = delete;
  tcpdump_capture& operator=(const tcpdump_capture&) = delete;
  ~tcpdump_capture() {
    stop();
    if (err_ >= 0) ::close(err_);
  }

  // True once tcpdump says "listening on"; false if it exited or said nothing for 5 s.
  bool wait_listening() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (pid_ > 0 && err_ >= 0 && std::chrono::steady_clock::now() < deadline) {
      pollfd p{err_, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) {
        char buf[512];
        const ssize_t n = ::read(err_, buf, sizeof buf);
        if (n <= 0) return false;  // it exited
        stderr_.append(buf, static_cast<std::size_t>(n));
        if (stderr_.find("listening on") != std::string::npos) return true;
      }
    }
    return false;
  }

  // Stops it (SIGINT: it flushes and writes its statistics), bounded; returns its stderr.
  const std::string& stop() {
    if (pid_ <= 0) return stderr_;
    stop_child(pid_, SIGINT);
    pid_ = -1;
    if (err_ >= 0) {  // whatever it said last (its packet counts)
      ::fcntl(err_, F_SETFL, O_NONBLOCK);
      char buf[512];
      for (ssize_t n; (n = ::read(err_, buf, sizeof buf)) > 0;) stderr_.append(buf, static_cast<std::size_t>(n));
    }
    return stderr_;
  }

  const std::string& output() const { return stderr_; }

  // After stop(): packets the kernel dropped because tcpdump did not read them in time (-1: unknown).
  long dropped() const {
    const auto at = stderr_.find(" packets dropped by kernel");
    if (at == std::string::npos) return -1;
    const auto start = stderr_.find_last_of('\n', at);
    return std::strtol(stderr_.c_str() + (start == std::string::npos ? 0 : start + 1), nullptr, 10);
  }

 private:
  pid_t pid_ = -1;
  int err_ = -1;
  std::string stderr_;
};

}  // namespace wsh::test
