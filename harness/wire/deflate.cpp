#include "wsh/deflate.hpp"

#include <stdexcept>
#include <zlib.h>

namespace wsh {

bytes deflate_message(byte_view plain) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  bytes out(deflateBound(&z, plain.size()) + 16);
  z.next_in = const_cast<Bytef*>(plain.data());
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_SYNC_FLUSH);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  if (rc != Z_OK) throw std::runtime_error("deflate failed");
  if (out.size() >= 4 && out[out.size() - 4] == 0 && out[out.size() - 3] == 0 && out[out.size() - 2] == 0xFF &&
      out[out.size() - 1] == 0xFF)
    out.resize(out.size() - 4);
  return out;
}

struct inflater::state {
  z_stream z{};
  state() {
    if (inflateInit2(&z, -15) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  }
  ~state() { inflateEnd(&z); }
};

inflater::inflater(bool no_context_takeover) : s_(std::make_unique<state>()), no_context_takeover_(no_context_takeover) {}
inflater::~inflater() = default;
inflater::inflater(inflater&&) noexcept = default;
inflater& inflater::operator=(inflater&&) noexcept = default;

bool inflater::inflate_message(byte_view compressed, bytes& out, std::string& error, std::size_t max_size) {
  if (no_context_takeover_) inflateReset(&s_->z);
  bytes in(compressed.begin(), compressed.end());
  in.insert(in.end(), {0x00, 0x00, 0xFF, 0xFF});
  s_->z.next_in = in.data();
  s_->z.avail_in = static_cast<uInt>(in.size());
  out.clear();
  std::uint8_t buf[16384];
  while (s_->z.avail_in > 0) {
    s_->z.next_out = buf;
    s_->z.avail_out = sizeof buf;
    const int rc = inflate(&s_->z, Z_SYNC_FLUSH);
    if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) {
      error = std::string("corrupt compressed message: ") + (s_->z.msg ? s_->z.msg : "inflate error");
      return false;
    }
    out.insert(out.end(), buf, buf + (sizeof buf - s_->z.avail_out));
    if (out.size() > max_size) {
      error = "inflated message exceeds " + std::to_string(max_size) + " bytes";
      return false;
    }
    if (rc == Z_BUF_ERROR && s_->z.avail_out != 0) break;  // no progress possible
  }
  return true;
}

}  // namespace wsh
