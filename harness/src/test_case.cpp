#include "wsh/test_case.hpp"

#include <algorithm>

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

std::vector<write_chunk> write_plan(const test_case& c, const wire_layout& w) {
  std::vector<write_chunk> plan;
  for (const auto& p : c.pauses) {
    if (p.frame_index >= c.frames.size()) continue;
    const std::size_t frame_end = p.frame_index + 1 < w.frame_start.size() ? w.frame_start[p.frame_index + 1]
                                                                            : w.stream.size();
    const std::size_t at = std::min(frame_end, p.payload_bytes == std::numeric_limits<std::size_t>::max()
                                                   ? frame_end
                                                   : w.payload_start[p.frame_index] + p.payload_bytes);
    if (!plan.empty() && at <= plan.back().end) continue;  // keep chunks strictly increasing
    plan.push_back({at, p.ms});
  }
  if (plan.empty() || plan.back().end < w.stream.size()) plan.push_back({w.stream.size(), 0});
  plan.back().pause_ms = 0;  // nothing follows the last chunk
  return plan;
}

}  // namespace wsh
