// One text message per row of the UTF-8 vector table (Kuhn's stress test = reference 6.5-6.23),
// and the invalid rows again, split into fragments around the first bad byte, and one row per
// class in two TCP writes at each boundary of its bad sequence and at the frame header.
#include "wsh/catalogue.hpp"

#include <map>
#include <set>

#include "wsh/utf8_validator.hpp"
#include "wsh/utf8_vectors.hpp"
#include "wsh/write_split.hpp"

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

namespace {

// The frame a write-split family sends for vector `v`: a text message, or a close 1000 with `v`
// as its reason (at most 123 bytes, so the close frame stays within 125).
frame family_frame(const utf8_vector& v, bool close) { return close ? close_frame(1000, v.data) : text(v.data); }

// The distinct stream offsets at which the family of `f` splits, in split_point order: a point
// that falls where an earlier one did (the bad sequence at the payload's start is also right
// after the header) is left out.
std::vector<std::pair<split_point, send_pause>> distinct_splits(const frame& f) {
  std::vector<std::pair<split_point, send_pause>> out;
  std::set<std::size_t> at;
  for (int i = 0; i < split_point_count; ++i) {
    const auto p = static_cast<split_point>(i);
    const std::vector<frame> frames{f};
    auto pause = split_pause(frames, p);
    if (!pause) continue;
    test_case c;
    c.frames = frames;
    c.pauses = {*pause};
    if (at.insert(write_plan(c, layout(c)).front().end).second) out.emplace_back(p, *pause);
  }
  return out;
}

std::string where_words(split_point p, const frame& f, const bad_sequence& bad) {
  const std::string seq = to_hex_spaced(bytes(f.payload.begin() + static_cast<std::ptrdiff_t>(bad.start.offset),
                                              f.payload.begin() + static_cast<std::ptrdiff_t>(bad.end.offset)));
  switch (p) {
    case split_point::before_bad_sequence: return "just before the bad sequence " + seq + ": the second write starts with it";
    case split_point::inside_bad_sequence: return "inside the bad sequence " + seq + ", after its first byte";
    case split_point::after_bad_sequence: return "right after the bad sequence " + seq;
    case split_point::after_header: return "between the frame header and the payload";
    case split_point::in_header: return "inside the frame header, after its first two bytes";
  }
  return "";
}

const char* close_reason_rfc =
    "RFC 6455 §5.5.1: after the status code \"the body MAY contain UTF-8-encoded data with value /reason/\"; "
    "§8.1: a byte stream interpreted as UTF-8 that is not valid MUST fail the connection (1007, §7.4.1), "
    "however TCP splits the frame (§5.2: frames are read from a byte stream)";

}  // namespace

std::vector<test_case> write_splits() {
  // One family per class of invalid vectors: the class's row with the most distinct split
  // points (first in table order on a tie), as a text frame and as a close reason.
  std::vector<std::string> classes;
  std::map<std::string, const utf8_vector*> best;
  for (const auto& v : utf8_vectors()) {
    if (v.valid || v.data.size() > 123) continue;
    auto [it, fresh] = best.try_emplace(v.cls, &v);
    if (fresh) classes.push_back(v.cls);
    else if (distinct_splits(text(v.data)).size() > distinct_splits(text(it->second->data)).size()) it->second = &v;
  }
  std::vector<test_case> out;
  for (bool close : {false, true}) {
    for (const auto& cls : classes) {
      const utf8_vector& v = *best.at(cls);
      const frame f = family_frame(v, close);
      const auto bad = find_bad_sequence(std::vector<frame>{f});
      for (const auto& [point, pause] : distinct_splits(f)) {
        std::string description = close ? "close 1000 with reason [" : "one text frame [";
        description += to_hex_spaced(v.data);
        description += "] (" + cls + " vector " + v.name + ") in two TCP writes split " + where_words(point, f, *bad);
        test_case c{(close ? "5.5.1/close-reason/split-write/" : "8.1/split-write/") + std::string(to_string(point)) +
                        "/" + v.name,
                    "",
                    std::move(description),
                    close ? close_reason_rfc
                          : std::string(rfc_for(v)) + ", however TCP splits the frame (§5.2: frames are read from a "
                                                      "byte stream)",
                    {"invalid", "split-write"},
                    {f},
                    {pause}};
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

}  // namespace wsh::cases
