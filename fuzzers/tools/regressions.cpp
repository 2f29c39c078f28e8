// wsh_fuzz_regressions: replays fuzz inputs through the oracle and the in-memory servers.
//   wsh_fuzz_regressions check DIR     every file in DIR (but verdicts.txt) on every server; its
//                                      label must equal the one recorded in DIR/verdicts.txt
//   wsh_fuzz_regressions update DIR    record the current labels in DIR/verdicts.txt
//   wsh_fuzz_regressions show FILE...  label and full report of each file on each server
// Labels: "pass", "known:<deviation>" (server_model.cpp) or "mismatch:<finding>".
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "beast_memory_server.hpp"
#include "server_check.hpp"
#include "wspp_memory_server.hpp"

namespace fs = std::filesystem;
using namespace wsh::libfuzzer;

namespace {

struct target {
  server_kind kind;
  server_factory make;
};
const target targets[] = {{server_kind::websocketpp, make_wspp_server}, {server_kind::beast, make_beast_server}};

wsh::bytes read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return wsh::bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// "file<TAB>server" -> label, in file order.
using verdicts = std::map<std::string, std::string>;

verdicts run_dir(const fs::path& dir) {
  verdicts out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename() == "verdicts.txt") continue;
    const wsh::bytes data = read_file(e.path());
    for (const target& t : targets)
      out[e.path().filename().string() + "\t" + to_string(t.kind)] = check(t.kind, t.make, data, false).label();
  }
  return out;
}

verdicts read_verdicts(const fs::path& p) {
  verdicts out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.rfind('\t');
    if (tab != std::string::npos) out[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return out;
}

int check_dir(const fs::path& dir) {
  const verdicts want = read_verdicts(dir / "verdicts.txt");
  const verdicts got = run_dir(dir);
  int bad = 0;
  for (const auto& [key, label] : got) {
    const auto it = want.find(key);
    if (it == want.end()) {
      std::fprintf(stderr, "no recorded verdict: %s -> %s\n", key.c_str(), label.c_str());
      ++bad;
    } else if (it->second != label) {
      std::fprintf(stderr, "verdict changed: %s: recorded %s, now %s\n", key.c_str(), it->second.c_str(), label.c_str());
      ++bad;
    }
  }
  for (const auto& [key, label] : want)
    if (!got.count(key)) std::fprintf(stderr, "recorded but missing: %s\n", key.c_str()), ++bad;
  if (bad) {
    std::fprintf(stderr, "%d regression verdicts differ; if intended: wsh_fuzz_regressions update %s\n", bad, dir.c_str());
    return 1;
  }
  std::printf("%zu regression verdicts stable\n", got.size());
  return 0;
}

int update_dir(const fs::path& dir) {
  std::ofstream out(dir / "verdicts.txt");
  out << "# file<TAB>server<TAB>label, written by wsh_fuzz_regressions update (fuzzers/README.md)\n";
  for (const auto& [key, label] : run_dir(dir)) out << key << "\t" << label << "\n";
  return 0;
}

int show(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    const wsh::bytes data = read_file(argv[i]);
    for (const target& t : targets) {
      const check_result r = check(t.kind, t.make, data, false);
      std::printf("%s\t%s\t%s\n", argv[i], to_string(t.kind), r.label().c_str());
      if (!r.ok() || std::getenv("WSH_SHOW_ALL")) std::printf("%s", explain(r).c_str());
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc >= 2 ? argv[1] : "";
  if (mode == "show" && argc >= 3) return show(argc, argv);
  if ((mode == "check" || mode == "update") && argc == 3)
    return mode == "check" ? check_dir(argv[2]) : update_dir(argv[2]);
  std::fprintf(stderr, "usage: wsh_fuzz_regressions check|update DIR | show FILE...\n");
  return 2;
}
