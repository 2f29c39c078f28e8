// Benchmark baseline, server only: websocketpp 0.8.2's server in memory fed what fuzz_websocketpp
// feeds it (the upgrade, the input's wire bytes in the same writes, a closing 1000), with no
// oracle: nothing decoded beyond the header byte, recorded or judged; sanitizers are the only
// check. Not byte-identical: an input's trailing partial frame is sent too (fuzz_websocketpp
// drops it), and the close is always 1000 (fuzz_websocketpp sends none when it expects the
// server to close, and answers a server's close with its code). Between fuzz_websocketpp_parser and fuzz_websocketpp, it says what the oracle costs.
#include "wsh/memory_run.hpp"
#include "wsh/wire_input.hpp"
#include "wspp_memory_server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const wsh::byte_view in(data, size);
  const wsh::wire_input header = wsh::decode_wire_input(in.first(1));  // policy and write size only
  const auto server = wsh::libfuzzer::make_wspp_server({header.policy.text_only, header.policy.binary_close_code});
  wsh::drive_in_memory(*server, in.subspan(1), header.write_size);
  return 0;
}
