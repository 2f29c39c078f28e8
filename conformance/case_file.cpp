#include "wsh/case_file.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

#include "wsh/frame_codec.hpp"

namespace wsh {

namespace {

class parser {
 public:
  parser(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

  std::vector<test_case> run() {
    std::size_t pos = 0;
    while (pos <= text_.size()) {
      std::size_t eol = text_.find('\n', pos);
      if (eol == std::string_view::npos) eol = text_.size();
      ++line_no_;
      line(trim(text_.substr(pos, eol - pos)));
      pos = eol + 1;
    }
    close_case();
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw case_file_error(file_ + ":" + std::to_string(line_no_) + ": " + what);
  }

  static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
  }

  static std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
      std::size_t comma = s.find(',', start);
      if (comma == std::string_view::npos) comma = s.size();
      if (comma > start) out.emplace_back(trim(s.substr(start, comma - start)));
      start = comma + 1;
    }
    return out;
  }

  void line(std::string_view l) {
    if (l.empty() || l.front() == '#') return;
    const std::size_t sp = l.find_first_of(" \t");
    const std::string_view word = l.substr(0, sp);
    const std::string_view rest = sp == std::string_view::npos ? std::string_view{} : trim(l.substr(sp));
    if (word == "case") return start_case(rest);
    if (word == "rfc") return (in_case_ ? current_.rfc : default_rfc_) = std::string(rest), void();
    if (word == "tags") return (in_case_ ? current_.tags : default_tags_) = split_list(rest), void();
    if (!in_case_) fail("'" + std::string(word) + "' outside a case (expected 'case ID', 'rfc' or 'tags')");
    if (word == "desc") return current_.description = std::string(rest), void();
    if (word == "send") return send(rest);
    if (word == "deflate") {
      if (!rest.empty()) fail("'deflate' takes no arguments");
      current_.deflate = true;
      return;
    }
    fail("unknown directive '" + std::string(word) + "' (expected case, desc, rfc, tags, deflate or send)");
  }

  void start_case(std::string_view rest) {
    close_case();
    current_ = test_case{};
    current_.rfc = default_rfc_;
    current_.tags = default_tags_;
    in_case_ = true;
    case_line_ = line_no_;
    std::size_t pos = 0;
    bool first = true;
    while (pos < rest.size()) {
      std::size_t end = rest.find_first_of(" \t", pos);
      if (end == std::string_view::npos) end = rest.size();
      const std::string_view tok = rest.substr(pos, end - pos);
      pos = rest.find_first_not_of(" \t", end);
      if (pos == std::string_view::npos) pos = rest.size();
      if (first) {
        current_.id = std::string(tok);
        first = false;
      } else if (tok.rfind("ref=", 0) == 0) {
        current_.ref_id = std::string(tok.substr(4));
      } else if (tok.rfind("tags=", 0) == 0) {
        current_.tags = split_list(tok.substr(5));
      } else {
        fail("unexpected '" + std::string(tok) + "' after the case id (expected ref=ID or tags=a,b)");
      }
    }
    if (current_.id.empty()) fail("'case' needs an id");
    if (current_.id.find_first_of("'\"*?[] ") != std::string::npos) fail("case id '" + current_.id + "' has a character ids may not use");
  }

  void close_case() {
    if (!in_case_) return;
    in_case_ = false;
    if (current_.frames.empty())
      throw case_file_error(file_ + ":" + std::to_string(case_line_) + ": case " + current_.id + " sends nothing");
    if (current_.description.empty())
      throw case_file_error(file_ + ":" + std::to_string(case_line_) + ": case " + current_.id + " has no desc");
    out_.push_back(std::move(current_));
  }

  // One `send` line: items separated by ';' (outside quotes): frames and pauses.
  void send(std::string_view items) {
    std::string item;
    bool quoted = false, escaped = false;
    auto flush = [&] {
      const std::string_view t = trim(item);
      if (t.empty()) fail("empty item in send (two ';' in a row?)");
      send_item(t);
      item.clear();
    };
    for (char c : items) {
      if (quoted) {
        escaped = !escaped && c == '\\';
        if (c == '"' && !escaped) quoted = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == ';') {
        flush();
        continue;
      }
      item += c;
    }
    if (quoted) fail("unterminated string");
    flush();
  }

  std::vector<std::string> tokens(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false, escaped = false;
    for (char c : s) {
      if (quoted) {
        cur += c;
        if (escaped) escaped = false;
        else if (c == '\\') escaped = true;
        else if (c == '"') quoted = false;
        continue;
      }
      if (c == ' ' || c == '\t') {
        if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
        continue;
      }
      if (c == '"') quoted = true;
      cur += c;
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
  }

  int number(std::string_view s, const char* what) {
    int v = 0;
    const int base = s.rfind("0x", 0) == 0 ? 16 : 10;
    if (base == 16) s.remove_prefix(2);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || p != s.data() + s.size() || v < 0) fail(std::string("bad ") + what + " '" + std::string(s) + "'");
    return v;
  }

