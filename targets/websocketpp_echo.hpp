// websocketpp 0.8.2 echo server run in-process on its own thread.
#pragma once
#include <memory>
#include <string>

#include "wsh/adapter.hpp"

namespace wsh {

std::string websocketpp_version();
std::unique_ptr<adapter> make_websocketpp_echo(const endpoint_policy& policy);

}  // namespace wsh
