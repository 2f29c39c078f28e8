// RFC 6455 §8.1: valid UTF-8 text, whole and fragmented anywhere, must be echoed and never closed.
#include "catalogue.hpp"
#include "wsh/utf8_vectors.hpp"

namespace wsh::cases {

namespace {
// "a" + character + "b", split into two fragments `at` bytes into the character.
test_case split_character(std::string_view name, std::string_view ch, std::size_t at) {
  const std::string whole = "a" + std::string(ch) + "b";
  return {"8.1/valid/split-" + std::string(name) + "-at-" + std::to_string(at), "",
          "\"a" + std::string(ch) + "b\" in two fragments, the first ending " + std::to_string(at) +
              " byte(s) into the " + std::string(name) + " character",
          {text(whole.substr(0, 1 + at), false), continuation(whole.substr(1 + at), true)}};
}
}  // namespace

void add_utf8_valid(std::vector<test_case>& out) {
  for (const auto& v : utf8_vectors()) {
    if (!v.valid) continue;
    out.push_back({"8.1/valid/" + v.cls + "/" + v.name, "", "one text frame: " + v.cls + " vector " + v.name,
                   {text(v.data)}});
  }
  out.push_back({"8.1/valid/empty", "", "an empty text message", {text("")}});
  for (std::size_t at = 1; at < 4; ++at) out.push_back(split_character("4byte", "\xF0\x9F\x98\x80", at));
  for (std::size_t at = 1; at < 3; ++at) out.push_back(split_character("3byte", "\xE2\x82\xAC", at));
  out.push_back(split_character("2byte", "\xC3\xA9", 1));

  test_case one_byte{"8.1/valid/one-byte-fragments", "", "\"κόσμε\" sent as 1-byte fragments", {}};
  for (std::size_t i = 0; i < kosme.size(); ++i) {
    frame f = i == 0 ? text(kosme.substr(0, 1), false) : continuation(kosme.substr(i, 1), i + 1 == kosme.size());
    one_byte.frames.push_back(f);
  }
  out.push_back(one_byte);

  out.push_back({"8.1/valid/ping-between-fragments", "", "text fragment, ping, the rest of the text (mid-character)",
                 {text("Hello \xE2\x82", false), ping(to_bytes("p")), continuation("\xAC world", true)}});
  out.push_back({"8.1/valid/zero-length-fragments", "", "empty fragments at the start, middle and end of a message",
                 {text("", false), continuation(kosme.substr(0, 3), false), continuation("", false),
                  continuation(kosme.substr(3), false), continuation("", true)}});
  out.push_back({"8.1/valid/several-messages", "", "three text messages on one connection",
                 {text(kosme), text("\xF0\x9F\x98\x80"), text("plain")}});

  std::string mixed;
  while (mixed.size() < 300) mixed += std::string(kosme) + " \xE4\xB8\xAD\xF0\x9F\x98\x80 ";
  out.push_back({"8.1/valid/long-16bit-length", "", "a 300-byte multi-byte text message (16-bit length)",
                 {text(mixed)}});
  std::string big;
  while (big.size() < 70000) big += mixed;
  out.push_back({"8.1/valid/long-64bit-length", "", "a 70 kB multi-byte text message (64-bit length)", {text(big)}});
}

}  // namespace wsh::cases
