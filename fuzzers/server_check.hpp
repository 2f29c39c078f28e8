// The check every whole-server fuzzer runs on each input: decode, model, run in memory, judge.
#pragma once
#include <string>

#include "wsh/memory_server.hpp"
#include "server_model.hpp"
#include "wsh/wire_input.hpp"
#include "wsh/transcript.hpp"
#include "wsh/verdict.hpp"

namespace wsh::libfuzzer {

using server_factory = std::unique_ptr<memory_server> (*)(const echo_options&);

struct check_result {
  // One run of the check (check() below is what fuzzers call), each part made in place from the
  // ones before it: this runs on every input, so nothing is made twice or moved.
  check_result(server_kind server, server_factory make, byte_view data, bool strict);

  server_kind server;
  wire_input input;
  model expected;
  transcript got;
  verdict v;

  bool ok() const { return v.result == outcome::pass; }
  // "pass", "known:<deviation>[,<deviation>]" or "mismatch:<finding>": stable, for regressions.
  std::string label() const;
};

// Runs `data` (the fuzz input format, wsh/wire_input.hpp) against a fresh server from `make`
// (e.g. make_wspp_server; the planted-bug fuzzer passes the same name from the planted glue),
// judged against the model of `server`. strict: the oracle alone, no deviations.
check_result check(server_kind server, server_factory make, byte_view data, bool strict);

// Readable report of a result: input in hex, frames, the oracle's and the model's expectation,
// what came back, and the verdict. What a fuzzer prints before aborting.
std::string explain(const check_result& r);

}  // namespace wsh::libfuzzer
