#include "wsh/utf8_validator.hpp"

#include <cstring>

namespace wsh {

bool utf8_validator::feed(byte_view chunk) {
  if (error_offset_) return false;
  const std::uint8_t* p = chunk.data();
  const std::size_t n = chunk.size();
  std::size_t i = 0;
  while (i < n) {
    if (need_ == 0) {
      // ASCII fast path: 8 bytes at a time while no high bit is set.
      while (i + 8 <= n) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull) break;
        i += 8;
      }
      if (i >= n) break;
      const std::uint8_t c = p[i];
      const std::size_t here = consumed_ + i;
      ++i;
      if (c < 0x80) continue;
      seq_start_ = here;
      lo_ = 0x80;
      hi_ = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need_ = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need_ = 2;
        if (c == 0xE0) lo_ = 0xA0;  // overlong 3-byte
        if (c == 0xED) hi_ = 0x9F;  // surrogates
      } else if (c >= 0xF0 && c <= 0xF4) {
        need_ = 3;
        if (c == 0xF0) lo_ = 0x90;  // overlong 4-byte
        if (c == 0xF4) hi_ = 0x8F;  // above U+10FFFF
      } else {
        // 80..BF lone continuation, C0/C1 overlong, F5..FF never valid.
        error_offset_ = here;
        consumed_ += i;
        return false;
      }
    } else {
      const std::uint8_t c = p[i];
      if (c < lo_ || c > hi_) {
        error_offset_ = consumed_ + i;
        consumed_ += i + 1;
        return false;
      }
      ++i;
      lo_ = 0x80;
      hi_ = 0xBF;
      --need_;
    }
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

}  // namespace wsh
