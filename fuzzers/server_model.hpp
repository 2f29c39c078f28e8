// What a given server is expected to do with a frame sequence: the harness's oracle
// (wsh::derive), adjusted by that server's documented deviations. A deviation is a known,
// precisely scoped disagreement with the oracle (a known bug, or a stricter reading of the RFC);
// anything else a fuzzer sees is a new finding and aborts.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "wsh/frame.hpp"
#include "wsh/oracle.hpp"
#include "wsh/policy.hpp"

namespace wsh::libfuzzer {

enum class server_kind { websocketpp, beast };
const char* to_string(server_kind s);

struct deviation {
  const char* name;  // stable id, e.g. "wspp/close-reason-1002"
  const char* what;  // one line: the behaviour and why it is tolerated
};

struct model {
  expectation e;
  std::vector<const deviation*> applied;  // deviations that shaped `e`, in the order applied
  // Send only this many frames: after a deviation that corrupts the server's state, what it does
  // next is no longer the oracle's business, so the input is cut there.
  std::optional<std::size_t> send_frames;
};

// strict: the oracle alone, no deviations (WSH_FUZZ_STRICT=1 in the fuzzers).
model expect(server_kind server, const std::vector<frame>& frames, const endpoint_policy& policy, bool strict);

// Every deviation of a server, for docs and reports.
std::vector<const deviation*> deviations(server_kind server);

}  // namespace wsh::libfuzzer
