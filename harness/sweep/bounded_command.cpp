#include "wsh/bounded_command.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "wsh/interrupt.hpp"

namespace wsh {

namespace {
constexpr std::size_t max_capture = 4u << 20;

std::string read_back(int fd) {
  std::string s;
  ::lseek(fd, 0, SEEK_SET);
  char buf[8192];
  for (ssize_t n; s.size() < max_capture && (n = ::read(fd, buf, sizeof buf)) > 0;)
    s.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return s;
}

int temp_file() {
  char name[] = "/tmp/wsh-sweep-XXXXXX";
  const int fd = ::mkstemp(name);
  if (fd >= 0) ::unlink(name);
  return fd;
}
}  // namespace

std::string command_output::last_line() const {
  for (const std::string* s : {&err, &out}) {
    std::size_t end = s->size();
    while (end > 0) {
      const auto start = s->rfind('\n', end - 1);
      const std::size_t b = start == std::string::npos ? 0 : start + 1;
      std::string line = s->substr(b, end - b);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (!line.empty()) return line;
      if (start == std::string::npos) break;
      end = start;
    }
  }
  return interrupted ? "interrupted" : timed_out ? "timed out" : "no output";
}

command_output run_bounded(const std::string& shell_command, int timeout_s) {
  command_output r;
  const int out_fd = temp_file(), err_fd = temp_file();
  if (out_fd < 0 || err_fd < 0) {
    if (out_fd >= 0) ::close(out_fd);
    if (err_fd >= 0) ::close(err_fd);
    r.err = "cannot create a temporary file";
    return r;
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    ::execl("/bin/sh", "sh", "-c", shell_command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid < 0) {
    ::close(out_fd);
    ::close(err_fd);
    r.err = "cannot fork";
    return r;
  }
  ::setpgid(pid, pid);  // also here: no race with the child's own call
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  int status = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0) {
      status = -1;
      break;
    }
    const bool stop = interrupted();
    if (stop || std::chrono::steady_clock::now() >= deadline) {
      // Not yet reaped, so the group id is still ours: the shell and all it started go.
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      (stop ? r.interrupted : r.timed_out) = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  r.out = read_back(out_fd);
  r.err = read_back(err_fd);
  if (!r.timed_out && !r.interrupted && status >= 0 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  return r;
}

}  // namespace wsh
