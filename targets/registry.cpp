#include "registry.hpp"

#include <vector>

#include "websocketpp_echo.hpp"

namespace wsh {

std::span<const target_info> builtin_targets() {
  static const std::vector<target_info> targets{
      {"websocketpp", "websocketpp echo server, in-process (Asio transport, loopback, ephemeral port)",
       websocketpp_version, make_websocketpp_echo},
  };
  return targets;
}

std::unique_ptr<adapter> make_target(const std::string& name, const endpoint_policy& policy) {
  std::string known;
  for (const auto& t : builtin_targets()) {
    if (t.name == name) return t.make(policy);
    known += (known.empty() ? "" : ", ") + t.name;
  }
  throw setup_error("unknown target '" + name + "' (known: " + known + "; or use --url / --command)");
}

}  // namespace wsh
