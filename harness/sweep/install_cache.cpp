#include "wsh/install_cache.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "wsh/bounded_command.hpp"

namespace wsh {

namespace fs = std::filesystem;

namespace {
const char* const marker = ".wsharness-installed";

std::string path_safe(std::string s) {
  for (char& c : s)
    if (c == '/' || c == '\\' || c == ':') c = '+';
  return s;
}
}  // namespace

std::string default_sweep_cache() {
  if (const char* p = std::getenv("WSH_SWEEP_CACHE"); p && *p) return p;
  if (const char* p = std::getenv("XDG_CACHE_HOME"); p && *p) return std::string(p) + "/wsharness/sweep";
  if (const char* p = std::getenv("HOME"); p && *p) return std::string(p) + "/.cache/wsharness/sweep";
  return "/tmp/wsharness-sweep-cache";
}

install_result install_version(const ecosystem& eco, const std::string& package, const std::string& version,
                               const std::string& cache_root, int timeout_s, const std::string& interpreter,
                               const std::string& src_dir) {
  install_result r;
  const std::string interp = interpreter.empty() ? eco.interpreter : interpreter;
  const std::string key = interp == eco.interpreter ? version : version + "@" + fs::path(interp).filename().string();
  const fs::path dir = fs::absolute(fs::path(cache_root) / eco.name / path_safe(package) / path_safe(key));
  r.dir = dir.string();
  std::error_code ec;
  if (fs::exists(dir / marker, ec)) {
    r.ok = r.cached = true;
    return r;
  }
  fs::create_directories(dir.parent_path(), ec);
  if (ec) {
    r.error = "cannot create " + dir.parent_path().string() + ": " + ec.message();
    return r;
  }
  const fs::path tmp = dir.string() + ".tmp-" + std::to_string(::getpid());
  fs::remove_all(tmp, ec);
  const auto out = run_bounded(expand_command(eco.install_command, {{"dir", tmp.string()},
                                                                    {"pkg", package},
                                                                    {"src", src_dir},
                                                                    {"prog", echo_program(eco, package)},
                                                                    {"interp", interp},
                                                                    {"version", version},
                                                                    {"spec", package + "@" + version},
                                                                    {"pyspec", package + "==" + version}}),
                               timeout_s);
  if (!out.ok()) {
    fs::remove_all(tmp, ec);
    r.error = out.interrupted ? "install interrupted"
              : out.timed_out ? "install timed out after " + std::to_string(timeout_s) + " s"
                              : "install failed: " + out.last_line();
    return r;
  }
  std::ofstream(tmp / marker) << eco.name << ":" << package << "@" << version << "\n";
  fs::remove_all(dir, ec);  // a half-installed copy from an earlier killed run
  fs::rename(tmp, dir, ec);
  if (ec && !fs::exists(dir / marker)) {  // another sweep may have won the race: theirs is fine
    fs::remove_all(tmp, ec);
    r.error = "cannot move the install into " + dir.string();
    return r;
  }
  fs::remove_all(tmp, ec);
  r.ok = true;
  return r;
}

}  // namespace wsh
