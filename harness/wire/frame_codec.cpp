#include "wsh/frame_codec.hpp"

#include <algorithm>

namespace wsh {

namespace {
length_form minimal_form(std::size_t n) {
  return n <= 125 ? length_form::bits7 : n <= 0xFFFF ? length_form::bits16 : length_form::bits64;
}

// A forced form too small for the payload cannot be written; the smallest that fits is used.
length_form effective_form(length_form form, std::size_t payload_size) {
  const length_form minimal = minimal_form(payload_size);
  return form > minimal ? form : minimal;
}
}  // namespace

std::size_t header_size(length_form form, std::size_t payload_size, bool masked) {
  std::size_t n = 2;
  switch (effective_form(form, payload_size)) {
    case length_form::bits16: n += 2; break;
    case length_form::bits64: n += 8; break;
    default: break;
  }
  return n + (masked ? 4 : 0);
}

std::size_t header_size(const frame& f) { return header_size(f.length, f.payload.size(), f.mask.has_value()); }

bytes encode(const frame& f) {
  bytes out;
  out.reserve(header_size(f) + f.payload.size());
  out.push_back(static_cast<std::uint8_t>((f.fin ? 0x80 : 0) | (f.rsv1 ? 0x40 : 0) | (f.rsv2 ? 0x20 : 0) |
                                          (f.rsv3 ? 0x10 : 0) | (f.opcode & 0x0F)));
  const std::uint8_t mask_bit = f.mask ? 0x80 : 0;
  const std::uint64_t len = f.payload.size();
  switch (effective_form(f.length, f.payload.size())) {
    case length_form::bits16:
      out.push_back(mask_bit | 126);
      out.push_back(static_cast<std::uint8_t>(len >> 8));
      out.push_back(static_cast<std::uint8_t>(len));
      break;
    case length_form::bits64:
      out.push_back(mask_bit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(len >> shift));
      break;
    default:
      out.push_back(static_cast<std::uint8_t>(mask_bit | len));
      break;
  }
  if (f.mask) {
    out.insert(out.end(), f.mask->begin(), f.mask->end());
    for (std::size_t i = 0; i < f.payload.size(); ++i) out.push_back(f.payload[i] ^ (*f.mask)[i & 3]);
  } else {
    out.insert(out.end(), f.payload.begin(), f.payload.end());
  }
  return out;
}

namespace {

// The header at the start of `wire`: its size (mask key included), the payload length, whether
// masked; `frame` only when the whole frame is there.
struct frame_header {
  std::size_t size = 2;
  std::uint64_t payload = 0;
  bool masked = false;
};

frame_parser::status parse_header(byte_view wire, std::uint64_t max_payload, frame_header& h, std::string& error) {
  const std::size_t avail = wire.size();
  const std::uint8_t* p = wire.data();
  if (avail < 2) return frame_parser::status::need_more;
  h.size = 2;
  h.payload = p[1] & 0x7F;
  h.masked = (p[1] & 0x80) != 0;
  if (h.payload == 126) {
    h.size += 2;
    if (avail < h.size) return frame_parser::status::need_more;
    h.payload = (std::uint64_t{p[2]} << 8) | p[3];
  } else if (h.payload == 127) {
    h.size += 8;
    if (avail < h.size) return frame_parser::status::need_more;
    h.payload = 0;
    for (int i = 0; i < 8; ++i) h.payload = (h.payload << 8) | p[2 + i];
    if (h.payload >> 63) {
      error = "64-bit payload length has its most significant bit set";
      return frame_parser::status::error;
    }
  }
  if (h.payload > max_payload) {
    error = "frame announces " + std::to_string(h.payload) + " payload bytes, above the cap of " +
            std::to_string(max_payload);
    return frame_parser::status::error;
  }
  if (h.masked) h.size += 4;
  if (avail < h.size + h.payload) return frame_parser::status::need_more;
  return frame_parser::status::frame;
}

// The wire's length form from the header size (mask key excluded), as a frame field.
length_form form_of(std::size_t length_header, std::size_t payload_size) {
  const length_form wire = length_header == 2 ? length_form::bits7
                           : length_header == 4 ? length_form::bits16
                                                : length_form::bits64;
  return wire == minimal_form(payload_size) ? length_form::minimal : wire;
}

}  // namespace

frame_parser::status parse_frame(byte_view wire, std::uint64_t max_payload, parsed_frame& out, std::string& error) {
  frame_header h;
  const frame_parser::status st = parse_header(wire, max_payload, h, error);
  if (st != frame_parser::status::frame) return st;
  const std::uint8_t* p = wire.data();
  out.fin = (p[0] & 0x80) != 0;
  out.rsv1 = (p[0] & 0x40) != 0;
  out.rsv2 = (p[0] & 0x20) != 0;
  out.rsv3 = (p[0] & 0x10) != 0;
  out.opcode = p[0] & 0x0F;
  out.masked = h.masked;
  out.length = form_of(h.size - (h.masked ? 4 : 0), static_cast<std::size_t>(h.payload));
  out.payload.assign(p + h.size, p + h.size + h.payload);
  if (h.masked) {
    const std::uint8_t* key = p + h.size - 4;
    for (std::size_t i = 0; i < h.payload; ++i) out.payload[i] ^= key[i & 3];
  }
  out.wire_size = h.size + h.payload;
  return frame_parser::status::frame;
}

void frame_parser::feed(const std::uint8_t* data, std::size_t n) {
  keep();
  buf_.insert(buf_.end(), data, data + n);
}

void frame_parser::lend(byte_view b) {
  if (buffered() || b.empty()) return feed(b);
  buf_.clear();
  pos_ = 0;
  lent_ = b;
}

void frame_parser::keep() {
  if (!lent_.data()) return;
  buf_.assign(lent_.begin(), lent_.end());
  pos_ = 0;
  lent_ = {};
}

frame_parser::status frame_parser::next(parsed_frame& out) {
  if (!error_.empty()) return status::error;
  const status st = parse_frame(unread(), max_payload_, out, error_);
  if (st != status::frame) return st;
  if (lent_.data()) {
    lent_ = lent_.subspan(out.wire_size);
    if (lent_.empty()) lent_ = {};  // all read: nothing to keep
    return status::frame;
  }
  pos_ += out.wire_size;
  // Compact once the consumed prefix dominates, keeping feed() amortised O(n).
  if (pos_ > 4096 && pos_ * 2 > buf_.size()) {
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
  }
  return status::frame;
}

namespace {

// The one decoding loop: complete frames from the start of `wire`, each handed to
// on_frame(frame&&, offset, header size) in order; returns the bytes they cover. Straight from
// `wire`: no parser buffer holding a copy of it (this runs on every fuzz input), and the frames
// counted from their headers first, so `reserve(count)` allocates once.
template <class Reserve, class OnFrame>
std::size_t decode_each(byte_view wire, std::uint64_t max_payload, std::string& error, Reserve reserve,
                        OnFrame on_frame) {
  std::size_t count = 0;
  std::string ignored;
  frame_header h;
  for (std::size_t at = 0; parse_header(wire.subspan(at), max_payload, h, ignored) == frame_parser::status::frame;
       at += h.size + h.payload)
    ++count;
  reserve(count);
  std::size_t consumed = 0;
  parsed_frame p;
  while (parse_frame(wire.subspan(consumed), max_payload, p, error) == frame_parser::status::frame) {
    const std::size_t header = p.wire_size - p.payload.size();
    std::optional<mask_key> mask;
    if (p.masked) {
      mask_key key;
      std::copy_n(wire.begin() + static_cast<std::ptrdiff_t>(consumed + header - 4), 4, key.begin());
      mask = key;
    }
    frame f{.fin = p.fin, .rsv1 = p.rsv1, .rsv2 = p.rsv2, .rsv3 = p.rsv3, .opcode = p.opcode, .mask = mask,
            .length = p.length, .payload = std::move(p.payload)};
    on_frame(std::move(f), consumed, header);
    consumed += p.wire_size;
  }
  return consumed;
}

}  // namespace

decoded_stream decode_frames(byte_view wire, std::uint64_t max_payload) {
  decoded_stream out;
  out.consumed = decode_each(
      wire, max_payload, out.error, [&](std::size_t n) { out.frames.reserve(n); },
      [&](frame&& f, std::size_t offset, std::size_t header) {
        out.frames.push_back({.f = std::move(f), .offset = offset, .header_size = header});
      });
  return out;
}

std::size_t decode_frames(byte_view wire, std::uint64_t max_payload, std::vector<frame>& out, std::string& error) {
  return decode_each(
      wire, max_payload, error, [&](std::size_t n) { out.reserve(out.size() + n); },
      [&](frame&& f, std::size_t, std::size_t) { out.push_back(std::move(f)); });
}

}  // namespace wsh
