// Our own SHA-1 and base64 (the handshake checker shares no code with the servers it checks),
// against the published test vectors.
#include <gtest/gtest.h>

#include <string>

#include "wsh/base64.hpp"
#include "wsh/bytes.hpp"
#include "wsh/handshake.hpp"
#include "wsh/sha1.hpp"

namespace {

std::string sha1_hex(std::string_view s) {
  const auto d = wsh::sha1(s);
  return wsh::to_hex(wsh::byte_view(d.data(), d.size()));
}

}  // namespace

TEST(Sha1, Fips180Vectors) {
  EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  // 56 bytes: the padding needs a second block.
  EXPECT_EQ(sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(sha1_hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Base64, Rfc4648Vectors) {
  const auto b64 = [](std::string_view s) { return wsh::base64_encode(wsh::to_bytes(std::string(s))); };
  EXPECT_EQ(b64(""), "");
  EXPECT_EQ(b64("f"), "Zg==");
  EXPECT_EQ(b64("fo"), "Zm8=");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("foob"), "Zm9vYg==");
  EXPECT_EQ(b64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
}

TEST(Handshake, AcceptKeyOfRfc6455Example) {
  // RFC 6455 §1.3.
  EXPECT_EQ(wsh::accept_for_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}
