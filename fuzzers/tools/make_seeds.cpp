// wsh_fuzz_seeds: writes (or checks) the generated seeds under corpus/.
//   wsh_fuzz_seeds write CORPUS_DIR   (re)write every generated seed, delete generated ones that
//                                     no longer are; other files (campaign finds) are left alone
//   wsh_fuzz_seeds check CORPUS_DIR   exit 1 if a generated seed is missing, differs or is extra
// Generated seeds are the files named cat_* (catalogue cases) and vec_* (UTF-8 vectors).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "seed_sets.hpp"
#include "wsh/bytes.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  const std::string mode = argc == 3 ? argv[1] : "";
  if (mode != "write" && mode != "check") {
    std::fprintf(stderr, "usage: wsh_fuzz_seeds write|check CORPUS_DIR\n");
    return 2;
  }
  const fs::path root = argv[2];
  int stale = 0, written = 0;
  for (const auto& [dir, seeds] : wsh::libfuzzer::generated_corpora()) {
    if (mode == "write") fs::create_directories(root / dir);
    for (const auto& [name, data] : seeds) {
      const fs::path p = root / dir / name;
      if (mode == "write") {
        std::ofstream(p, std::ios::binary) << wsh::as_text(data);
        ++written;
        continue;
      }
      std::ifstream in(p, std::ios::binary);
      const std::string have((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in.is_open() || have != std::string(data.begin(), data.end())) {
        std::fprintf(stderr, "stale or missing seed: %s\n", p.c_str());
        ++stale;
      }
    }
  }
  // Generated files that the generator no longer produces (a renamed case, a removed vector).
  for (const auto& [dir, seeds] : wsh::libfuzzer::generated_corpora()) {
    if (!fs::is_directory(root / dir)) continue;
    for (const auto& entry : fs::directory_iterator(root / dir)) {
      const std::string name = entry.path().filename().string();
      const bool generated = name.rfind("cat_", 0) == 0 || name.rfind("vec_", 0) == 0;
      if (!generated || seeds.count(name)) continue;
      if (mode == "write") {
        fs::remove(entry.path());
      } else {
        std::fprintf(stderr, "generated seed no longer generated: %s\n", entry.path().c_str());
        ++stale;
      }
    }
  }
  if (mode == "write") {
    std::printf("wrote %d seeds under %s\n", written, root.c_str());
    return 0;
  }
  if (stale) {
    std::fprintf(stderr, "%d generated seeds are stale (the catalogue or vector table changed): run "
                         "scripts/libfuzzer.sh --regen-corpus and commit corpus/\n", stale);
    return 1;
  }
  std::printf("all generated seeds under %s are current\n", root.c_str());
  return 0;
}
