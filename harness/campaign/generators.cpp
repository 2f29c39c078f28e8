#include "wsh/generators.hpp"

#include <algorithm>
#include <utility>

#include <rapidcheck.h>

#include "wsh/failure_key.hpp"
#include "wsh/utf8_vectors.hpp"

namespace wsh::gen {

namespace {

// This RapidCheck snapshot's gen::oneOf/element/weightedElement never shrink their choice, so
// every choice here is an index that shrinks toward 0: option 0 is always the simplest.
rc::Gen<std::size_t> pick(std::vector<unsigned> weights) {
  return [weights](const rc::Random& random, int) {
    unsigned total = 0;
    for (unsigned w : weights) total += w;
    unsigned x = static_cast<unsigned>(rc::Random(random).next() % total);
    std::size_t i = 0;
    while (x >= weights[i]) x -= weights[i++];
    return rc::shrinkable::shrinkRecur(i, [](std::size_t v) { return rc::seq::range<std::size_t>(0, v); });
  };
}

template <class T>
rc::Gen<T> weighted(std::vector<std::pair<unsigned, rc::Gen<T>>> options) {
  std::vector<unsigned> weights;
  std::vector<rc::Gen<T>> gens;
  for (auto& [w, g] : options) {
    weights.push_back(w);
    gens.push_back(std::move(g));
  }
  return rc::gen::mapcat(pick(weights), [gens](std::size_t i) { return gens[i]; });
}

// Uniform in [lo, hi] whatever the size (RapidCheck scales ranges with it), shrinking toward lo.
template <class T>
rc::Gen<T> between(T lo, T hi) {
  return rc::gen::resize(100, rc::gen::inRange<T>(lo, static_cast<T>(hi + 1)));
}

rc::Gen<std::uint8_t> byte_in(unsigned lo, unsigned hi) {
  return rc::gen::map(between<unsigned>(lo, hi), [](unsigned b) { return static_cast<std::uint8_t>(b); });
}
rc::Gen<std::uint8_t> continuation_byte() { return byte_in(0x80, 0xBF); }

// Runs `g` at `factor` of the nominal size, so nested containers stay short.
template <class T>
rc::Gen<T> scaled(double factor, rc::Gen<T> g) {
  return rc::gen::withSize([factor, g](int size) {
    return rc::gen::resize(static_cast<int>(std::min(size, 100) * factor), g);
  });
}

bytes encode_utf8(std::uint32_t cp) {
  auto b = [](std::uint32_t v) { return static_cast<std::uint8_t>(v); };
  if (cp < 0x80) return {b(cp)};
  if (cp < 0x800) return {b(0xC0 | cp >> 6), b(0x80 | (cp & 0x3F))};
  if (cp < 0x10000) return {b(0xE0 | cp >> 12), b(0x80 | (cp >> 6 & 0x3F)), b(0x80 | (cp & 0x3F))};
  return {b(0xF0 | cp >> 18), b(0x80 | (cp >> 12 & 0x3F)), b(0x80 | (cp >> 6 & 0x3F)), b(0x80 | (cp & 0x3F))};
}

// Rows of the one vector table whose first defect is of class `c`, so generated text also
// carries the stress-test vectors verbatim. The class is what wsh::defect_class() says of the
// row between two ASCII letters: the same names the campaign's failure keys use.
std::vector<bytes> table_rows(corruption c) {
  std::vector<bytes> rows;
  for (const auto& v : utf8_vectors()) {
    if (v.valid) continue;
    const bytes in_text = concat({to_bytes("a"), v.data, to_bytes("b")});
    if (defect_class(in_text) == to_string(c)) rows.push_back(v.data);
  }
  return rows;
}

rc::Gen<bytes> element_of(std::vector<bytes> rows) {
  const std::size_t n = rows.size();
  return rc::gen::map(between<std::size_t>(0, n - 1), [rows](std::size_t i) { return rows[i]; });
}

// The generated form of each corruption (the table supplies the rest).
rc::Gen<bytes> pattern(corruption c) {
  switch (c) {
    case corruption::lone_continuation:
      return rc::gen::map(continuation_byte(), [](std::uint8_t b) { return bytes{b}; });
    case corruption::truncated:
      return rc::gen::exec([] {
        const int len = *between(2, 4);
        const std::uint32_t lo = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        const std::uint32_t hi = len == 2 ? 0x7FF : len == 3 ? 0xF7FF : 0x10FFFF;
        std::uint32_t cp = *between(lo, hi);
        if (len == 3 && cp >= 0xD800) cp += 0x800;  // skip the surrogates: ED A0 would be one
        bytes b = encode_utf8(cp);
        b.resize(static_cast<std::size_t>(*between(1, len - 1)));
        return b;
      });
    case corruption::overlong:  // the 2-byte forms start with C0/C1: see c0_c1
      return rc::gen::exec([] {
        if (*between(0, 1) == 0) return bytes{0xE0, *byte_in(0x80, 0x9F), *continuation_byte()};
        return bytes{0xF0, *byte_in(0x80, 0x8F), *continuation_byte(), *continuation_byte()};
      });
    case corruption::surrogate:
      return rc::gen::exec([] { return bytes{0xED, *byte_in(0xA0, 0xBF), *continuation_byte()}; });
    case corruption::above_max:
      return rc::gen::exec([] {
        if (*between(0, 1) == 0)
          return bytes{0xF4, *byte_in(0x90, 0xBF), *continuation_byte(), *continuation_byte()};
        return bytes{*byte_in(0xF5, 0xF7), *continuation_byte(), *continuation_byte(), *continuation_byte()};
      });
    case corruption::invalid_byte:  // F5..F7 would start a code point above U+10FFFF: see above_max
      return rc::gen::map(byte_in(0xF8, 0xFF), [](std::uint8_t b) { return bytes{b}; });
    case corruption::c0_c1:  // alone, or as the lead of an overlong 2-byte form
      return rc::gen::exec([] {
        bytes b{*byte_in(0xC0, 0xC1)};
        if (*between(0, 1) == 1) b.push_back(*continuation_byte());
        return b;
      });
  }
  return rc::gen::just(bytes{0x80});
}

// Bytes through between(), not rc::gen::arbitrary: its bit stream shifts out of range at sizes
// above 100 in this snapshot (see tests/CMakeLists.txt), and --max-size may go higher.
rc::Gen<std::uint8_t> any_byte() { return byte_in(0x00, 0xFF); }
rc::Gen<bytes> any_bytes() { return rc::gen::container<bytes>(any_byte()); }

// Prepends valid multi-byte filler so the message's frames need 16- or 64-bit lengths. The
// length is varied through the payload size, never by forcing a non-minimal length form: §5.2
// says the minimal form MUST be used, and some servers (websocketpp) fail the rest with 1002.
rc::Gen<bytes> padded(bytes payload) {
  return rc::gen::exec([payload] {
    const std::size_t choice = *pick({12, 3, 1});
    if (choice == 0) return payload;
    const std::size_t target = choice == 1 ? *between<std::size_t>(126, 400) : *between<std::size_t>(65536, 65700);
    static const bytes unit = to_bytes("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");  // a é € 😀
    bytes out;
    while (out.size() + unit.size() + payload.size() <= target) out.insert(out.end(), unit.begin(), unit.end());
    while (out.size() + payload.size() < target) out.push_back('a');
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
  });
}

}  // namespace

const std::vector<char32_t>& edge_code_points() {
  static const std::vector<char32_t> edges{
      0x7F,   0x80,   0x7FF,  0x800,   0xFFFF,   0x10000, 0x10FFFF, 0xD7FF, 0xE000,
      0xFFFD, 0xFEFF, 0xFFFE, 0xFDD0,  0xFDEF,   0x1FFFE, 0x10FFFE, 0x0,    0x20AC,
  };
  return edges;
}

rc::Gen<char32_t> code_point() {
  const auto& edges = edge_code_points();
  auto as_char = [](std::uint32_t v) { return static_cast<char32_t>(v); };
  return weighted<char32_t>({
      {30, rc::gen::map(between<std::uint32_t>('a', 'z'), as_char)},
      {8, rc::gen::map(between<std::uint32_t>(0, 0x7F), as_char)},
      {25, rc::gen::map(between<std::size_t>(0, edges.size() - 1), [edges](std::size_t i) { return edges[i]; })},
      {12, rc::gen::map(between<std::uint32_t>(0x80, 0x7FF), as_char)},
      // 0x800..0xFFFF without the surrogates D800..DFFF
      {12, rc::gen::map(between<std::uint32_t>(0x800, 0xF7FF),
                        [](std::uint32_t v) { return static_cast<char32_t>(v < 0xD800 ? v : v + 0x800); })},
      {13, rc::gen::map(between<std::uint32_t>(0x10000, 0x10FFFF), as_char)},
  });
}

rc::Gen<bytes> valid_utf8() {
  return rc::gen::map(rc::gen::container<std::vector<char32_t>>(code_point()), [](const std::vector<char32_t>& cps) {
    bytes out;
    for (char32_t cp : cps) {
      const bytes b = encode_utf8(static_cast<std::uint32_t>(cp));
      out.insert(out.end(), b.begin(), b.end());
    }
    return out;
  });
}

const char* to_string(corruption c) {
  switch (c) {
    case corruption::lone_continuation: return "lone-continuation";
    case corruption::truncated: return "truncated";
    case corruption::overlong: return "overlong";
    case corruption::surrogate: return "surrogate";
    case corruption::above_max: return "above-max";
    case corruption::invalid_byte: return "invalid-byte";
    case corruption::c0_c1: return "c0-c1";
  }
  return "?";
}

rc::Gen<corruption> corruption_kind() {
  return rc::gen::map(between(0, corruption_count - 1), [](int i) { return static_cast<corruption>(i); });
}

rc::Gen<bytes> corruption_bytes(corruption c) {
  return weighted<bytes>({{3, pattern(c)}, {1, element_of(table_rows(c))}});
}

rc::Gen<bytes> invalid_utf8() {
  return rc::gen::exec([] {
    bytes text = *valid_utf8();
    const bytes bad = *corruption_bytes(*corruption_kind());
    // Anywhere, with the ends favoured: a defect at the very end of a message is what end-of-
    // message checks (and their bugs) are about.
    const std::size_t where = *pick({1, 3, 2});
    const std::size_t at = where == 0 ? 0 : where == 2 ? text.size() : *between<std::size_t>(0, text.size());
    text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), bad.begin(), bad.end());
    return text;
  });
}

