#include "wsh/write_split.hpp"

#include <algorithm>
#include <vector>

#include "wsh/frame_codec.hpp"

namespace wsh {

const char* to_string(split_point p) {
  switch (p) {
    case split_point::before_bad_sequence: return "before-bad-sequence";
    case split_point::inside_bad_sequence: return "inside-bad-sequence";
    case split_point::after_bad_sequence: return "after-bad-sequence";
    case split_point::after_header: return "after-header";
    case split_point::in_header: return "in-header";
  }
  return "?";
}

namespace {

// The frame and payload offset of byte `at` of a text made of `parts` (frame indices, in order):
// the fragment that holds that byte, or the end of the last one for `at` == the text's size.
payload_position locate(std::span<const frame> frames, const std::vector<std::size_t>& parts, std::size_t at) {
  std::size_t seen = 0;
  for (std::size_t k : parts) {
    const std::size_t n = frames[k].payload.size();
    if (at < seen + n) return {k, at - seen};
    seen += n;
  }
  return {parts.back(), frames[parts.back()].payload.size()};
}

}  // namespace

std::optional<bad_sequence> find_bad_sequence(std::span<const frame> frames) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const frame& f = frames[i];
    if (f.opcode == op::close && f.payload.size() > 2) {
      const byte_view reason = byte_view(f.payload).subspan(2);
      if (const auto s = first_invalid_sequence(reason))
        return bad_sequence{true, *s, {i, 2 + s->start}, {i, 2 + s->start + 1}, {i, 2 + s->end}};
      continue;
    }
    if (f.opcode != op::text) continue;
    // The message: this frame and its continuations up to FIN (control frames between skipped).
    std::vector<std::size_t> parts;
    bytes text;
    bool finished = false;
    for (std::size_t j = i; j < frames.size(); ++j) {
      if (is_control(frames[j].opcode)) continue;
      if (j > i && frames[j].opcode != op::continuation) break;
      parts.push_back(j);
      text.insert(text.end(), frames[j].payload.begin(), frames[j].payload.end());
      if (frames[j].fin) {
        finished = true;
        break;
      }
    }
    utf8_validator v;
    const bool ok = v.feed(text) && (!finished || v.finish());
    if (ok) continue;
    const std::size_t bad = *v.error_offset();
    const utf8_span s{v.sequence_start(), std::min(text.size(), bad + 1)};
    return bad_sequence{false, s, locate(frames, parts, s.start), locate(frames, parts, s.start + 1),
                        locate(frames, parts, s.end)};
  }
  return std::nullopt;
}

std::optional<send_pause> split_pause(std::span<const frame> frames, split_point p, int ms) {
  const auto bad = find_bad_sequence(frames);
  if (!bad) return std::nullopt;
  send_pause out{.frame_index = bad->start.frame, .ms = ms, .fail_fast_probe = false};
  // A split `at` payload bytes into `frame`: between frames at its end, none after the last.
  auto in_payload = [&](payload_position at) -> std::optional<send_pause> {
    out.frame_index = at.frame;
    if (at.offset < frames[at.frame].payload.size()) {
      out.payload_bytes = at.offset;
    } else if (at.frame + 1 == frames.size()) {
      return std::nullopt;
    }
    return out;
  };
  switch (p) {
    case split_point::before_bad_sequence: return in_payload(bad->start);
    case split_point::inside_bad_sequence:
      if (bad->length() < 2) return std::nullopt;
      return in_payload(bad->second);
    case split_point::after_bad_sequence: return in_payload(bad->end);
    case split_point::after_header: return in_payload({bad->start.frame, 0});
    case split_point::in_header:
      out.header_bytes = header_size(frames[bad->start.frame]) > 2 ? 2 : 1;
      return out;
  }
  return std::nullopt;
}

}  // namespace wsh
