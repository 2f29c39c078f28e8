// Running the real wsharness binary (and other programs) from end-to-end tests.
// WSHARNESS_BIN and FAULTY_DIR come from tests/CMakeLists.txt.
#pragma once
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
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

// `--command '<faulty dir>/PROGRAM --port {port}'`: one of targets/faulty/, spawned by the harness.
// `flags` go to the server program (e.g. " --text-only").
inline std::string faulty(const std::string& program, const std::string& flags = "") {
  return std::string("--command '") + FAULTY_DIR + "/" + program + " --port {port}" + flags + "'";
}

}  // namespace wsh::test
