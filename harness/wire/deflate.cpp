#include "wsh/deflate.hpp"

#include <cctype>
#include <stdexcept>
#include <zlib.h>

namespace wsh {

deflate_params parse_deflate(std::string_view extensions) {
  deflate_params p;
  // Offers are comma-separated; parameters of one offer are separated by ';'.
  std::size_t start = 0;
  std::string ext(extensions);
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  while (start <= ext.size()) {
    std::size_t end = ext.find(',', start);
    if (end == std::string::npos) end = ext.size();
    const std::string item = ext.substr(start, end - start);
    std::size_t from = 0;
    bool first = true;
    bool is_deflate = false;
    while (from <= item.size()) {
      std::size_t semi = item.find(';', from);
      if (semi == std::string::npos) semi = item.size();
      std::string word = item.substr(from, semi - from);
      word.erase(0, word.find_first_not_of(" \t"));
      word.erase(word.find_last_not_of(" \t") + 1);
      const std::string name = word.substr(0, word.find('='));
      if (first) is_deflate = name == "permessage-deflate";
      else if (is_deflate && name == "client_no_context_takeover") p.client_no_context_takeover = true;
      else if (is_deflate && name == "server_no_context_takeover") p.server_no_context_takeover = true;
      first = false;
      from = semi + 1;
    }
    if (is_deflate) {
      p.negotiated = true;
      return p;  // a server accepts at most one offer of an extension
    }
    start = end + 1;
  }
  return p;
}

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
