// The HTTP/1.1 opening handshake (RFC 6455 §4), client side and the server's accept computation.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wsh {

// base64(SHA-1(key + GUID)) per RFC 6455 §4.2.2.
std::string accept_for_key(std::string_view key);
// A fresh random Sec-WebSocket-Key (16 random bytes, base64).
std::string random_key();

// `extensions`: a Sec-WebSocket-Extensions offer, or empty for none.
std::string upgrade_request(std::string_view host, unsigned port, std::string_view path, std::string_view key,
                            std::string_view extensions = {});

// A parsed HTTP response or request head; header names lower-cased.
struct http_head {
  std::string start_line;
  int status = 0;  // responses only
  std::map<std::string, std::string> headers;
};
// Parses up to (not including) the blank line; nullopt when malformed.
std::optional<http_head> parse_http_head(std::string_view head);

// An HTTP head at the start of `data` (a request or a response, possibly followed by other bytes):
// `size` counts its bytes through the blank line ("\r\n\r\n"), 0 while it is incomplete;
// `head` is the parsed head (nullopt when incomplete or malformed). The one place callers find
// the end of a head and trim it for parse_http_head.
struct found_head {
  std::size_t size = 0;
  std::optional<http_head> head;
};
found_head find_http_head(std::string_view data);

// Checks a server's 101 response for the key we sent; returns an empty string when it is
// acceptable, otherwise what is wrong (one line).
std::string check_upgrade_response(const http_head& response, std::string_view key);

}  // namespace wsh
