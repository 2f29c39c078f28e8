// websocketpp 0.8.2's server over its iostream transport, in memory: no sockets, no threads.
// C++17-clean (see memory_server.hpp).
#pragma once
#include <string>

#include "wsh/memory_server.hpp"

namespace wsh::libfuzzer {

std::unique_ptr<memory_server> make_wspp_server(const echo_options& options);
std::string wspp_version();

}  // namespace wsh::libfuzzer
