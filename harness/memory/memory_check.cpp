#include "wsh/memory_check.hpp"

#include "wsh/frame_codec.hpp"
#include "wsh/memory_run.hpp"
#include "wsh/stop_for.hpp"

namespace wsh {

memory_check check_in_memory(byte_view data, const memory_server_factory& make) {
  memory_check r;
  r.input = decode_wire_input(data);
  r.expected = derive(r.input.frames, r.input.policy);
  const auto server = make({r.input.policy.text_only, r.input.policy.binary_close_code});
  // The input's own bytes after the header byte, minus a trailing partial frame (not sent).
  const byte_view stream = data.empty() ? byte_view{} : data.subspan(1, data.size() - 1 - r.input.ignored);
  r.got = run_in_memory(*server, stream, r.input.write_size, stop_for(r.expected, r.input.frames));
  r.v = judge(r.expected, r.got);
  return r;
}

std::string describe(const memory_check& r) {
  std::string s = "wsharness: the server disagrees with the oracle\n";
  s += "  verdict:  " + std::string(to_string(r.v.result)) + " (" + to_string(r.v.kind) + "): " + r.v.why + "\n";
  s += "  expected: " + r.expected.reason + "\n";
  s += "  policy:   " + r.input.policy.describe() + ", write size " + std::to_string(r.input.write_size) + "\n";
  for (std::size_t i = 0; i < r.input.frames.size(); ++i) {
    const frame& f = r.input.frames[i];
    s += "  frame " + std::to_string(i + 1) + ": " + describe(f) + "\n           " + to_hex_spaced(encode(f)) + "\n";
  }
  s += "  got:      " + std::to_string(r.got.messages.size()) + " messages";
  if (r.got.close_received)
    s += ", close " + (r.got.close_code ? std::to_string(*r.got.close_code) : std::string("without code"));
  else
    s += r.got.tcp_closed ? ", transport ended without a close frame" : ", no close";
  return s + "\n";
}

}  // namespace wsh
