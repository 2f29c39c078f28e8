#include "server_check.hpp"

#include <optional>

#include "wsh/memory_check.hpp"

namespace wsh::libfuzzer {

std::string check_result::label() const {
  if (!ok()) return std::string("mismatch:") + to_string(v.kind);
  if (expected.applied.empty()) return "pass";
  std::string s = "known:";
  for (std::size_t i = 0; i < expected.applied.size(); ++i) s += (i ? "," : "") + std::string(expected.applied[i]->name);
  return s;
}

check_result::check_result(server_kind server, server_factory make, byte_view data, bool strict)
    : server(server),
      input(decode_wire_input(data)),
      expected(expect(server, input.frames, input.policy, strict)),
      got(run_input(data, input, expected.e, expected.send_frames, make)),
      v(judge(expected.e, got)) {}

check_result check(server_kind server, server_factory make, byte_view data, bool strict) {
  std::optional<terse_reasons> quiet(std::in_place);  // most inputs pass: decided without the oracle's sentences
  check_result r(server, make, data, strict);  // (returned as it is made: one named result)
  if (!r.ok()) {  // the same run again (in memory: deterministic), explained
    quiet.reset();
    r = check_result(server, make, data, strict);
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
