// Fuzz target, parser-only baseline: websocketpp 0.8.2's hybi13 frame processor on the decoded
// wire stream, with no connection, no handshake and no oracle: sanitizers are the only check.
// Same input format and mutator as fuzz_websocketpp, so their exec/s compare directly.
#include "wsh/wire_input.hpp"
#include "wspp_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const wsh::wire_input in = wsh::decode_wire_input(wsh::byte_view(data, size));
  const wsh::bytes stream = in.stream();
  wsh::libfuzzer::wspp_parse(stream.data(), stream.size(), in.write_size);
  return 0;
}
