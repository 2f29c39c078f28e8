// Wire encoding of client frames and incremental parsing of received frames (RFC 6455 §5.2).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "wsh/bytes.hpp"
#include "wsh/frame.hpp"

namespace wsh {

// Byte-exact encoding of a frame: header, optional mask, masked payload.
bytes encode(const frame& f);
// Size of the header (including mask key) that encode() writes for this frame.
std::size_t header_size(const frame& f);
// The same from the fields that decide it (a forced form too small for the payload counts as
// the smallest that fits, as encode() writes it).
std::size_t header_size(length_form form, std::size_t payload_size, bool masked);

// A frame as read from the wire; payload already unmasked.
struct parsed_frame {
  bool fin = true;
  bool rsv1 = false, rsv2 = false, rsv3 = false;
  std::uint8_t opcode = 0;
  bool masked = false;
  length_form length = length_form::minimal;  // the wire's length form: `minimal` when it used the shortest one
  bytes payload;
  std::size_t wire_size = 0;
};

// Feed bytes as they arrive (any split); pull whole frames out. Caps payload size so a
// hostile peer announcing 2^63 bytes cannot make us allocate it.
class frame_parser {
 public:
  enum class status { need_more, frame, error };

  explicit frame_parser(std::uint64_t max_payload = 64ull << 20) : max_payload_(max_payload) {}

  void feed(const std::uint8_t* data, std::size_t n);
  void feed(byte_view b) { feed(b.data(), b.size()); }
  // Parses `b` where it lies, without copying it, until keep(): for a reader that drains the
  // parser before its buffer changes (the session: a read, its frames, the next read). With
  // bytes already buffered it is feed(b).
  void lend(byte_view b);
  // Copies what is left of a lent buffer, which may go away now.
  void keep();
  status next(parsed_frame& out);
  const std::string& error() const { return error_; }
  std::size_t buffered() const { return unread().size(); }

 private:
  byte_view unread() const { return lent_.data() ? lent_ : byte_view(buf_).subspan(pos_); }

  std::uint64_t max_payload_;
  bytes buf_;
  std::size_t pos_ = 0;
  byte_view lent_;  // the unread rest of a lent buffer (data() null: none lent)
  std::string error_;
};

// Parses the one frame at the start of `wire`: `frame` (out filled, out.wire_size bytes used),
// `need_more`, or `error` (then `error` says why). What frame_parser does on its buffer.
frame_parser::status parse_frame(byte_view wire, std::uint64_t max_payload, parsed_frame& out, std::string& error);

// A frame decoded from a wire stream with everything needed to re-encode it byte for byte:
// the mask key found on the wire (nullopt if unmasked) and the length form (`minimal` when the
// wire used the shortest one). `offset` is where the frame starts in the stream.
struct wire_frame {
  frame f;
  std::size_t offset = 0;
  std::size_t header_size = 0;  // including the mask key
  std::size_t wire_size() const { return header_size + f.payload.size(); }
};

struct decoded_stream {
  std::vector<wire_frame> frames;  // every complete frame, in order
  std::size_t consumed = 0;        // bytes those frames cover
  std::string error;               // why decoding stopped before the end (empty: a partial frame or none)
};

// Decodes complete frames from the start of `wire` until the end, a partial frame, or a header
// the parser rejects (then `error` says why).
decoded_stream decode_frames(byte_view wire, std::uint64_t max_payload = 64ull << 20);
// The same frames without their places, appended to `out`; returns the bytes they cover, and
// `error` says why decoding stopped early (decode_wire_input's: one vector per fuzz input).
std::size_t decode_frames(byte_view wire, std::uint64_t max_payload, std::vector<frame>& out, std::string& error);

}  // namespace wsh
