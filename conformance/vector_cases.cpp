// One text message per row of the UTF-8 vector table (Kuhn's stress test = reference 6.5-6.23),
// and the invalid rows again, split into fragments around the first bad byte.
#include "wsh/catalogue.hpp"
#include "wsh/utf8_validator.hpp"
#include "wsh/utf8_vectors.hpp"

namespace wsh::cases {

namespace {
const char* rfc_for(const utf8_vector& v) {
  return v.valid ? "RFC 3629 §4: the byte sequence is valid UTF-8 (non-characters and specials included), so the "
                   "text message is valid and must be echoed (RFC 6455 §8.1)"
                 : "RFC 3629 §3-4: the octets are not a valid UTF-8 sequence; RFC 6455 §8.1: the endpoint MUST "
                   "_Fail the WebSocket Connection_ (1007, §7.4.1)";
}
std::vector<std::string> tags_for(const utf8_vector& v) {
  std::vector<std::string> t{v.valid ? "valid" : "invalid", "vector"};
  if (!v.ref.empty()) t.push_back("parity");
  return t;
}
}  // namespace

std::vector<test_case> from_vectors() {
  std::vector<test_case> out;
  for (const auto& v : utf8_vectors()) {
    out.push_back({"8.1/vector/" + v.cls + "/" + v.name, v.ref,
                   "one text frame: " + v.cls + " vector [" + to_hex_spaced(v.data) + "]", rfc_for(v), tags_for(v),
                   {text(v.data)}, {}});
  }
  return out;
}

std::vector<test_case> split_variants() {
  std::vector<test_case> out;
  for (const auto& v : utf8_vectors()) {
    if (v.valid) continue;
    // Where the stream first becomes invalid decides the interesting split points.
    const std::size_t bad = first_invalid_offset(v.data).value_or(v.data.size());

    auto split_at = [&](const std::string& suffix, std::size_t at, bool with_ping, const std::string& what) {
      if (at == 0 || at >= v.data.size()) return;  // both fragments must be non-empty
      const bytes head(v.data.begin(), v.data.begin() + static_cast<std::ptrdiff_t>(at));
      const bytes tail(v.data.begin() + static_cast<std::ptrdiff_t>(at), v.data.end());
      // Built piece by piece: GCC 12 warns (-Wrestrict, a false positive) on `"[" + std::string&&`.
      std::string description(1, '[');
      description += to_hex_spaced(v.data);
      description += "] in two fragments split " + what + (with_ping ? ", ping between" : "");
      test_case c{"8.1/split/" + suffix + "/" + v.name, "", std::move(description),
                  rfc_for(v), {"invalid", "split"}, {text(head, false)}, {}};
      if (with_ping) c.frames.push_back(ping(to_bytes("p")));
      c.frames.push_back(continuation(tail, true));
      out.push_back(std::move(c));
    };
    split_at("before-bad-byte", bad, false, "just before the first bad byte");
    split_at("after-bad-byte", bad + 1, false, "just after the first bad byte");
    split_at("after-first-byte", 1, false, "after the first byte");
    split_at("ping-at-bad-byte", bad, true, "just before the first bad byte");
  }
  return out;
}

}  // namespace wsh::cases
