#include "wsh/transcript.hpp"

namespace wsh {

namespace {

void cut(bytes& b, std::size_t keep) {
  if (b.size() <= keep) return;
  const std::size_t half = keep / 2;
  b.erase(b.begin() + static_cast<std::ptrdiff_t>(half), b.end() - static_cast<std::ptrdiff_t>(keep - half));
}

}  // namespace

void compact(transcript& t, std::size_t keep) {
  for (auto& f : t.frames) {
    if (f.payload_size == 0) f.payload_size = f.payload.size();
    if (f.opcode != op::close) cut(f.payload, keep);
    f.payload.shrink_to_fit();
  }
  for (auto& m : t.messages) {
    cut(m.payload, keep);
    m.payload.shrink_to_fit();
  }
  t.frames.shrink_to_fit();
}

}  // namespace wsh
