#include "wsh/reproducer.hpp"

#include <charconv>
#include <cstdio>
#include <limits>
#include <sstream>

#include "wsh/failure_key.hpp"
#include "wsh/live_shrink.hpp"

namespace wsh {

namespace {

std::string one_line(std::string s) {
  for (char& ch : s)
    if (ch == '\n' || ch == '\r') ch = ' ';
  return s;
}

std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char ch : s) h = (h ^ ch) * 16777619u;
  return h;
}

std::string hash8(const test_case& c) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", fnv1a(wire_identity(c)));
  return buf;
}

std::string pause_item(const send_pause& p) {
  std::string s = p.fail_fast_probe ? "pause" : "split";
  // (appended piecewise: g++ 12 warns falsely about "literal" + std::string here)
  if (p.header_bytes != send_pause::whole) s.append("-in-header ").append(std::to_string(p.header_bytes));
  else if (p.payload_bytes != send_pause::whole) s.append("-in ").append(std::to_string(p.payload_bytes));
  if (p.ms != send_pause::run_default) s.append(" ").append(std::to_string(p.ms));
  return s;
}

}  // namespace

std::string policy_words(const endpoint_policy& p) {
  std::string s = p.text_only ? "text-only binary-close-code=" + std::to_string(p.binary_close_code) : "text+binary";
  if (p.max_message_size) s += " max-message-size=" + std::to_string(*p.max_message_size);
  return s;
}

std::string case_file_item(const frame& f) {
  test_case one;
  one.frames = {f};
  std::string s = frame_shape(one);
  if (f.rsv1) s += " rsv1";
  if (f.rsv2) s += " rsv2";
  if (f.rsv3) s += " rsv3";
  if (!f.mask) s += " unmasked";
  else if (*f.mask != default_mask) s += " mask:" + to_hex(*f.mask);
  // bits7 writes the same bytes as the minimal form whenever it fits, and encode() never truncates.
  if (f.length == length_form::bits16) s += " len16";
  if (f.length == length_form::bits64) s += " len64";
  byte_view payload(f.payload);
  if (f.opcode == op::close && payload.size() >= 2) {
    s += " code:" + std::to_string(close_code_of(payload));
    payload = payload.subspan(2);
  }
  if (!payload.empty()) s += " x:" + to_hex(payload);
  return s;
}

std::string reproducer_case_id(const std::string& key, const test_case& c) { return "fuzz/" + key + "/" + hash8(c); }

std::string reproducer_file_name(const std::string& key, const test_case& c) {
  std::string name = key;
  for (char& ch : name)
    if (ch == '/') ch = '-';
  return name + "-" + hash8(c) + ".cases";
}

std::string reproducer_text(const test_case& c, const reproducer_info& info, const case_result& last) {
  std::ostringstream out;
  out << "# wsharness fuzz reproducer: one case in the conformance/cases format (conformance/README.md)\n"
      << "# replay:   " << one_line(info.replay) << "\n"
      << "# policy:   " << policy_words(info.policy) << "\n"
      << "# target:   " << one_line(info.target) << "\n"
      << "# seed:     " << info.seed << " (run " << info.run << ", size " << info.size << ")\n"
      << "# key:      " << info.key << "\n"
      << "# shape:    " << frame_shape(c) << "\n"
      << "# shrunk:   " << one_line(info.shrunk) << "\n#\n";
  std::ostringstream report;
  print_details(report, last);
  std::istringstream lines(report.str());
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out << "# " << line << "\n";

  out << "rfc RFC 6455 §8.1, §5.5.1, §7.4.1 (found by wsharness fuzz; the oracle derives the expectation)\n"
      << "case " << c.id << " tags=fuzz\n"
      << "  desc " << one_line(c.description) << "\n";
  for (std::size_t i = 0; i < c.frames.size(); ++i) {
    out << "  # frame " << i + 1 << ": " << one_line(describe(c.frames[i])) << "\n"
        << "  send " << case_file_item(c.frames[i]) << "\n";
    for (const auto& p : c.pauses)
      if (p.frame_index == i) out << "  send " << pause_item(p) << "\n";
  }
  return out.str();
}

std::optional<endpoint_policy> reproducer_policy(std::string_view text) {
  const std::string_view tag = "# policy:";
  std::string_view line;
  bool found = false;
  for (std::size_t pos = 0; pos < text.size() && !found;) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    line = text.substr(pos, eol - pos);
    found = line.substr(0, tag.size()) == tag;
    pos = eol + 1;
  }
  if (!found) return std::nullopt;
  line.remove_prefix(tag.size());
  endpoint_policy p;
  p.text_only = line.find("text-only") != std::string_view::npos;
  const std::string_view code_tag = "binary-close-code=";
  if (const auto c = line.find(code_tag); c != std::string_view::npos) {
    const char* first = line.data() + c + code_tag.size();
    unsigned code = 0;
    auto [ptr, ec] = std::from_chars(first, line.data() + line.size(), code);
    if (ec == std::errc() && (code == 1003 || code == 1007)) p.binary_close_code = static_cast<std::uint16_t>(code);
  }
  const std::string_view size_tag = "max-message-size=";
  if (const auto c = line.find(size_tag); c != std::string_view::npos) {
    std::uint64_t size = 0;
    auto [ptr, ec] = std::from_chars(line.data() + c + size_tag.size(), line.data() + line.size(), size);
    if (ec == std::errc()) p.max_message_size = size;
  }
  return p;
}

}  // namespace wsh
