// The check of one libFuzzer input against a server in memory, with the oracle alone: decode the
// input (wsh/wire_input.hpp: policy, write size, frames), derive the expectation, make a fresh
// server for that policy, drive the client session (run_in_memory), judge. What a user's fuzz
// target calls for its own server (examples/in_process_server/fuzz_my_server.cpp); the bundled
// fuzzers add their servers' documented deviations on top (fuzzers/server_check.cpp).
#pragma once
#include <functional>
#include <memory>
#include <optional>
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

// The run of `data`, decoded as `in`, expected to go as `e` says (which echoes, whether a close):
// a fresh server from `make` for the input's policy gets the input's own bytes (its ignored tail
// left out), or only its first `send_frames` frames, encoded again, when a model of the server
// cuts the input there (fuzzers/server_model.hpp). check_in_memory runs its inputs here, and so
// does every bundled fuzzer; judge(e, transcript) gives the verdict.
transcript run_input(byte_view data, const wire_input& in, const expectation& e, std::optional<std::size_t> send_frames,
                     const memory_server_factory& make);

// A readable report: the verdict, the expectation with its reason, the policy, every frame in
// hex, what came back. What a fuzz target prints before it aborts.
std::string describe(const memory_check& r);
// Its lines about the input (policy, write size, each frame and its hex, what was not sent) and
// about what came back: the bundled fuzzers' reports print them too.
std::string describe_input(const wire_input& in, std::optional<std::size_t> send_frames = std::nullopt);
std::string describe_got(const transcript& t);

}  // namespace wsh
