#include "wsh/utf8_validator.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wsh {

namespace {

// A shift-based DFA for strict UTF-8 (RFC 3629 §4), one 64-bit row per byte: the next state of
// state S is bits [S, S+6) of row[byte]. States are multiples of 6; error (0) is sticky. The
// continuation states carry the range RFC 3629 allows next: after E0 only A0..BF (no overlong),
// after ED only 80..9F (no surrogates), after F0 only 90..BF, after F4 only 80..8F (<= U+10FFFF).
enum : std::uint64_t {
  s_error = 0, s_accept = 6, s_cont1 = 12, s_cont2 = 18, s_cont3 = 24, s_e0 = 30, s_ed = 36, s_f0 = 42, s_f4 = 48
};

constexpr std::array<std::uint64_t, 256> make_rows() {
  std::array<std::uint64_t, 256> rows{};
  for (unsigned b = 0; b < 256; ++b) {
    std::uint64_t row = 0;
    auto to = [&](std::uint64_t from, std::uint64_t next) { row |= next << from; };
    if (b < 0x80) to(s_accept, s_accept);
    else if (b >= 0xC2 && b <= 0xDF) to(s_accept, s_cont1);
    else if (b == 0xE0) to(s_accept, s_e0);
    else if (b == 0xED) to(s_accept, s_ed);
    else if (b >= 0xE1 && b <= 0xEF) to(s_accept, s_cont2);
    else if (b == 0xF0) to(s_accept, s_f0);
    else if (b >= 0xF1 && b <= 0xF3) to(s_accept, s_cont3);
    else if (b == 0xF4) to(s_accept, s_f4);
    // 80..BF, C0, C1, F5..FF cannot start a sequence: error.
    if (b >= 0x80 && b <= 0xBF) {
      to(s_cont1, s_accept);
      to(s_cont2, s_cont1);
      to(s_cont3, s_cont2);
    }
    if (b >= 0xA0 && b <= 0xBF) to(s_e0, s_cont1);
    if (b >= 0x80 && b <= 0x9F) to(s_ed, s_cont1);
    if (b >= 0x90 && b <= 0xBF) to(s_f0, s_cont2);
    if (b >= 0x80 && b <= 0x8F) to(s_f4, s_cont2);
    rows[b] = row;
  }
  return rows;
}
constexpr std::array<std::uint64_t, 256> rows = make_rows();

// One step; only the low 6 bits of a state matter (x86 shifts mask the count themselves).
inline std::uint64_t step(std::uint64_t state, std::uint8_t b) { return rows[b] >> (state & 63); }

// The streaming state a DFA state stands for: continuation bytes still due and the range of the next.
struct open_sequence {
  std::uint8_t need, lo, hi;
};
constexpr open_sequence open_after(std::uint64_t state) {
  switch (state & 63) {
    case s_cont1: return {1, 0x80, 0xBF};
    case s_cont2: return {2, 0x80, 0xBF};
    case s_cont3: return {3, 0x80, 0xBF};
    case s_e0: return {2, 0xA0, 0xBF};
    case s_ed: return {2, 0x80, 0x9F};
    case s_f0: return {3, 0x90, 0xBF};
    case s_f4: return {3, 0x80, 0x8F};
    default: return {0, 0x80, 0xBF};
  }
}

inline bool is_continuation(std::uint8_t c) { return (c & 0xC0) == 0x80; }

// Index of the first byte >= 0x80 at or after i (n if none): 16 bytes at a time with SSE2 (in
// 64-byte strides through long ASCII runs), else 8 at a time.
inline std::size_t skip_ascii(const std::uint8_t* p, std::size_t i, std::size_t n) {
  if (i < n && p[i] >= 0x80) return i;
#if defined(__SSE2__)
  while (i + 16 <= n) {
    const int m = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    if (m != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    i += 16;
    while (i + 64 <= n) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
      const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 32));
      const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 48));
      if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0) break;
      i += 64;
    }
  }
#else
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
#endif
  while (i < n && p[i] < 0x80) ++i;
  return i;
}

}  // namespace

bool utf8_validator::feed(byte_view chunk) {
  if (error_offset_) return false;
  const std::uint8_t* p = chunk.data();
  const std::size_t n = chunk.size();
  std::size_t i = 0;
  // The byte at chunk index `at` makes the stream invalid.
  auto fail = [&](std::size_t at) {
    error_offset_ = consumed_ + at;
    consumed_ += at + 1;
    return false;
  };

  // A sequence left open by the previous chunk: byte by byte.
  for (; need_ != 0; ++i) {
    if (i == n) {
      consumed_ += n;
      return true;
    }
    if (p[i] < lo_ || p[i] > hi_) return fail(i);
    lo_ = 0x80;
    hi_ = 0xBF;
    --need_;
  }

  // The lead byte of the sequence holding chunk index `at` (sequences here start in this chunk).
  auto lead_before = [&](std::size_t at) {
    while (at > 0 && is_continuation(p[at])) --at;
    return at;
  };
  // The DFA went to error in the block starting at `from`: find the byte, as byte-wise rules would.
  auto locate = [&](std::size_t from, std::uint64_t state) {
    for (;; ++from) {
      const std::uint64_t next = step(state, p[from]);
      if ((next & 63) == s_error) {
        seq_start_ = consumed_ + ((state & 63) == s_accept ? from : lead_before(from - 1));
        const open_sequence o = open_after(state);  // as it stood before the bad byte
        need_ = o.need;
        lo_ = o.lo;
        hi_ = o.hi;
        return fail(from);
      }
      state = next;
    }
  };
  // The rest through the DFA, 16 bytes between error checks; ASCII runs skipped in blocks
  // whenever no sequence is open.
  std::uint64_t state = s_accept;
  while (i < n) {
    if ((state & 63) == s_accept) {
      i = skip_ascii(p, i, n);
      if (i == n) break;
    }
    const std::uint64_t before = state;
    const std::size_t from = i;
    if (i + 16 <= n) {
      for (std::size_t k = 0; k < 16; ++k) state = step(state, p[i + k]);
      i += 16;
    } else {
      for (; i < n; ++i) state = step(state, p[i]);
    }
    if ((state & 63) == s_error) return locate(from, before);
  }
  if ((state & 63) != s_accept) {  // a sequence runs past the end of the chunk
    const open_sequence o = open_after(state);
    need_ = o.need;
    lo_ = o.lo;
    hi_ = o.hi;
    seq_start_ = consumed_ + lead_before(n - 1);
  }
  consumed_ += n;
  return true;
}

bool utf8_validator::finish() {
  if (error_offset_) return false;
  if (need_ != 0) {
    error_offset_ = consumed_;
    return false;
  }
  return true;
}

bool is_valid_utf8(byte_view b) {
  utf8_validator v;
  return v.feed(b) && v.finish();
}

std::optional<std::size_t> first_invalid_offset(byte_view b) {
  utf8_validator v;
  if (v.feed(b) && v.finish()) return std::nullopt;
  return v.error_offset();
}

std::optional<utf8_span> first_invalid_sequence(byte_view b) {
  utf8_validator v;
  if (v.feed(b) && v.finish()) return std::nullopt;
  const std::size_t bad = *v.error_offset();
  return utf8_span{v.sequence_start(), std::min(b.size(), bad + 1)};
}

}  // namespace wsh
