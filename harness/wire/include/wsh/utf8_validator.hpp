// Streaming strict UTF-8 validation (RFC 3629 §3-4): what RFC 6455 §8.1 asks of a text message.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>

#include "wsh/bytes.hpp"

namespace wsh {

// Rejects C0/C1, F5..FF, overlong forms, surrogates (U+D800..U+DFFF) and code points above
// U+10FFFF as soon as the offending byte arrives; finish() rejects a stream ending mid-sequence.
// State carries across feed() calls, so fragments can be fed one by one.
class utf8_validator {
 public:
  // Returns false once the stream is invalid (and stays false).
  bool feed(byte_view chunk);
  // End of message: false if invalid or a sequence is unfinished.
  bool finish();
  void reset() { *this = utf8_validator{}; }

  bool ok() const { return !error_offset_; }
  // True when no multi-byte sequence is open.
  bool at_boundary() const { return need_ == 0; }
  std::size_t consumed() const { return consumed_; }
  // Offset (from the first byte fed) of the byte that made the prefix invalid; for a message
  // that ends mid-sequence, the end of the message.
  std::optional<std::size_t> error_offset() const { return error_offset_; }
  // Offset where the sequence containing the error started.
  std::size_t sequence_start() const { return seq_start_; }

 private:
  std::size_t consumed_ = 0;
  std::size_t seq_start_ = 0;
  std::optional<std::size_t> error_offset_;
  std::uint8_t need_ = 0;   // continuation bytes still expected
  std::uint8_t lo_ = 0x80;  // allowed range for the next continuation byte
  std::uint8_t hi_ = 0xBF;
};

// Whole-buffer convenience.
bool is_valid_utf8(byte_view b);
// Offset of the first invalidating byte of a complete message, or nullopt when valid.
std::optional<std::size_t> first_invalid_offset(byte_view b);

// The bytes of a complete message that make it invalid: from the lead byte of the sequence that
// holds the first invalid byte through that byte ([start, end), end exclusive); for a message
// that ends mid-sequence, the open sequence through the end. "ab ED A0 80" -> [2, 4) (ED A0),
// "ab 80 cd" -> [2, 3), "ab E2 82" -> [2, 4). nullopt when valid.
struct utf8_span {
  std::size_t start = 0;
  std::size_t end = 0;
};
std::optional<utf8_span> first_invalid_sequence(byte_view b);

}  // namespace wsh
