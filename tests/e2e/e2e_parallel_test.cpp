// End-to-end: `conformance --connections N` (cases without pauses on N connections at once, the
// fail-fast ones after, one at a time) gets the verdicts of one case at a time, case for case,
// in the same order: `wsharness compare` of the two reports finds no change. No timings asserted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.hpp"

using nlohmann::json;
using namespace wsh::test;

namespace {

// The whole catalogue against `server_flags` with `connections`; the JSON report's path.
std::string catalogue_report(const std::string& server_flags, int connections) {
  const std::string path = temp_path(".json");
  const auto r = wsharness("conformance " + server_flags + " --timeout-ms 1000 --quiet --connections " +
                           std::to_string(connections) + " --json " + path);
  EXPECT_NE(r.exit_code, 2) << server_flags << "\n" << r.out << r.err;
  return path;
}

std::vector<std::string> ids(const json& report) {
  std::vector<std::string> out;
  for (const auto& c : report.at("cases")) out.push_back(c.at("id"));
  return out;
}

void expect_same_verdicts(const std::string& server_flags) {
  const std::string one = catalogue_report(server_flags, 1), eight = catalogue_report(server_flags, 8);
  const json a = json::parse(slurp(one)), b = json::parse(slurp(eight));
  EXPECT_EQ(a.at("complete"), true) << server_flags;
  EXPECT_EQ(b.at("complete"), true) << server_flags;
  EXPECT_EQ(ids(a), ids(b)) << server_flags << ": the report keeps the catalogue's order";
  const std::string cmp_json = temp_path(".json");
  const auto cmp = wsharness("compare " + one + " " + eight + " --json " + cmp_json);
  EXPECT_EQ(cmp.exit_code, 0) << server_flags << "\n" << cmp.out << cmp.err;
  const json c = json::parse(slurp(cmp_json));
  EXPECT_TRUE(c.at("changes").empty()) << server_flags << "\n" << cmp.out;
  EXPECT_EQ(c.at("summary").at("unchanged").get<std::size_t>(), a.at("cases").size()) << server_flags;
}

}  // namespace

TEST(E2eParallel, WebsocketppInProcessSameVerdicts) { expect_same_verdicts("--target websocketpp"); }

TEST(E2eParallel, ReferenceServerSameVerdicts) { expect_same_verdicts(faulty("reference_server")); }

TEST(E2eParallel, FaultyServersSameVerdicts) {
  expect_same_verdicts(faulty("faulty_wrong_code"));
  expect_same_verdicts(faulty("faulty_not_fail_fast"));  // its verdicts hang on the paused cases
}

TEST(E2eParallel, ReplayCommandsCarryConnections) {
  const std::string path = catalogue_report("--target websocketpp --cases '6.*'", 4);
  const json r = json::parse(slurp(path));
  ASSERT_FALSE(r.at("cases").empty());
  EXPECT_NE(r.at("cases")[0].dump().find("--connections 4"), std::string::npos) << r.at("cases")[0].dump();
}
