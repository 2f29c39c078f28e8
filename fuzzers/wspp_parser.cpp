// Compiled as C++17: websocketpp 0.8.2's headers are not C++20-clean.
#include "wspp_parser.hpp"

#include <algorithm>
#include <vector>
#include <websocketpp/config/core.hpp>
#include <websocketpp/processors/hybi13.hpp>

namespace wsh::libfuzzer {

wspp_parse_result wspp_parse(const std::uint8_t* data, std::size_t n, std::size_t write_size) {
  using config = websocketpp::config::core;
  using processor = websocketpp::processor::hybi13<config>;
  config::rng_type rng;
  auto manager = websocketpp::lib::make_shared<config::con_msg_manager_type>();
  processor p(false, true, manager, rng);

  wspp_parse_result r;
  // consume() takes a mutable buffer (it unmasks in place), so feed a copy.
  std::vector<std::uint8_t> buf(data, data + n);
  const std::size_t step = write_size ? write_size : std::max<std::size_t>(n, 1);
  for (std::size_t at = 0; at < n;) {
    const std::size_t len = std::min(step, n - at);
    websocketpp::lib::error_code ec;
    std::size_t done = 0;
    while (done < len) {
      const std::size_t used = p.consume(buf.data() + at + done, len - done, ec);
      done += used;
      if (ec) {
        r.error = ec.value();
        r.consumed = at + done;
        return r;
      }
      if (p.ready()) {
        p.get_message();
        ++r.messages;
      } else if (used == 0) {
        break;  // defensive: no progress and nothing to take
      }
    }
    at += len;
  }
  r.consumed = n;
  return r;
}

}  // namespace wsh::libfuzzer
