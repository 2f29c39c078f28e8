// End-to-end: `compare`, `baseline` and `gate` on reports of real runs (the in-process
// websocketpp target and the one-bug servers of targets/faulty/), through the real CLI.
// Expected results are worked out here from the reports themselves, not pinned to case ids, so
// the catalogue can grow and be renamed without touching these tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_run.hpp"

using nlohmann::json;
using namespace wsh::test;

namespace {

// Runs the catalogue against a server and returns the path of its JSON report.
std::string conformance_report(const std::string& server_flags) {
  const std::string path = temp_path(".json");
  const auto r = wsharness("conformance " + server_flags + " --timeout-ms 1000 --quiet --json " + path);
  EXPECT_NE(r.exit_code, 2) << server_flags << "\n" << r.out << r.err;
  return path;
}

json load(const std::string& path) { return json::parse(slurp(path)); }

int rank(const std::string& verdict) { return verdict == "pass" ? 0 : verdict == "non-strict" ? 1 : 2; }

std::map<std::string, json> by_id(const json& report) {
  std::map<std::string, json> out;
  for (const auto& c : report.at("cases")) out[c.at("id")] = c;
  return out;
}

// The regressions, worked out from the two reports directly: verdict more severe, where both
// sides were judged (skipped is on no side of pass < non-strict < fail).
std::set<std::string> regressions(const json& before, const json& after) {
  const auto old_cases = by_id(before);
  std::set<std::string> out;
  for (const auto& c : after.at("cases")) {
    auto it = old_cases.find(c.at("id"));
    if (it == old_cases.end() || c.at("verdict") == "skipped" || it->second.at("verdict") == "skipped") continue;
    if (rank(c.at("verdict")) > rank(it->second.at("verdict"))) out.insert(c.at("id"));
  }
  return out;
}

// Cases failing on both sides, but in another way.
std::set<std::string> fails_with_another_finding(const json& before, const json& after) {
  const auto old_cases = by_id(before);
  std::set<std::string> out;
  for (const auto& c : after.at("cases")) {
    auto it = old_cases.find(c.at("id"));
    if (it != old_cases.end() && c.at("verdict") == "fail" && it->second.at("verdict") == "fail" &&
        c.at("finding") != it->second.at("finding"))
      out.insert(c.at("id"));
  }
  return out;
}

std::set<std::string> ids_with_verdict(const json& report, const std::string& verdict) {
  std::set<std::string> out;
  for (const auto& c : report.at("cases"))
    if (c.at("verdict") == verdict) out.insert(c.at("id"));
  return out;
}

// The first case of the catalogue, for runs that only need a valid --cases.
std::string first_case_id() {
  const auto r = wsharness("list-cases");
  return r.out.substr(0, r.out.find_first_of(" \n"));
}

std::set<std::string> ids_of_changes(const json& compare, const std::string& kind) {
  std::set<std::string> out;
  for (const auto& c : compare.at("changes"))
    if (c.at("change") == kind) out.insert(c.at("id"));
  return out;
}

}  // namespace

