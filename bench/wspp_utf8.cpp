#include "wspp_utf8.hpp"

#include <websocketpp/utf8_validator.hpp>

namespace wsh::bench {

bool wspp_utf8_valid(const std::uint8_t* data, std::size_t size) {
  websocketpp::utf8_validator::validator v;
  return v.decode(data, data + size) && v.complete();
}

}  // namespace wsh::bench
