// The check of one libFuzzer input against a server in memory, with the oracle alone: decode the
// input (wsh/wire_input.hpp: policy, write size, frames), derive the expectation, make a fresh
// server for that policy, drive the client session (run_in_memory), judge. What a user's fuzz
// target calls for its own server (examples/in_process_server/fuzz_my_server.cpp); the bundled
// fuzzers add their servers' documented deviations on top (fuzzers/server_check.cpp).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "wsh/memory_server.hpp"
#include "wsh/oracle.hpp"
#include "wsh/transcript.hpp"
#include "wsh/verdict.hpp"
#include "wsh/wire_input.hpp"

namespace wsh {

struct memory_check {
  wire_input input;
  expectation expected;
  transcript got;
  verdict v;
  bool ok() const { return v.result == outcome::pass; }
};

memory_check check_in_memory(byte_view data, const memory_server_factory& make);

// A readable report: the verdict, the expectation with its reason, the policy, every frame in
// hex, what came back. What a fuzz target prints before it aborts.
std::string describe(const memory_check& r);

}  // namespace wsh