TEST(E2eCompare, AFaultyServerRegressesAgainstWebsocketpp) {
  const std::string wspp = conformance_report("--target websocketpp");
  const std::string wrong = conformance_report(faulty("faulty_wrong_code"));
  const std::string out_json = temp_path(".json"), out_junit = temp_path(".xml");

  const auto r = wsharness("compare " + wspp + " " + wrong + " --json " + out_json + " --junit " + out_junit);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const json cmp = load(out_json), old_report = load(wspp), new_report = load(wrong);
  const auto expected = regressions(old_report, new_report);
  ASSERT_GE(expected.size(), 20u);  // every invalid-UTF-8 case websocketpp gets right: 1007 -> 1002
  EXPECT_EQ(ids_of_changes(cmp, "regressed"), expected);
  // Every case is accounted for exactly once.
  EXPECT_EQ(cmp.at("changes").size() + cmp.at("summary").at("unchanged").get<std::size_t>(),
            old_report.at("cases").size());
  EXPECT_EQ(cmp.at("regressed"), true);
  EXPECT_NE(r.out.find("pass -> fail [wrong_code], close 1007 -> 1002"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("replay: wsharness conformance --command '" + std::string(FAULTY_DIR) + "/faulty_wrong_code"),
            std::string::npos)
      << r.out;
  // websocketpp already fails some of these (its known findings), differently: a change.
  const auto changed = ids_of_changes(cmp, "changed"), other_fail = fails_with_another_finding(old_report, new_report);
  EXPECT_FALSE(other_fail.empty());
  for (const auto& id : other_fail) EXPECT_TRUE(changed.count(id)) << id;
  const std::string junit = slurp(out_junit);
  EXPECT_NE(junit.find("failures=\"" + std::to_string(expected.size()) + "\""), std::string::npos) << junit;
  EXPECT_NE(junit.find("<failure type=\"regressed\""), std::string::npos);

  // The other way round it is all improvement: exit 0.
  const auto back = wsharness("compare " + wrong + " " + wspp + " --json " + out_json);
  EXPECT_EQ(back.exit_code, 0) << back.out;
  EXPECT_EQ(ids_of_changes(load(out_json), "improved"), expected);

  // A report against itself: nothing changed.
  const auto same = wsharness("compare " + wspp + " " + wspp);
  EXPECT_EQ(same.exit_code, 0) << same.out;
  EXPECT_NE(same.out.find("0 regressed, 0 improved, 0 changed, 0 added, 0 removed, "), std::string::npos) << same.out;
}

TEST(E2eCompare, ANarrowerRunListsRemovedCasesWithoutRegressing) {
  const std::string all = conformance_report(faulty("reference_server"));
  const std::string some = temp_path(".json");
  wsharness("conformance " + faulty("reference_server") + " --cases '" + first_case_id() + "' --json " + some);
  const std::string out_json = temp_path(".json");
  const auto r = wsharness("compare " + all + " " + some + " --json " + out_json);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const json cmp = load(out_json);
  EXPECT_EQ(cmp.at("summary").at("removed").get<std::size_t>() + cmp.at("summary").at("unchanged").get<std::size_t>(),
            load(all).at("cases").size());
  EXPECT_EQ(cmp.at("summary").at("unchanged"), 1);
  EXPECT_GT(cmp.at("summary").at("removed"), 0);
}

TEST(E2eBaseline, TheGateFailsOnlyOnNewFailures) {
  const std::string wspp = conformance_report("--target websocketpp");
  const std::string base = temp_path(".baseline.json");
  const auto made = wsharness("baseline " + wspp + " -o " + base);
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  // The baseline lists exactly the report's non-passes.
  std::set<std::string> accepted;
  const json report = load(wspp);
  auto non_pass = ids_with_verdict(report, "fail");
  non_pass.merge(ids_with_verdict(report, "non-strict"));
  const json b = load(base);
  EXPECT_EQ(b.at("kind"), "baseline");
  for (const auto& e : b.at("accepted")) accepted.insert(e.at("id"));
  EXPECT_EQ(accepted, non_pass);
  EXPECT_FALSE(accepted.empty());  // websocketpp 0.8.2 has known findings (docs/ARCHITECTURE.md)

  // A fresh run of the same library: everything known, exit 0.
  const auto again = wsharness("gate " + conformance_report("--target websocketpp") + " --baseline " + base);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("0 new, 0 changed, " + std::to_string(accepted.size()) + " known"), std::string::npos)
      << again.out;

  // A server with a new bug: its new failures fail the gate, each listed as NEW.
  const std::string wrong = conformance_report(faulty("faulty_wrong_code"));
  const auto worse = wsharness("gate " + wrong + " --baseline " + base);
  EXPECT_EQ(worse.exit_code, 1) << worse.out;
  const auto new_failures = ids_with_verdict(load(wrong), "fail");
  int listed = 0;
  for (const auto& id : new_failures)
    if (!accepted.count(id)) {
      EXPECT_NE(worse.out.find("\nNEW      " + id + " "), std::string::npos) << id << "\n" << worse.out;
      ++listed;
    }
  EXPECT_GT(listed, 0);
  EXPECT_NE(worse.out.find("FAIL ("), std::string::npos) << worse.out;

  // A correct server: every baseline entry it passes is fixed, exit 0.
  const std::string reference = conformance_report(faulty("reference_server"));
  const auto fixed = wsharness("gate " + reference + " --baseline " + base);
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out;
  std::size_t now_pass = 0;
  for (const auto& id : ids_with_verdict(load(reference), "pass")) now_pass += accepted.count(id);
  EXPECT_GT(now_pass, 0u);
  EXPECT_NE(fixed.out.find(", " + std::to_string(now_pass) + " fixed, "), std::string::npos) << fixed.out;

  // Drop one accepted entry by hand: that one failure is new again.
  json edited = b;
  edited.at("accepted").erase(edited.at("accepted").begin());
  const std::string edited_path = temp_path(".baseline.json");
  std::ofstream(edited_path) << edited.dump(2);
  const auto one = wsharness("gate " + wspp + " --baseline " + edited_path);
  EXPECT_EQ(one.exit_code, 1) << one.out;
  EXPECT_NE(one.out.find("FAIL (1 new failure)"), std::string::npos) << one.out;
}

TEST(E2eReportTools, BadInputIsOneLineAndExitTwo) {
  const std::string report = conformance_report("--target websocketpp --cases '" + first_case_id() + "'");
  const std::string cut = temp_path(".json"), base = temp_path(".json");
  const std::string text = slurp(report);
  std::ofstream(cut) << text.substr(0, text.size() / 2);
  wsharness("baseline " + report + " -o " + base);
  const std::vector<std::string> bad{
      "compare " + report + " /nonexistent.json",
      "compare " + cut + " " + report,
      "compare " + base + " " + report,  // a baseline is not a report
      "compare " + report,
      "baseline " + cut,
      "gate " + report + " --baseline " + report,  // a report is not a baseline
      "gate " + report,
      "report --html " + temp_path(".html") + " " + report + " " + cut,
      "report " + report,
  };
  for (const auto& args : bad) {
    const auto r = wsharness(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("wsharness: error: ", 0), 0u) << args << "\n" << r.err;
  }
}
