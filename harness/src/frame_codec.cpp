#include "wsh/frame_codec.hpp"

namespace wsh {

namespace {
length_form effective_form(const frame& f) {
  const std::size_t n = f.payload.size();
  const length_form minimal = n <= 125 ? length_form::bits7 : n <= 0xFFFF ? length_form::bits16 : length_form::bits64;
  // A forced form too small for the payload cannot be written; the smallest that fits is used.
  return f.length > minimal ? f.length : minimal;
}
}  // namespace

std::size_t header_size(const frame& f) {
  std::size_t n = 2;
  switch (effective_form(f)) {
    case length_form::bits16: n += 2; break;
    case length_form::bits64: n += 8; break;
    default: break;
  }
  return n + (f.mask ? 4 : 0);
}

bytes encode(const frame& f) {
  bytes out;
  out.reserve(header_size(f) + f.payload.size());
  out.push_back(static_cast<std::uint8_t>((f.fin ? 0x80 : 0) | (f.rsv1 ? 0x40 : 0) | (f.rsv2 ? 0x20 : 0) |
                                          (f.rsv3 ? 0x10 : 0) | (f.opcode & 0x0F)));
  const std::uint8_t mask_bit = f.mask ? 0x80 : 0;
  const std::uint64_t len = f.payload.size();
  switch (effective_form(f)) {
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

frame_parser::status frame_parser::next(parsed_frame& out) {
  if (!error_.empty()) return status::error;
  const std::size_t avail = buf_.size() - pos_;
  const std::uint8_t* p = buf_.data() + pos_;
  if (avail < 2) return status::need_more;
  std::size_t hdr = 2;
  std::uint64_t len = p[1] & 0x7F;
  const bool masked = (p[1] & 0x80) != 0;
  if (len == 126) {
    hdr += 2;
    if (avail < hdr) return status::need_more;
    len = (std::uint64_t{p[2]} << 8) | p[3];
  } else if (len == 127) {
    hdr += 8;
    if (avail < hdr) return status::need_more;
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
    if (len >> 63) {
      error_ = "64-bit payload length has its most significant bit set";
      return status::error;
    }
  }
  if (len > max_payload_) {
    error_ = "frame announces " + std::to_string(len) + " payload bytes, above the cap of " +
             std::to_string(max_payload_);
    return status::error;
  }
  const std::size_t mask_at = hdr;
  if (masked) hdr += 4;
  if (avail < hdr + len) return status::need_more;

  out.fin = (p[0] & 0x80) != 0;
  out.rsv1 = (p[0] & 0x40) != 0;
  out.rsv2 = (p[0] & 0x20) != 0;
  out.rsv3 = (p[0] & 0x10) != 0;
  out.opcode = p[0] & 0x0F;
  out.masked = masked;
  out.payload.assign(p + hdr, p + hdr + len);
  if (masked)
    for (std::size_t i = 0; i < len; ++i) out.payload[i] ^= p[mask_at + (i & 3)];
  out.wire_size = hdr + len;
  pos_ += hdr + len;
  // Compact once the consumed prefix dominates, keeping feed() amortised O(n).
  if (pos_ > 4096 && pos_ * 2 > buf_.size()) {
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
  }
  return status::frame;
}

}  // namespace wsh
