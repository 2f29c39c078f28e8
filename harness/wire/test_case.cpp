#include "wsh/test_case.hpp"

#include <algorithm>

#include "wsh/deflate.hpp"
#include "wsh/frame_codec.hpp"

namespace wsh {

wire_layout layout(const std::vector<frame>& frames) {
  wire_layout w;
  for (const auto& f : frames) {
    w.frame_start.push_back(w.stream.size());
    w.payload_start.push_back(w.stream.size() + header_size(f));
    bytes b = encode(f);
    w.stream.insert(w.stream.end(), b.begin(), b.end());
  }
  return w;
}

std::vector<frame> wire_frames(const test_case& c) {
  if (!c.deflate) return c.frames;
  std::vector<frame> out = c.frames;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (is_control(out[i].opcode) || out[i].opcode == op::continuation || !out[i].rsv1) continue;
    // The message: frame i and its continuations up to FIN (control frames may sit between).
    std::vector<std::size_t> parts;
    bytes plain;
    for (std::size_t j = i; j < out.size(); ++j) {
      if (is_control(out[j].opcode)) continue;
      if (j > i && out[j].opcode != op::continuation) break;
      parts.push_back(j);
      plain.insert(plain.end(), c.frames[j].payload.begin(), c.frames[j].payload.end());
      if (out[j].fin) break;
    }
    const bytes packed = deflate_message(plain);
    // Cut the compressed bytes where the plain fragments were cut, proportionally.
    std::size_t plain_seen = 0, packed_at = 0;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      plain_seen += c.frames[parts[k]].payload.size();
      std::size_t cut = packed.size();  // the last fragment takes the rest
      if (k + 1 < parts.size()) cut = plain.empty() ? 0 : packed.size() * plain_seen / plain.size();
      cut = std::max(packed_at, cut);
      out[parts[k]].payload.assign(packed.begin() + static_cast<std::ptrdiff_t>(packed_at),
                                   packed.begin() + static_cast<std::ptrdiff_t>(cut));
      packed_at = cut;
    }
  }
  return out;
}

wire_layout layout(const test_case& c) { return layout(wire_frames(c)); }

std::vector<write_chunk> write_plan(const test_case& c, const wire_layout& w) {
  std::vector<write_chunk> plan;
  for (const auto& p : c.pauses) {
    if (p.frame_index >= c.frames.size()) continue;
    const std::size_t frame_end = p.frame_index + 1 < w.frame_start.size() ? w.frame_start[p.frame_index + 1]
                                                                            : w.stream.size();
    std::size_t at = frame_end;
    if (p.header_bytes != send_pause::whole)
      at = std::min(w.payload_start[p.frame_index], w.frame_start[p.frame_index] + p.header_bytes);
    else if (p.payload_bytes != send_pause::whole)
      at = std::min(frame_end, w.payload_start[p.frame_index] + p.payload_bytes);
    if (at == 0 || (!plan.empty() && at <= plan.back().end)) continue;  // keep chunks non-empty, increasing
    plan.push_back({at, p.ms, p.fail_fast_probe});
  }
  if (plan.empty() || plan.back().end < w.stream.size()) plan.push_back({w.stream.size(), 0});
  plan.back().pause_ms = 0;  // nothing follows the last chunk
  return plan;
}

std::vector<send_pause> pauses_for_write_size(const std::vector<frame>& frames, std::size_t write_size, int ms) {
  std::vector<send_pause> pauses;
  if (write_size == 0) return pauses;
  const wire_layout w = layout(frames);
  std::size_t last = 0;  // stream offset of the previous split
  std::size_t i = 0;     // the frame holding byte `at` (splits only move forward)
  for (std::size_t at = write_size; at < w.stream.size(); at += write_size) {
    while (i + 1 < w.frame_start.size() && w.frame_start[i + 1] <= at) ++i;
    send_pause p{.frame_index = i, .ms = ms};
    std::size_t split = at;
    if (at == w.frame_start[i]) {
      p.frame_index = i - 1;  // between two frames (at > 0, so i > 0)
    } else {
      split = std::max(at, w.payload_start[i]);
      p.payload_bytes = split - w.payload_start[i];
    }
    if (split <= last) continue;
    last = split;
    pauses.push_back(p);
  }
  return pauses;
}

}  // namespace wsh
