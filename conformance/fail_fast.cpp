// RFC 6455 §8.1: invalid UTF-8 is grounds to fail at once, not when the message ends. The client
// pauses right after the invalid byte; a strict server's close arrives during that pause.
#include "catalogue.hpp"

namespace wsh::cases {

void add_fail_fast(std::vector<test_case>& out) {
  const std::string bad = "\xF4\x90\x80\x80";  // above U+10FFFF; invalid at its second byte
  const std::string k(kosme);
  const int p = fail_fast_pause_ms;

  out.push_back({"8.1/fail-fast/frames-after-sequence", "6.4.1",
                 "3 fragments: \"κόσμε\" | F4 90 80 80 | \"edited\", pausing after the first two",
                 {text(k, false), continuation(bad, false), continuation("edited", true)},
                 {{0, send_pause{}.payload_bytes, p}, {1, send_pause{}.payload_bytes, p}}});
  out.push_back({"8.1/fail-fast/frames-at-bad-byte", "6.4.2",
                 "3 fragments: \"κόσμε\" F4 | 90 | 80 80 \"edited\", pausing after the first two",
                 {text(k + "\xF4", false), continuation("\x90", false), continuation("\x80\x80" "edited", true)},
                 {{0, send_pause{}.payload_bytes, p}, {1, send_pause{}.payload_bytes, p}}});
  const std::string whole = k + bad + "edited";
  out.push_back({"8.1/fail-fast/writes-after-sequence", "6.4.3",
                 "ONE frame in 3 TCP writes: \"κόσμε\" | F4 90 80 80 | \"edited\"",
                 {text(whole)},
                 {{0, k.size(), p}, {0, k.size() + 4, p}}});
  out.push_back({"8.1/fail-fast/writes-at-bad-byte", "6.4.4",
                 "ONE frame in 3 TCP writes: \"κόσμε\" F4 | 90 | 80 80 \"edited\"",
                 {text(whole)},
                 {{0, k.size() + 1, p}, {0, k.size() + 2, p}}});
  out.push_back({"8.1/fail-fast/never-finished", "",
                 "first fragment \"κόσμε\" + ED A0 80 (surrogate), and the message is never finished",
                 {text(k + "\xED\xA0\x80", false)}});
}

}  // namespace wsh::cases
