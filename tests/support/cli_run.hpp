// Running the real wsharness binary (and other programs) from end-to-end tests.
// WSHARNESS_BIN and FAULTY_DIR come from tests/CMakeLists.txt.
#pragma once
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sstream>
#include <string>

namespace wsh::test {

struct run_result {
  int exit_code = -1;
  std::string out, err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string temp_path(const std::string& suffix) {
  static int n = 0;
  return ::testing::TempDir() + "wsh_rt_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + suffix;
}

// Runs a shell command line, capturing stdout and stderr.
inline run_result run_shell(const std::string& command_line) {
  run_result r;
  const std::string out = temp_path(".out"), err = temp_path(".err");
  const int status = std::system((command_line + " >" + out + " 2>" + err).c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

inline run_result wsharness(const std::string& args) { return run_shell(std::string(WSHARNESS_BIN) + " " + args); }

// A run of `wsharness ARGS --json FILE` with the document it wrote: a conformance report, a
// campaign summary, ... (null when the run exited 2 or want_json was false).
struct json_run : run_result {
  nlohmann::json doc;

  // One case of a conformance report, by id.
  const nlohmann::json& case_of(const std::string& id) const {
    for (const auto& c : doc.at("cases"))
      if (c.at("id") == id) return c;
    throw std::runtime_error("case not in report: " + id);
  }
  // id -> finding of every case with this verdict.
  std::map<std::string, std::string> findings(const std::string& verdict) const {
    std::map<std::string, std::string> out;
    for (const auto& c : doc.at("cases"))
      if (c.at("verdict") == verdict) out[c.at("id")] = c.at("finding");
    return out;
  }
};

inline json_run wsharness_json(const std::string& args, bool want_json = true) {
  const std::string path = temp_path(".json");
  json_run r{wsharness(args + (want_json ? " --json " + path : "")), {}};
  if (want_json && r.exit_code != 2) r.doc = nlohmann::json::parse(slurp(path));
  return r;
}

// `--command '<faulty dir>/PROGRAM --port {port}'`: one of targets/faulty/, spawned by the harness.
// `flags` go to the server program (e.g. " --text-only").
inline std::string faulty(const std::string& program, const std::string& flags = "") {
  return std::string("--command '") + FAULTY_DIR + "/" + program + " --port {port}" + flags + "'";
}

// A faulty/reference server (targets/faulty/) this test starts itself on a free port, for commands
// that take a URL. Stopped (by its pid) when it goes out of scope.
class spawned_server {
 public:
  explicit spawned_server(const std::string& program, const std::string& flags = "") {
    const std::string out = temp_path(".listening");
    const std::string cmd = std::string(FAULTY_DIR) + "/" + program + " --port 0" + flags + " >" + out + " 2>&1 & echo $!";
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p) {
      if (std::fscanf(p, "%d", &pid_) != 1) pid_ = -1;
      ::pclose(p);
    }
    // It prints "listening on HOST:PORT" once it accepts (bounded wait: 5 s).
    for (int i = 0; i < 250 && port_ == 0; ++i) {
      const std::string text = slurp(out);
      if (const auto at = text.find("listening on "); at != std::string::npos && text.find('\n', at) != std::string::npos)
        port_ = std::stoi(text.substr(text.rfind(':', text.find('\n', at)) + 1));
      else
        ::usleep(20000);
    }
  }
  ~spawned_server() {
    if (pid_ > 0) ::kill(pid_, SIGTERM);
  }
  spawned_server(const spawned_server&) = delete;
  spawned_server& operator=(const spawned_server&) = delete;

  int port() const { return port_; }
  std::string url() const { return "ws://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  int pid_ = -1;
  int port_ = 0;
};

}  // namespace wsh::test
