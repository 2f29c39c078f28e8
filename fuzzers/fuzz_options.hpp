// Run-time switches of the whole-server fuzzers, read once from the environment.
#pragma once
#include <cstdlib>
#include <cstring>

namespace wsh::libfuzzer {

// WSH_FUZZ_STRICT=1: judge against the oracle alone, so every documented deviation of the
// server (server_model.cpp) aborts too. Off by default: known findings would end every
// campaign in seconds and hide new ones.
inline bool strict_mode() {
  const char* v = std::getenv("WSH_FUZZ_STRICT");
  return v && std::strcmp(v, "0") != 0 && *v;
}

}  // namespace wsh::libfuzzer
