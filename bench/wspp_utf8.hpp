// websocketpp 0.8.2's UTF-8 validator (websocketpp/utf8_validator.hpp, Hoehrmann's DFA) behind a
// C++17-clean function, compiled as C++17 like every other websocketpp code here (targets/).
#pragma once
#include <cstddef>
#include <cstdint>

namespace wsh::bench {

// What websocketpp does with a whole text message: decode() then complete().
bool wspp_utf8_valid(const std::uint8_t* data, std::size_t size);

}  // namespace wsh::bench
