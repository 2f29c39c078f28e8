// run_suite with suite_options::connections > 1 against the in-process websocketpp target: the
// same verdicts, in the same order, as one case at a time; on_result on the calling thread, once
// per case. No timings asserted.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "websocketpp_echo.hpp"
#include "wsh/catalogue.hpp"
#include "wsh/selection.hpp"
#include "wsh/suite.hpp"

namespace {

using row = std::tuple<std::string, wsh::outcome, wsh::finding, int>;

struct observed_run {
  wsh::run_report report;
  std::vector<std::string> announced;  // ids, in on_result's order
  bool all_on_caller = true;
};

observed_run run_with(const std::vector<const wsh::test_case*>& cases, int connections) {
  auto target = wsh::make_websocketpp_echo({});
  wsh::suite_options opt;
  opt.run.timeout_ms = 300;  // websocketpp never closes on its known bug: those cases wait this long
  opt.connections = connections;
  observed_run out;
  const auto caller = std::this_thread::get_id();
  out.report = wsh::run_suite(*target, cases, opt, [&](const wsh::case_result& r) {
    out.announced.push_back(r.c->id);
    out.all_on_caller = out.all_on_caller && std::this_thread::get_id() == caller;
  });
  return out;
}

std::vector<row> rows(const wsh::run_report& r) {
  std::vector<row> out;
  for (const auto& c : r.results) out.emplace_back(c.c->id, c.v.result, c.v.kind, c.observed.close_code.value_or(-1));
  return out;
}

}  // namespace

TEST(SuiteParallel, SameVerdictsAndOrderAsOneAtATime) {
  // Quick cases, cases that wait out the deadline on websocketpp, and paused (fail-fast) ones.
  const auto cases = wsh::select_cases(wsh::catalogue(), "8.1/vector/*,8.1/invalid-fragmented/*,8.1/fail-fast/*");
  ASSERT_GT(cases.size(), 150u);
  const auto one = run_with(cases, 1), eight = run_with(cases, 8);
  EXPECT_TRUE(one.report.complete);
  EXPECT_TRUE(eight.report.complete) << eight.report.stopped_reason;
  EXPECT_EQ(rows(one.report), rows(eight.report));
  ASSERT_EQ(eight.report.results.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(eight.report.results[i].c, cases[i]) << i;
  EXPECT_TRUE(eight.all_on_caller);
  EXPECT_EQ(std::set(eight.announced.begin(), eight.announced.end()).size(), cases.size()) << "each case once";
  // Announced: the cases without pauses in catalogue order, then the paused ones.
  std::vector<std::string> expected;
  for (const auto* c : cases)
    if (c->pauses.empty()) expected.push_back(c->id);
  for (const auto* c : cases)
    if (!c->pauses.empty()) expected.push_back(c->id);
  EXPECT_EQ(eight.announced, expected);
}
