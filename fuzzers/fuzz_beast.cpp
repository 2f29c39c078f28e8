// Fuzz target: Boost.Beast 1.74's websocket::stream over beast::test::stream, judged on every input by the
// harness's oracle (wsh::derive + wsh::judge) adjusted by the server's documented deviations.
// Input: the fuzz input format (wsh/wire_input.hpp). A disagreement prints a readable report
// and aborts, so libFuzzer saves the input; it replays with this binary or over a socket.
#include <cstdio>
#include <cstdlib>

#include "beast_memory_server.hpp"
#include "fuzz_options.hpp"
#include "server_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool strict = wsh::libfuzzer::strict_mode();
  const auto r = wsh::libfuzzer::check(wsh::libfuzzer::server_kind::beast, wsh::libfuzzer::make_beast_server, wsh::byte_view(data, size), strict);
  if (!r.ok()) {
    std::fputs(wsh::libfuzzer::explain(r).c_str(), stderr);
    std::abort();
  }
  return 0;
}
