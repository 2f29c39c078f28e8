#include "server_check.hpp"

#include "wsh/memory_check.hpp"

namespace wsh::libfuzzer {

std::string check_result::label() const {
  if (!ok()) return std::string("mismatch:") + to_string(v.kind);
  if (expected.applied.empty()) return "pass";
  std::string s = "known:";
  for (std::size_t i = 0; i < expected.applied.size(); ++i) s += (i ? "," : "") + std::string(expected.applied[i]->name);
  return s;
}

namespace {

// Fills `r` (fresh) in place: a check_result is large, and this runs on every input.
void check_once(server_kind server, const server_factory& make, byte_view data, bool strict, check_result& r) {
  r.server = server;
  r.input = decode_wire_input(data);
  r.expected = expect(server, r.input.frames, r.input.policy, strict);
  run_and_judge(data, r.input, r.expected.e, r.expected.send_frames, make, r.got, r.v);
}

}  // namespace

check_result check(server_kind server, server_factory make, byte_view data, bool strict) {
  check_result r;
  {
    const terse_reasons quiet;  // most inputs pass: decided without writing the oracle's sentences
    check_once(server, make, data, strict, r);
  }
  if (!r.ok()) {  // the same run again (in memory: deterministic), explained
    r = check_result{};
    check_once(server, make, data, strict, r);
  }
  return r;
}

std::string explain(const check_result& r) {
  std::string s = "wsh fuzz: " + std::string(to_string(r.server)) + " disagrees with the oracle\n";
  s += "  verdict:  " + std::string(to_string(r.v.result)) + " (" + to_string(r.v.kind) + "): " + r.v.why + "\n";
  s += "  expected: " + r.expected.e.reason + "\n";
  for (const deviation* d : r.expected.applied) s += "  (known deviation " + std::string(d->name) + ": " + d->what + ")\n";
  return s + describe_input(r.input, r.expected.send_frames) + describe_got(r.got);
}

}  // namespace wsh::libfuzzer
