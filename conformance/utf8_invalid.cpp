// RFC 6455 §8.1: a text message that is not valid UTF-8 fails the connection with 1007 (§7.4.1).
#include "catalogue.hpp"
#include "wsh/utf8_vectors.hpp"

namespace wsh::cases {

void add_utf8_invalid(std::vector<test_case>& out) {
  for (const auto& v : utf8_vectors()) {
    if (v.valid) continue;
    out.push_back({"8.1/invalid/" + v.cls + "/" + v.name, "", "one text frame: " + v.cls + " vector " + v.name,
                   {text(v.data)}});
  }
  out.push_back({"8.1/invalid/split/surrogate-across-fragments", "",
                 "surrogate ED A0 80 split after its lead byte: \"ab\\xED\" | \"\\xA0\\x80cd\"",
                 {text("ab\xED", false), continuation("\xA0\x80" "cd", true)}});
  out.push_back({"8.1/invalid/split/overlong-across-fragments", "",
                 "overlong E0 80 AF split after its lead byte: \"ab\\xE0\" | \"\\x80\\xAF\"",
                 {text("ab\xE0", false), continuation("\x80\xAF", true)}});
  out.push_back({"8.1/invalid/split/truncated-last-fragment", "",
                 "the last fragment ends inside a 4-byte character: \"ab\" | \"\\xF0\\x9F\" (FIN)",
                 {text("ab", false), continuation("\xF0\x9F", true)}});
  out.push_back({"8.1/invalid/split/truncated-across-last-two", "",
                 "a truncated 4-byte character split over the last two fragments: \"ab\\xF0\" | \"\\x9F\" (FIN)",
                 {text("ab\xF0", false), continuation("\x9F", true)}});
  out.push_back({"8.1/invalid/split/after-ping", "", "text fragment, ping, then a fragment with byte FF",
                 {text("ab", false), ping(to_bytes("p")), continuation("\xFF", true)}});
  out.push_back({"8.1/invalid/sequence/valid-then-invalid", "",
                 "a valid message, then one with a lone continuation byte, on one connection",
                 {text(kosme), text("ab\x80")}});
  std::string long_prefix;
  while (long_prefix.size() < 200) long_prefix += kosme;
  out.push_back({"8.1/invalid/long/bad-byte-at-end", "", "a 200-byte valid prefix followed by a surrogate",
                 {text(long_prefix + "\xED\xBF\xBF")}});
}

}  // namespace wsh::cases
