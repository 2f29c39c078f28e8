#include "wsh/handshake.hpp"

#include "wsh/base64.hpp"
#include "wsh/bytes.hpp"
#include "wsh/sha1.hpp"

#include <algorithm>
#include <random>

namespace wsh {

namespace {
constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}
bool has_token(const std::string& list, std::string_view token) {
  // Connection: keep-alive, Upgrade
  std::string l = lower(list);
  std::size_t start = 0;
  while (start <= l.size()) {
    std::size_t end = l.find(',', start);
    if (end == std::string::npos) end = l.size();
    if (trim(std::string_view(l).substr(start, end - start)) == token) return true;
    start = end + 1;
  }
  return false;
}
}  // namespace

std::string accept_for_key(std::string_view key) {
  std::string in(key);
  in += guid;
  return base64_encode(sha1(in));
}

std::string random_key() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uint8_t k[16];
  for (auto& c : k) c = static_cast<std::uint8_t>(rng());
  return base64_encode(k);
}

std::string upgrade_request(std::string_view host, unsigned port, std::string_view path, std::string_view key,
                            std::string_view extensions) {
  std::string r = "GET ";
  r += path.empty() ? "/" : std::string(path);
  r += " HTTP/1.1\r\nHost: ";
  r += host;
  r += ':';  // appended apart: GCC 12's -Wrestrict false positive on `":" + std::string&&`
  r += std::to_string(port);
  r += "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ";
  r += key;
  r += "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: wsharness\r\n";
  if (!extensions.empty()) {
    r += "Sec-WebSocket-Extensions: ";
    r += extensions;
    r += "\r\n";
  }
  r += "\r\n";
  return r;
}

std::optional<http_head> parse_http_head(std::string_view head) {
  http_head h;
  std::size_t eol = head.find("\r\n");
  h.start_line = std::string(head.substr(0, eol));
  if (h.start_line.empty()) return std::nullopt;
  if (h.start_line.rfind("HTTP/", 0) == 0) {
    std::size_t sp = h.start_line.find(' ');
    if (sp == std::string::npos || sp + 4 > h.start_line.size()) return std::nullopt;
    const std::string code = h.start_line.substr(sp + 1, 3);
    if (!std::all_of(code.begin(), code.end(), ::isdigit)) return std::nullopt;
    h.status = std::stoi(code);
  }
  while (eol != std::string_view::npos) {
    std::size_t start = eol + 2;
    eol = head.find("\r\n", start);
    std::string_view line = head.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
    if (line.empty()) continue;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    h.headers[lower(std::string(line.substr(0, colon)))] = trim(line.substr(colon + 1));
  }
  return h;
}

found_head find_http_head(std::string_view data) {
  found_head f;
  const std::size_t at = data.find("\r\n\r\n");
  if (at == std::string_view::npos) return f;
  f.size = at + 4;
  f.head = parse_http_head(data.substr(0, at));
  return f;
}

std::string check_upgrade_response(const http_head& r, std::string_view key) {
  if (r.status != 101)
    return "server answered the upgrade with " + show_payload(to_bytes(r.start_line), 40) + " instead of 101";
  auto get = [&](const char* name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? std::string() : it->second;
  };
  if (lower(get("upgrade")) != "websocket") return "101 response lacks 'Upgrade: websocket'";
  if (!has_token(get("connection"), "upgrade")) return "101 response lacks 'Connection: Upgrade'";
  const std::string accept = get("sec-websocket-accept");
  if (accept != accept_for_key(key))
    return "Sec-WebSocket-Accept '" + accept + "' does not match the key (expected '" + accept_for_key(key) + "')";
  return {};
}

}  // namespace wsh
