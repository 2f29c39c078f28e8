#include "wsh/explain_input.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

#include "wsh/handshake.hpp"

namespace wsh {

namespace {

bool is_hex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c); });
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> tokens(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string t; in >> t;) out.push_back(t);
  return out;
}

// Plain hex: separators and 0x prefixes are dropped, everything else must be hex digits.
std::optional<bytes> plain_hex(const std::vector<std::string>& lines, std::string& error) {
  std::string digits;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string& line = lines[n];
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '0' && i + 1 < line.size() && (line[i + 1] == 'x' || line[i + 1] == 'X')) {
        ++i;
        continue;
      }
      if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
      else if (!std::isspace(static_cast<unsigned char>(c)) && c != ':' && c != ',') {
        error = "line " + std::to_string(n + 1) + ": '" + std::string(1, c) + "' is not a hex digit";
        return std::nullopt;
      }
    }
  }
  bytes out;
  if (!from_hex(digits, out)) {
    error = "odd number of hex digits (" + std::to_string(digits.size()) + ")";
    return std::nullopt;
  }
  return out;
}

// One line of an offset-led dump: the byte tokens after the offset, up to the ASCII column.
std::optional<bytes> dump_line(const std::string& line) {
  bytes out;
  const auto colon = line.find(':');
  const auto first = tokens(line);
  if (first.empty()) return out;
  if (colon != std::string::npos && is_hex(line.substr(0, colon))) {
    // xxd: "00000010: 8185 37fa 213d  ..7.!=" (groups of 4 digits, ASCII after two spaces)
    std::string rest = line.substr(colon + 1);
    rest = rest.substr(0, rest.find("  ", rest.find_first_not_of(' ')));
    rest.erase(std::remove(rest.begin(), rest.end(), ' '), rest.end());
    if (!from_hex(rest, out)) return std::nullopt;
    return out;
  }
  if (!is_hex(first[0])) return std::nullopt;
  const std::string body = line.substr(0, line.find('|'));  // hexdump -C: ASCII between bars
  const auto t = tokens(body);
  for (std::size_t i = 1; i < t.size() && out.size() < 32; ++i) {
    if (t[i].size() != 2 || !is_hex(t[i])) break;  // the ASCII column starts
    bytes b;
    from_hex(t[i], b);
    out.push_back(b[0]);
  }
  return out;
}

bool offset_led(const std::vector<std::string>& lines) {
  std::string first = tokens(lines.front()).front();
  if (!first.empty() && first.back() == ':') first.pop_back();
  return first.size() >= 4 && first.find_first_not_of('0') == std::string::npos && tokens(lines.front()).size() > 1;
}

}  // namespace

std::optional<bytes> parse_hex_dump(std::string_view text, std::string& error) {
  const auto lines = split_lines(text);
  if (lines.empty()) {
    error = "empty";
    return std::nullopt;
  }
  if (!offset_led(lines)) return plain_hex(lines, error);
  bytes out;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    auto b = dump_line(lines[n]);
    if (!b) {
      error = "line " + std::to_string(n + 1) + " is not a hex dump line: " + lines[n].substr(0, 40);
      return std::nullopt;
    }
    out.insert(out.end(), b->begin(), b->end());
  }
  return out;
}

raw_stream read_raw_stream(const std::string& content, std::string& error) {
  raw_stream r;
  const bool text = std::all_of(content.begin(), content.end(), [](unsigned char c) {
    return c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7F);
  });
  if (text && content.rfind("GET ", 0) != 0) {
    auto b = parse_hex_dump(content, error);
    if (!b) return r;
    r.data = std::move(*b);
    r.was_hex = true;
  } else {
    r.data.assign(content.begin(), content.end());
  }
  const std::string_view head = as_text(r.data);
  if (head.rfind("GET ", 0) == 0) {
    const std::size_t size = find_http_head(head).size;
    if (size == 0) {
      error = "the stream starts with an HTTP request that never ends (no blank line)";
      return r;
    }
    r.skipped_handshake = size;
    r.data.erase(r.data.begin(), r.data.begin() + static_cast<std::ptrdiff_t>(size));
  }
  error.clear();
  return r;
}

}  // namespace wsh
