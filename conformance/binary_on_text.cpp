// RFC 6455 §7.4.1: a text-only endpoint refuses binary data (1003 "cannot accept", or 1007 as
// chosen by the target's policy). On other endpoints the same cases must simply be echoed.
#include "catalogue.hpp"

namespace wsh::cases {

void add_binary_on_text(std::vector<test_case>& out) {
  out.push_back({"7.4.1/binary/message", "", "one binary frame 00 01 FF", {binary({0x00, 0x01, 0xFF})}});
  out.push_back({"7.4.1/binary/utf8-payload", "", "a binary frame whose payload happens to be valid UTF-8",
                 {binary(to_bytes(kosme))}});
  out.push_back({"7.4.1/binary/fragmented", "", "a binary message in two fragments",
                 {binary({0xDE, 0xAD}, false), continuation(bytes{0xBE, 0xEF}, true)}});
  out.push_back({"7.4.1/binary/after-text", "", "a valid text message, then a binary message",
                 {text("hello"), binary({0xFF, 0xFE})}});
}

}  // namespace wsh::cases