  void send_item(std::string_view item) {
    auto t = tokens(item);
    const std::string& head = t[0];
    const bool split = head == "split" || head == "split-in" || head == "split-in-header";
    if (head == "pause" || head == "pause-in" || split) {
      if (current_.frames.empty()) fail("'" + head + "' before any frame");
      send_pause p;
      p.frame_index = current_.frames.size() - 1;
      if (split) {
        p.fail_fast_probe = false;
        p.ms = send_pause::split_gap_ms;
      }
      std::size_t next = 1;
      if (head == "pause-in" || head == "split-in") {
        if (t.size() < 2) fail(head + " needs the number of payload bytes to send first");
        p.payload_bytes = static_cast<std::size_t>(number(t[1], "byte count"));
        if (p.payload_bytes >= current_.frames.back().payload.size()) fail(head + " must split inside the payload");
        next = 2;
      } else if (head == "split-in-header") {
        if (t.size() < 2) fail("split-in-header needs the number of header bytes to send first");
        p.header_bytes = static_cast<std::size_t>(number(t[1], "byte count"));
        if (p.header_bytes == 0 || p.header_bytes >= header_size(current_.frames.back()))
          fail("split-in-header must split inside the header");
        next = 2;
      }
      if (t.size() > next) p.ms = number(t[next], "pause (ms)");
      if (t.size() > next + 1) fail("unexpected '" + t[next + 1] + "' after " + head);
      current_.pauses.push_back(p);
      return;
    }
    current_.frames.push_back(frame_from(t));
  }

  frame frame_from(const std::vector<std::string>& t) {
    frame f;
    std::string kind = t[0];
    if (!kind.empty() && kind.back() == '~') {
      f.fin = false;
      kind.pop_back();
    }
    if (kind == "text") f.opcode = op::text;
    else if (kind == "binary") f.opcode = op::binary;
    else if (kind == "cont") f.opcode = op::continuation;
    else if (kind == "ping") f.opcode = op::ping;
    else if (kind == "pong") f.opcode = op::pong;
    else if (kind == "close") f.opcode = op::close;
    else if (kind.rfind("op:", 0) == 0) {
      const int v = number(kind.substr(3), "opcode");
      if (v > 15) fail("opcode above 15");
      f.opcode = static_cast<std::uint8_t>(v);
    } else {
      fail("unknown frame kind '" + kind + "' (text, binary, cont, ping, pong, close, op:N; '~' suffix for FIN=0)");
    }
    for (std::size_t i = 1; i < t.size(); ++i) {
      const std::string& tok = t[i];
      if (tok == "rsv1") f.rsv1 = true;
      else if (tok == "compressed") {  // RSV1 on a message's first frame of a deflate case
        if (!current_.deflate) fail("'compressed' needs the case's 'deflate' line first");
        f.rsv1 = true;
      }
      else if (tok == "rsv2") f.rsv2 = true;
      else if (tok == "rsv3") f.rsv3 = true;
      else if (tok == "unmasked") f.mask.reset();
      else if (tok == "len16") f.length = length_form::bits16;
      else if (tok == "len64") f.length = length_form::bits64;
      else if (tok.rfind("mask:", 0) == 0) f.mask = mask_from(tok);
      else payload(tok, f.payload);
    }
    return f;
  }

  // mask:HEX, the 4-byte masking key (default: wsh::default_mask), so reproducers are byte-exact.
  mask_key mask_from(std::string_view tok) {
    bytes key;
    if (!from_hex(tok.substr(5), key) || key.size() != 4) fail("bad mask '" + std::string(tok) + "' (mask:HEX, 4 bytes)");
    return {key[0], key[1], key[2], key[3]};
  }

  // "text" | x:HEX | code:N, each optionally repeated with *N.
  void payload(std::string_view tok, bytes& out) {
    std::size_t repeat = 1;
    const std::size_t star = tok.rfind('*');
    const std::size_t close_quote = tok.rfind('"');
    if (star != std::string_view::npos && (close_quote == std::string_view::npos || star > close_quote)) {
      repeat = static_cast<std::size_t>(number(tok.substr(star + 1), "repeat count"));
      tok = tok.substr(0, star);
    }
    bytes piece;
    if (!tok.empty() && tok.front() == '"') {
      if (tok.size() < 2 || tok.back() != '"') fail("malformed string " + std::string(tok));
      piece = unescape(tok.substr(1, tok.size() - 2));
    } else if (tok.rfind("x:", 0) == 0) {
      if (!from_hex(tok.substr(2), piece)) fail("bad hex '" + std::string(tok) + "'");
    } else if (tok.rfind("code:", 0) == 0) {
      const int code = number(tok.substr(5), "close code");
      if (code > 0xFFFF) fail("close code above 65535");
      piece = {static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code & 0xFF)};
    } else {
      fail("unknown payload token '" + std::string(tok) + "' (\"text\", x:HEX, code:N, flags rsv1..3 unmasked len16 len64)");
    }
    for (std::size_t i = 0; i < repeat; ++i) out.insert(out.end(), piece.begin(), piece.end());
  }

  bytes unescape(std::string_view s) {
    bytes out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '\\') {
        out.push_back(static_cast<std::uint8_t>(s[i]));
        continue;
      }
      if (++i >= s.size()) fail("string ends with a backslash");
      switch (s[i]) {
        case '\\': out.push_back('\\'); break;
        case '"': out.push_back('"'); break;
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'x': {
          bytes b;
          if (i + 2 >= s.size() || !from_hex(s.substr(i + 1, 2), b) || b.size() != 1) fail("\\x needs two hex digits");
          out.push_back(b[0]);
          i += 2;
          break;
        }
        default: fail(std::string("unknown escape \\") + s[i]);
      }
    }
    return out;
  }

  std::string_view text_;
  std::string file_;
  std::size_t line_no_ = 0;
  std::size_t case_line_ = 0;
  std::string default_rfc_;
  std::vector<std::string> default_tags_;
  bool in_case_ = false;
  test_case current_;
  std::vector<test_case> out_;
};

}  // namespace

std::vector<test_case> parse_case_file(std::string_view text, const std::string& file_name) {
  return parser(text, file_name).run();
}

std::vector<test_case> load_case_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw case_file_error("cannot read case file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_case_file(ss.str(), path);
}

}  // namespace wsh
