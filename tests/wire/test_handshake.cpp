// wsh/handshake.hpp: the opening handshake (RFC 6455 §4).
#include "wsh/handshake.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {

// Strict base64 decoding (RFC 4648, padded), written for the test.
std::optional<std::vector<unsigned char>> base64_decode(std::string_view s) {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (s.size() % 4 != 0) return std::nullopt;
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i < s.size(); i += 4) {
    unsigned v = 0;
    int pad = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = s[i + j];
      if (c == '=' && i + 4 == s.size() && j >= 2) {
        ++pad;
        v <<= 6;
        continue;
      }
      if (pad) return std::nullopt;  // data after padding
      const auto pos = alphabet.find(c);
      if (pos == std::string_view::npos) return std::nullopt;
      v = v << 6 | static_cast<unsigned>(pos);
    }
    out.push_back(static_cast<unsigned char>(v >> 16));
    if (pad < 2) out.push_back(static_cast<unsigned char>(v >> 8));
    if (pad < 1) out.push_back(static_cast<unsigned char>(v));
  }
  return out;
}

constexpr std::string_view rfc_key = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr std::string_view rfc_accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

wsh::http_head good_response(std::string_view key = rfc_key) {
  wsh::http_head h;
  h.start_line = "HTTP/1.1 101 Switching Protocols";
  h.status = 101;
  h.headers["upgrade"] = "websocket";
  h.headers["connection"] = "Upgrade";
  h.headers["sec-websocket-accept"] = wsh::accept_for_key(key);
  return h;
}

void expect_one_line_reason(const std::string& reason) {
  EXPECT_FALSE(reason.empty());
  EXPECT_EQ(reason.find('\n'), std::string::npos) << reason;
  EXPECT_EQ(reason.find('\r'), std::string::npos) << reason;
}

TEST(Handshake, AcceptForRfcKey) { EXPECT_EQ(wsh::accept_for_key(rfc_key), rfc_accept); }

TEST(Handshake, AcceptForAnotherKnownKey) {
  EXPECT_EQ(wsh::accept_for_key("x3JJHMbDL1EzLkh9GBhXDw=="), "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
  EXPECT_NE(wsh::accept_for_key("x3JJHMbDL1EzLkh9GBhXDw=="), wsh::accept_for_key(rfc_key));
}

TEST(Handshake, TestBase64DecoderWorks) {
  // Guards the decoder the random_key test relies on.
  auto d = base64_decode(rfc_key);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(std::string(d->begin(), d->end()), "the sample nonce");
  EXPECT_FALSE(base64_decode("abc").has_value());
  EXPECT_FALSE(base64_decode("ab!d").has_value());
}

TEST(Handshake, RandomKeyIs16BytesOfBase64) {
  const std::string key = wsh::random_key();
  EXPECT_EQ(key.size(), 24u) << key;
  const auto raw = base64_decode(key);
  ASSERT_TRUE(raw.has_value()) << key;
  EXPECT_EQ(raw->size(), 16u) << key;
}

TEST(Handshake, RandomKeyDiffersBetweenCalls) {
  std::set<std::string> keys;
  for (int i = 0; i < 32; ++i) keys.insert(wsh::random_key());
  EXPECT_EQ(keys.size(), 32u);
}

TEST(Handshake, UpgradeRequestHasTheRequiredHeaders) {
  const std::string r = wsh::upgrade_request("example.com", 9001, "/chat", rfc_key);
  EXPECT_EQ(r.rfind("GET /chat HTTP/1.1\r\n", 0), 0u) << r;
  for (const char* line : {"\r\nHost: example.com:9001\r\n", "\r\nUpgrade: websocket\r\n", "\r\nConnection: Upgrade\r\n",
                           "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "\r\nSec-WebSocket-Version: 13\r\n"})
    EXPECT_NE(r.find(line), std::string::npos) << "missing " << line << " in\n" << r;
  ASSERT_GE(r.size(), 4u);
  EXPECT_EQ(r.substr(r.size() - 4), "\r\n\r\n");
  EXPECT_EQ(r.find("\r\n\r\n"), r.size() - 4) << "blank line before the end";
}

TEST(Handshake, UpgradeRequestDefaultsEmptyPathToSlash) {
  EXPECT_EQ(wsh::upgrade_request("h", 80, "", rfc_key).rfind("GET / HTTP/1.1\r\n", 0), 0u);
}

TEST(Handshake, UpgradeRequestParsesBack) {
  const std::string r = wsh::upgrade_request("localhost", 8080, "/x?y=1", rfc_key);
  const auto h = wsh::parse_http_head(std::string_view(r).substr(0, r.size() - 4));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->start_line, "GET /x?y=1 HTTP/1.1");
  EXPECT_EQ(h->status, 0);
  EXPECT_EQ(h->headers.at("host"), "localhost:8080");
  EXPECT_EQ(h->headers.at("sec-websocket-key"), rfc_key);
  EXPECT_EQ(h->headers.at("sec-websocket-version"), "13");
}

TEST(Handshake, ParseHttpHeadReadsStatusAndLowerCasedHeaders) {
  const auto h = wsh::parse_http_head(
      "HTTP/1.1 101 Switching Protocols\r\n"
      "Upgrade: websocket\r\n"
      "CONNECTION:Upgrade\r\n"
      "Sec-WebSocket-Accept:   s3pPLMBiTxaQ9kYGzzhZRbK+xOo=  \r\n"
      "X-Empty:\r\n");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->start_line, "HTTP/1.1 101 Switching Protocols");
  EXPECT_EQ(h->status, 101);
  EXPECT_EQ(h->headers.size(), 4u);
  EXPECT_EQ(h->headers.at("upgrade"), "websocket");
  EXPECT_EQ(h->headers.at("connection"), "Upgrade");
  EXPECT_EQ(h->headers.at("sec-websocket-accept"), rfc_accept);
  EXPECT_EQ(h->headers.at("x-empty"), "");
  EXPECT_EQ(h->headers.count("Upgrade"), 0u);
}

TEST(Handshake, ParseHttpHeadWithoutHeadersOrWithBlankLine) {
  auto h = wsh::parse_http_head("HTTP/1.1 404 Not Found");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->status, 404);
  EXPECT_TRUE(h->headers.empty());

  h = wsh::parse_http_head("HTTP/1.0 200 OK\r\nServer: x\r\n\r\n");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(h->headers.at("server"), "x");
}