rc::Gen<frame> control_frame() {
  return rc::gen::exec([] {
    frame f;
    f.opcode = *pick({3, 1}) == 0 ? op::ping : op::pong;
    f.payload = *scaled(0.2, any_bytes());
    return f;
  });
}

rc::Gen<std::vector<frame>> fragmented(std::uint8_t opcode, bytes payload, bool finished) {
  return rc::gen::exec([opcode, payload, finished] {
    const std::size_t len = payload.size();
    std::vector<std::size_t> cuts;
    if (*pick({2, 3}) == 1)
      cuts = *scaled(0.06, rc::gen::container<std::vector<std::size_t>>(between<std::size_t>(0, len)));
    std::sort(cuts.begin(), cuts.end());
    // Control frames go before fragment `at` (at == fragment count: after the last one).
    std::vector<std::pair<std::size_t, frame>> controls;
    if (*pick({3, 2}) == 1)
      controls = *scaled(0.02, rc::gen::container<std::vector<std::pair<std::size_t, frame>>>(
                                   rc::gen::pair(between<std::size_t>(0, cuts.size() + 1), control_frame())));
    std::stable_sort(controls.begin(), controls.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    std::vector<frame> out;
    auto next_control = controls.begin();
    auto controls_before = [&](std::size_t k) {
      for (; next_control != controls.end() && next_control->first <= k; ++next_control) out.push_back(next_control->second);
    };
    std::size_t from = 0;
    for (std::size_t k = 0; k <= cuts.size(); ++k) {
      controls_before(k);
      const std::size_t to = k < cuts.size() ? cuts[k] : len;
      frame f;
      f.opcode = k == 0 ? opcode : op::continuation;
      f.fin = k == cuts.size() && finished;
      f.payload.assign(payload.begin() + static_cast<std::ptrdiff_t>(from), payload.begin() + static_cast<std::ptrdiff_t>(to));
      out.push_back(std::move(f));
      from = to;
    }
    controls_before(cuts.size() + 1);
    return out;
  });
}

rc::Gen<std::vector<frame>> message(const endpoint_policy& policy, bool finished) {
  const unsigned binary_weight = policy.text_only ? 6 : 20;
  return rc::gen::exec([binary_weight, finished] {
    const std::size_t kind = *pick({45, 35, binary_weight});
    bytes payload = kind == 0 ? *valid_utf8() : kind == 1 ? *invalid_utf8() : *any_bytes();
    payload = *padded(std::move(payload));
    return *fragmented(kind == 2 ? op::binary : op::text, std::move(payload), finished);
  });
}

rc::Gen<frame> client_close() {
  static const std::vector<std::uint16_t> codes{1000, 1001, 1003, 1007, 1008, 1011, 3000, 4999};
  return rc::gen::exec([] {
    const std::uint16_t code = codes[*between<std::size_t>(0, codes.size() - 1)];
    bytes reason;
    switch (*pick({3, 4, 4})) {
      case 1: reason = *scaled(0.3, valid_utf8()); break;
      case 2: reason = *scaled(0.3, invalid_utf8()); break;
      default: break;
    }
    if (reason.size() > 123) reason.resize(123);  // a control frame carries at most 125 bytes
    return close_frame(code, reason);
  });
}

rc::Gen<split_point> split_point_kind() {
  return rc::gen::map(between(0, split_point_count - 1), [](int i) { return static_cast<split_point>(i); });
}

rc::Gen<frame> wire_variant(frame f) {
  return rc::gen::exec([f] {
    frame out = f;
    switch (*pick({6, 3, 1})) {
      case 1: {
        mask_key k;
        for (auto& b : k) b = *any_byte();
        out.mask = k;
        break;
      }
      case 2: out.mask = mask_key{0, 0, 0, 0}; break;  // masking with zeros: the payload is sent in clear
      default: break;
    }
    return out;
  });
}

rc::Gen<test_case> connection(const connection_options& opt) {
  // No messages and no close would send nothing: such draws are redrawn (and never shrunk to).
  return rc::gen::suchThat(rc::gen::withSize([opt](int size) {
    const int most = std::max(1, std::min(size, 100) * opt.max_messages / 100);
    return rc::gen::exec([opt, size, most] {
      // The last message may stay open; one drawn as unfinished earlier would be a framing error.
      const bool last_finished = *pick({4, 1}) == 0;
      // Drawn before the messages, so shrinking them keeps these choices (RapidCheck draws what
      // follows a shrunk value afresh): none, a pause anywhere, a write split at a boundary.
      const std::size_t cut = *pick({14, 3, 3});
      const split_point point = *split_point_kind();
      const int split_ms = *between(1, 10);
      auto one = rc::gen::resize(size, message(opt.policy));
      auto msgs = *rc::gen::resize(most, rc::gen::container<std::vector<std::vector<frame>>>(one));
      if (!last_finished && !msgs.empty()) {
        for (auto f = msgs.back().rbegin(); f != msgs.back().rend(); ++f)
          if (!is_control(f->opcode)) {
            f->fin = false;
            break;
          }
      }

      test_case c;
      c.id = "fuzz/sequence";
      c.tags = {"fuzz"};
      for (auto& m : msgs)
        for (auto& f : m) c.frames.push_back(std::move(f));
      const bool closes = *pick({3, 2}) == 1;
      if (closes) c.frames.push_back(*rc::gen::resize(size, client_close()));
      for (auto& f : c.frames) f = *wire_variant(f);

      // Sometimes one short pause: the stream goes out in two TCP writes, maybe inside a frame;
      // or one write split at a boundary of the first bad sequence or inside its frame's header
      // (computed from the frames, so it follows them as they shrink).
      if (cut == 2) {
        if (auto p = split_pause(c.frames, point, split_ms)) c.pauses.push_back(*p);
      }
      if (cut == 1 && (c.frames.size() > 1 || (c.frames.size() == 1 && c.frames[0].payload.size() > 1))) {
        send_pause p;
        p.frame_index = *between<std::size_t>(0, c.frames.size() - 1);
        const std::size_t n = c.frames[p.frame_index].payload.size();
        if (n > 1 && *pick({1, 1}) == 1) p.payload_bytes = *between<std::size_t>(1, n - 1);
        p.ms = *between(1, 10);
        if (p.frame_index + 1 < c.frames.size() || p.payload_bytes < n) c.pauses.push_back(p);
      }
      c.description = std::to_string(msgs.size()) + " message(s) in " + std::to_string(c.frames.size()) + " frame(s)" +
                      (closes ? ", then a client close" : "") + (last_finished ? "" : ", the last message left open") +
                      (c.pauses.empty() ? "" : c.pauses[0].fail_fast_probe ? ", one pause" : ", one write split");
      return c;
    });
  }), [](const test_case& c) { return !c.frames.empty(); });
}

}  // namespace wsh::gen
