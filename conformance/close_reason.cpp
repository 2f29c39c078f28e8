// RFC 6455 §5.5.1: the close reason is UTF-8; an invalid one fails the connection with 1007.
#include "catalogue.hpp"

namespace wsh::cases {

void add_close_reason(std::vector<test_case>& out) {
  const std::string k(kosme);
  out.push_back({"5.5.1/close-reason/invalid-surrogate", "7.5.1",
                 "close 1000 with reason \"κόσμε\" + ED A0 80 + \"edited\"",
                 {close_frame(1000, k + "\xED\xA0\x80" "edited")}});
  out.push_back({"5.5.1/close-reason/valid", "", "close 1000 with reason \"κόσμε\"", {close_frame(1000, k)}});
  out.push_back({"5.5.1/close-reason/truncated", "", "close 1000 whose reason ends inside a 3-byte character",
                 {close_frame(1000, "ab\xE2\x82")}});
  out.push_back({"5.5.1/close-reason/overlong", "", "close 1001 with an overlong '/' (C0 AF) as reason",
                 {close_frame(1001, "\xC0\xAF")}});
  out.push_back({"5.5.1/close-reason/after-message", "", "a valid text message, then close 1000 with reason FF",
                 {text("hi"), close_frame(1000, "\xFF")}});
}

}  // namespace wsh::cases
