// Bisection over synthetic verdict functions: the boundary it names, and how many versions it
// had to probe (O(log n) for one change, O(k log n) for k).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "wsh/bisect.hpp"

using namespace wsh;

namespace {
std::vector<std::string> make_versions(std::size_t n) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back("1." + std::to_string(i) + ".0");
  return v;
}

std::size_t index_of(const std::string& v) { return std::stoul(v.substr(2)); }

// One behaviour per stretch: the verdict vector changes at each index in `changes_at`.
struct fake_runner {
  std::vector<std::size_t> changes_at;
  std::map<std::string, int> calls;
  verdict_vector operator()(const std::string& v) {
    ++calls[v];
    const auto i = index_of(v);
    int stretch = 0;
    for (auto c : changes_at) stretch += i >= c ? 1 : 0;
    return {"case-a:" + std::to_string(stretch % 2 ? 0 : 1), "stretch:" + std::to_string(stretch)};
  }
};

std::size_t log2_ceil(std::size_t n) { return static_cast<std::size_t>(std::ceil(std::log2(static_cast<double>(n)))); }
}  // namespace

TEST(Bisect, FindsTheOneChangeInLogarithmicProbes) {
  for (std::size_t n : {2u, 3u, 5u, 17u, 48u, 100u, 1000u}) {
    for (std::size_t at = 1; at < n; at += std::max<std::size_t>(1, n / 7)) {
      fake_runner fake{{at}, {}};
      const auto versions = make_versions(n);
      const auto r = bisect_versions(versions, std::ref(fake), false);
      ASSERT_EQ(r.boundaries.size(), 1u) << n << " " << at;
      EXPECT_EQ(r.boundaries[0].first_changed, at);
      EXPECT_EQ(r.boundaries[0].last_unchanged, at - 1);
      EXPECT_LE(r.probed.size(), 2 + log2_ceil(n - 1)) << "n=" << n << " at=" << at;
      for (const auto& [v, count] : fake.calls) EXPECT_EQ(count, 1) << v << " probed twice";
      // Finding every change costs the same when there is only one.
      fake_runner again{{at}, {}};
      EXPECT_EQ(bisect_versions(versions, std::ref(again), true).boundaries.size(), 1u);
      EXPECT_LE(again.calls.size(), 2 + 2 * log2_ceil(n - 1));
    }
  }
}

TEST(Bisect, NothingChangedProbesTheEndsOnly) {
  fake_runner fake{{}, {}};
  const auto r = bisect_versions(make_versions(100), std::ref(fake), true);
  EXPECT_TRUE(r.boundaries.empty());
  EXPECT_EQ(fake.calls.size(), 2u);
  EXPECT_FALSE(r.first().has_value());
}

TEST(Bisect, OneVersionIsProbedOnce) {
  fake_runner fake{{}, {}};
  EXPECT_TRUE(bisect_versions(make_versions(1), std::ref(fake), true).boundaries.empty());
  EXPECT_EQ(fake.calls.size(), 1u);
}

TEST(Bisect, EveryChangeInOrder) {
  const std::size_t n = 200;
  fake_runner fake{{7, 80, 81, 150}, {}};
  const auto r = bisect_versions(make_versions(n), std::ref(fake), true);
  ASSERT_EQ(r.boundaries.size(), 4u);
  EXPECT_EQ(r.boundaries[0].first_changed, 7u);
  EXPECT_EQ(r.boundaries[1].first_changed, 80u);
  EXPECT_EQ(r.boundaries[2].first_changed, 81u);
  EXPECT_EQ(r.boundaries[3].first_changed, 150u);
  for (const auto& b : r.boundaries) EXPECT_EQ(b.last_unchanged + 1, b.first_changed);
  EXPECT_LE(fake.calls.size(), 2 + 4 * 2 * log2_ceil(n - 1));
  EXPECT_LT(fake.calls.size(), n / 3);
  // The first change only, still logarithmic.
  fake_runner first{{7, 80, 81, 150}, {}};
  const auto f = bisect_versions(make_versions(n), std::ref(first), false);
  ASSERT_EQ(f.boundaries.size(), 1u);
  EXPECT_EQ(f.first()->first_changed, 7u);
  EXPECT_LE(first.calls.size(), 2 + log2_ceil(n - 1));
}

TEST(Bisect, AVersionThatCannotRunIsAChange) {
  // A version without a report compares as its own vector ("error: ..."), so the versions that
  // cannot start are bracketed like any other behaviour.
  const auto versions = make_versions(10);
  const auto r = bisect_versions(
      versions,
      [](const std::string& v) { return index_of(v) < 4 ? verdict_vector{"error: start failed"} : verdict_vector{"pass"}; },
      true);
  ASSERT_EQ(r.boundaries.size(), 1u);
  EXPECT_EQ(r.boundaries[0].first_changed, 4u);
}
