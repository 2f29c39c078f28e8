#include "wsh/install_cache.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

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

// FNV-1a, 64 bits: a fingerprint to notice a changed recipe, not a defence against anyone.
struct fnv1a {
  std::uint64_t h = 14695981039346656037ull;
  void add(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // a separator: ("ab", "c") and ("a", "bc") differ
  }
};

// The regular files at `p` (a file, or every file below a folder), sorted: the order of a
// directory listing is not the same everywhere.
std::vector<fs::path> files_at(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_directory(p, ec)) return {p};
  std::vector<fs::path> out;
  for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

std::string recipe_fingerprint(const ecosystem& eco, const std::string& package, const std::string& src_dir) {
  fnv1a f;
  f.add(eco.install_command);
  for (const auto& input : eco.build_inputs) {
    std::string path = input;  // a path, not a shell word: {prog} put in as it is
    if (const auto at = path.find("{prog}"); at != std::string::npos) path.replace(at, 6, echo_program(eco, package));
    const fs::path root = fs::path(src_dir) / path;
    for (const auto& file : files_at(root)) {
      f.add(fs::relative(file, src_dir).string());
      std::ifstream in(file, std::ios::binary);
      f.add(in ? std::string(std::istreambuf_iterator<char>(in), {}) : std::string("(missing)"));
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(f.h));
  return hex;
}

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
  const std::string recipe = "recipe " + recipe_fingerprint(eco, package, src_dir);
  std::error_code ec;
  if (std::ifstream m(dir / marker); m) {
    std::string line;
    while (std::getline(m, line))
      if (line == recipe) {
        r.ok = r.cached = true;
        return r;
      }
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
  std::ofstream(tmp / marker) << eco.name << ":" << package << "@" << version << "\n" << recipe << "\n";
  fs::remove_all(dir, ec);  // a copy from another recipe, or half-installed by an earlier killed run
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