TEST(Handshake, ParseHttpHeadRejectsGarbage) {
  for (std::string_view bad : {
           std::string_view(""),
           std::string_view("\r\nUpgrade: websocket"),           // no start line
           std::string_view("HTTP/1.1"),                         // no status
           std::string_view("HTTP/1.1 10"),                      // status too short
           std::string_view("HTTP/1.1 abc Nope"),                // status not a number
           std::string_view("HTTP/1.1 1x1 Nope"),                //
           std::string_view("HTTP/1.1 101 OK\r\nno colon here"),  // header without a colon
           std::string_view("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n\x01\x02\x03"),
       })
    EXPECT_FALSE(wsh::parse_http_head(bad).has_value()) << "accepted: " << bad;
}

TEST(Handshake, CheckUpgradeResponseAcceptsCorrect101) {
  EXPECT_EQ(wsh::check_upgrade_response(good_response(), rfc_key), "");
}

TEST(Handshake, CheckUpgradeResponseAcceptsParsedServerAnswer) {
  const auto h = wsh::parse_http_head(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(wsh::check_upgrade_response(*h, rfc_key), "");
}

TEST(Handshake, CheckUpgradeResponseAcceptsConnectionTokenList) {
  auto h = good_response();
  h.headers["connection"] = "keep-alive, Upgrade";
  EXPECT_EQ(wsh::check_upgrade_response(h, rfc_key), "");
  h.headers["connection"] = "Upgrade ,keep-alive";
  EXPECT_EQ(wsh::check_upgrade_response(h, rfc_key), "");
}

TEST(Handshake, CheckUpgradeResponseRejectsNon101) {
  auto h = good_response();
  h.start_line = "HTTP/1.1 200 OK";
  h.status = 200;
  const std::string reason = wsh::check_upgrade_response(h, rfc_key);
  expect_one_line_reason(reason);
  EXPECT_NE(reason.find("200"), std::string::npos) << reason;
}

TEST(Handshake, CheckUpgradeResponseRejectsWrongAccept) {
  auto h = good_response();
  h.headers["sec-websocket-accept"] = wsh::accept_for_key("x3JJHMbDL1EzLkh9GBhXDw==");
  expect_one_line_reason(wsh::check_upgrade_response(h, rfc_key));
  // The right accept for a different key is still wrong for ours.
  EXPECT_NE(wsh::check_upgrade_response(good_response("x3JJHMbDL1EzLkh9GBhXDw=="), rfc_key), "");
}

TEST(Handshake, CheckUpgradeResponseRejectsMissingAccept) {
  auto h = good_response();
  h.headers.erase("sec-websocket-accept");
  expect_one_line_reason(wsh::check_upgrade_response(h, rfc_key));
}

TEST(Handshake, CheckUpgradeResponseRejectsMissingUpgrade) {
  auto h = good_response();
  h.headers.erase("upgrade");
  expect_one_line_reason(wsh::check_upgrade_response(h, rfc_key));
  h.headers["upgrade"] = "h2c";
  expect_one_line_reason(wsh::check_upgrade_response(h, rfc_key));
}

TEST(Handshake, CheckUpgradeResponseRejectsMissingConnectionUpgrade) {
  auto h = good_response();
  h.headers.erase("connection");
  expect_one_line_reason(wsh::check_upgrade_response(h, rfc_key));
  h.headers["connection"] = "keep-alive";
  expect_one_line_reason(wsh::check_upgrade_response(h, rfc_key));
  h.headers["connection"] = "upgraded";  // a token, not a substring
  expect_one_line_reason(wsh::check_upgrade_response(h, rfc_key));
}

RC_GTEST_PROP(HandshakeProperty, AcceptIsBase64OfA20ByteDigest, (const std::string& key)) {
  const std::string accept = wsh::accept_for_key(key);
  const auto raw = base64_decode(accept);
  RC_ASSERT(raw.has_value());
  RC_ASSERT(raw->size() == 20u);
}

RC_GTEST_PROP(HandshakeProperty, OnlyTheMatchingKeyIsAccepted, ()) {
  const std::string ours = wsh::random_key();
  const std::string theirs = wsh::random_key();
  RC_PRE(ours != theirs);
  RC_ASSERT(wsh::check_upgrade_response(good_response(ours), ours).empty());
  RC_ASSERT(!wsh::check_upgrade_response(good_response(theirs), ours).empty());
}

}  // namespace
