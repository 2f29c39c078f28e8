// Bisection over an ordered list of versions: where do the selected cases' verdicts change?
// Pure: `probe` runs (or fakes) one version and returns what is compared, e.g. each case's
// verdict in order, or one marker for a version that could not be installed or started.
//
// Assumption, as in `git bisect`: each behaviour holds over one contiguous stretch of versions
// (no A -> B -> A). Under it, the first change is found with 2 + ceil(log2(n - 1)) probes, and
// every change (k of them) with O(k log n).
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wsh {

using verdict_vector = std::vector<std::string>;

struct version_boundary {
  std::size_t last_unchanged = 0, first_changed = 0;  // indexes into the versions, adjacent
};

struct bisect_result {
  std::vector<version_boundary> boundaries;            // in version order; empty: nothing changed
  std::map<std::size_t, verdict_vector> probed;        // every version probed, by index
  std::optional<version_boundary> first() const {
    if (boundaries.empty()) return std::nullopt;
    return boundaries.front();
  }
};

// `all_changes` false: only the first change (O(log n) probes); true: every change.
// `versions` must have at least one element; each is probed at most once.
bisect_result bisect_versions(const std::vector<std::string>& versions,
                              const std::function<verdict_vector(const std::string&)>& probe, bool all_changes);

}  // namespace wsh
