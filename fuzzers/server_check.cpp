#include "server_check.hpp"

#include "wsh/memory_run.hpp"
#include "wsh/stop_for.hpp"
#include "wsh/frame_codec.hpp"

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
  const auto s = make({r.input.policy.text_only, r.input.policy.binary_close_code});
  // What is sent is r.input.stream(), which is the input's own bytes after the header minus the
  // ignored tail (wsh/wire_input.hpp; property-tested), so they are sent as they are, not
  // re-encoded. Only a model that cuts the input needs its frames encoded again.
  byte_view stream = data.empty() ? byte_view{} : data.subspan(1, data.size() - 1 - r.input.ignored);
  bytes cut;
  if (r.expected.send_frames && *r.expected.send_frames < r.input.frames.size()) {
    wire_input sent = r.input;
    sent.frames.resize(*r.expected.send_frames);
    cut = sent.stream();
    stream = cut;
  }
  r.got = run_in_memory(*s, stream, r.input.write_size, stop_for(r.expected.e, r.input.frames));
  r.v = judge(r.expected.e, r.got);
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
  s += "  policy:   " + r.input.policy.describe() + ", write size " + std::to_string(r.input.write_size) + "\n";
  for (std::size_t i = 0; i < r.input.frames.size(); ++i) {
    const frame& f = r.input.frames[i];
    s += "  frame " + std::to_string(i + 1) + ": " + describe(f) + "\n           " + to_hex_spaced(encode(f)) + "\n";
  }
  if (r.expected.send_frames && *r.expected.send_frames < r.input.frames.size())
    s += "  (only the first " + std::to_string(*r.expected.send_frames) + " frames were sent)\n";
  if (r.input.ignored) s += "  (" + std::to_string(r.input.ignored) + " trailing bytes are not a frame: not sent)\n";
  s += "  got:      " + std::to_string(r.got.messages.size()) + " messages";
  if (r.got.close_received)
    s += ", close " + (r.got.close_code ? std::to_string(*r.got.close_code) : std::string("without code")) +
         (r.got.close_reason.empty() ? "" : " '" + show_payload(r.got.close_reason) + "'");
  else
    s += r.got.tcp_closed ? ", transport ended without a close frame" : ", no close";
  s += "\n";
  return s;
}

}  // namespace wsh::libfuzzer
