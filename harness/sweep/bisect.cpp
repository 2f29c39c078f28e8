#include "wsh/bisect.hpp"

#include <stdexcept>

namespace wsh {

bisect_result bisect_versions(const std::vector<std::string>& versions,
                              const std::function<verdict_vector(const std::string&)>& probe, bool all_changes) {
  if (versions.empty()) throw std::invalid_argument("bisect_versions: no versions");
  bisect_result r;
  const auto at = [&](std::size_t i) -> const verdict_vector& {
    auto it = r.probed.find(i);
    if (it == r.probed.end()) it = r.probed.emplace(i, probe(versions[i])).first;
    return it->second;
  };
  // Stretches [lo, hi] whose ends differ, searched left to right (a stack, so the order of
  // boundaries found is the version order). Bounded: each step halves a stretch.
  std::vector<std::pair<std::size_t, std::size_t>> todo;
  const std::size_t last = versions.size() - 1;
  at(0);
  if (last == 0) return r;
  if (at(0) == at(last)) return r;  // same ends: no change under the assumption
  todo.emplace_back(0, last);
  while (!todo.empty()) {
    auto [lo, hi] = todo.back();
    todo.pop_back();
    if (hi - lo == 1) {
      r.boundaries.push_back({lo, hi});
      if (!all_changes) break;
      continue;
    }
    const std::size_t mid = lo + (hi - lo) / 2;
    const bool left_changes = at(lo) != at(mid);
    const bool right_changes = at(mid) != at(hi);
    if (right_changes && all_changes) todo.emplace_back(mid, hi);
    if (left_changes)
      todo.emplace_back(lo, mid);
    else if (right_changes && !all_changes)
      todo.emplace_back(mid, hi);
  }
  return r;
}

}  // namespace wsh
