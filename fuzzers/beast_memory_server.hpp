// Boost.Beast's websocket::stream (Boost 1.74, Debian) over beast::test::stream, in memory.
#pragma once
#include <string>

#include "wsh/memory_server.hpp"

namespace wsh::libfuzzer {

std::unique_ptr<memory_server> make_beast_server(const echo_options& options);
std::string beast_version();

}  // namespace wsh::libfuzzer
