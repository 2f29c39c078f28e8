#include "wsh/memory_check.hpp"

#include "wsh/frame_codec.hpp"
#include "wsh/memory_run.hpp"
#include "wsh/stop_for.hpp"

namespace wsh {

transcript run_input(byte_view data, const wire_input& in, const expectation& e, std::optional<std::size_t> send_frames,
                     const memory_server_factory& make) {
  const auto server = make({in.policy.text_only, in.policy.binary_close_code});
  // What is sent is in.stream(), which is the input's own bytes after the header minus the
  // ignored tail (wsh/wire_input.hpp; property-tested), so they are sent as they are, not
  // re-encoded. Only a cut input needs its frames encoded again.
  byte_view stream = data.empty() ? byte_view{} : data.subspan(1, data.size() - 1 - in.ignored);
  bytes cut;
  if (send_frames && *send_frames < in.frames.size()) {
    wire_input sent = in;
    sent.frames.resize(*send_frames);
    cut = sent.stream();
    stream = cut;
  }
  return run_in_memory(*server, stream, in.write_size, stop_for(e, in.frames));
}

memory_check check_in_memory(byte_view data, const memory_server_factory& make) {
  memory_check r;
  r.input = decode_wire_input(data);
  r.expected = derive(r.input.frames, r.input.policy);
  r.got = run_input(data, r.input, r.expected, std::nullopt, make);
  r.v = judge(r.expected, r.got);
  return r;
}

std::string describe_input(const wire_input& in, std::optional<std::size_t> send_frames) {
  std::string s = "  policy:   " + in.policy.describe() + ", write size " + std::to_string(in.write_size) + "\n";
  for (std::size_t i = 0; i < in.frames.size(); ++i) {
    const frame& f = in.frames[i];
    s += "  frame " + std::to_string(i + 1) + ": " + describe(f) + "\n           " + to_hex_spaced(encode(f)) + "\n";
  }
  if (send_frames && *send_frames < in.frames.size())
    s += "  (only the first " + std::to_string(*send_frames) + " frames were sent)\n";
  if (in.ignored) s += "  (" + std::to_string(in.ignored) + " trailing bytes are not a frame: not sent)\n";
  return s;
}

std::string describe_got(const transcript& t) {
  std::string s = "  got:      " + std::to_string(t.messages.size()) + " messages";
  if (!t.close_received) return s + (t.tcp_closed ? ", transport ended without a close frame\n" : ", no close\n");
  s += ", close " + (t.close_code ? std::to_string(*t.close_code) : std::string("without code"));
  if (!t.close_reason.empty()) s.append(" ").append(show_payload(t.close_reason));  // (show_payload quotes it)
  return s + "\n";
}

std::string describe(const memory_check& r) {
  return "wsharness: the server disagrees with the oracle\n  verdict:  " + std::string(to_string(r.v.result)) + " (" +
         to_string(r.v.kind) + "): " + r.v.why + "\n  expected: " + r.expected.reason + "\n" + describe_input(r.input) +
         describe_got(r.got);
}

}  // namespace wsh
