// A libFuzzer target for your server with the same 1007 oracle: each input (wsh/wire_input.hpp:
// a policy byte, then a client's frames) runs against a fresh server in memory and is judged;
// a disagreement prints the frames in hex and aborts, so libFuzzer keeps the input.
#include <cstdio>
#include <cstdlib>

#include "my_echo_server.hpp"
#include "wsh/memory_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto r = wsh::check_in_memory(wsh::byte_view(data, size), [](const wsh::echo_options& o) {
    return std::make_unique<my_echo_server>(o);
  });
  if (!r.ok()) std::fputs(wsh::describe(r).c_str(), stderr), std::abort();
  return 0;
}
