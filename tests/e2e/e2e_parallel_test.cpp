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

// The catalogue against `server_flags` (which may narrow it with --cases) with `connections`;
// the JSON report's path. websocketpp never closes on its known bug: 12 cases wait out the
// whole --timeout-ms, one after another with --connections 1. The fail-fast cases' verdicts hang
// on the server answering within --pause-ms: 300 ms keeps a loaded machine (CI, 2 shared cores)
// from flipping one of them to non-strict in only one of the two runs.
// Servers that never wait out a deadline keep the default 2 s: on a loaded machine a short one
// fails handshakes in one run and not the other.
std::string catalogue_report(const std::string& server_flags, int connections, int timeout_ms = 2000) {
  const std::string path = temp_path(".json");
  const auto r = wsharness("conformance " + server_flags + " --timeout-ms " + std::to_string(timeout_ms) +
                           " --pause-ms 300 --quiet --connections " + std::to_string(connections) + " --json " + path);
  EXPECT_NE(r.exit_code, 2) << server_flags << "\n" << r.out << r.err;
  return path;
}

std::vector<std::string> ids(const json& report) {
  std::vector<std::string> out;
  for (const auto& c : report.at("cases")) out.push_back(c.at("id"));
  return out;
}

void expect_same_verdicts(const std::string& server_flags, int timeout_ms = 2000) {
  const std::string one = catalogue_report(server_flags, 1, timeout_ms),
                    eight = catalogue_report(server_flags, 8, timeout_ms);
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

TEST(E2eParallel, WebsocketppInProcessSameVerdicts) { expect_same_verdicts("--target websocketpp", 1000); }

TEST(E2eParallel, ReferenceServerSameVerdicts) { expect_same_verdicts(faulty("reference_server")); }

// Its verdicts hang on the paused (fail-fast) cases: pass, late_close or not_fail_fast.
// (The groups with fragmented or paused invalid messages: one at a time, every case costs the
// command adapter's 30 ms alive() check, so the whole catalogue would double this test's time.)
TEST(E2eParallel, NotFailFastServerSameVerdicts) {
  expect_same_verdicts(faulty("faulty_not_fail_fast") +
                       " --cases '8.1/fail-fast/*,8.1/invalid-fragmented/*,8.1/split/after-first-byte/*,5.5.1/*'");
}

// Hostile servers, each case alone or 8 at once: the same verdicts. `crash` dies on every case
// (each fails with server_died: the parallel phase stops, the server is restarted, the rest runs
// one at a time); `slowloris` never answers, so every case waits out its full deadline.
TEST(E2eParallel, HostileServersSameVerdicts) {
  // (Not close-after-upgrade: whether its close is seen before the first write is a race even
  // one case at a time.)
  for (const std::string behaviour : {"crash", "slowloris"}) {
    const std::string flags = "--command '" + std::string(FAULTY_DIR) + "/hostile_server --port {port} --behaviour " +
                              behaviour + "' --cases '8.1/vector/valid/*' --timeout-ms 1000";
    const std::string one = temp_path(".json"), eight = temp_path(".json");
    for (const auto& [n, path] : {std::pair{1, one}, std::pair{8, eight}}) {
      const auto r = wsharness("conformance " + flags + " --quiet --connections " + std::to_string(n) + " --json " + path);
      EXPECT_EQ(r.exit_code, 1) << behaviour << "\n" << r.out << r.err;
    }
    const json a = json::parse(slurp(one)), b = json::parse(slurp(eight));
    EXPECT_EQ(b.at("complete"), true) << behaviour;
    EXPECT_GE(b.at("cases").size(), 10u) << behaviour;
    EXPECT_EQ(ids(a), ids(b)) << behaviour;
    if (behaviour == "crash") {
      for (const auto& c : b.at("cases")) EXPECT_EQ(c.at("finding"), "server_died") << c.at("id");
    }
    const std::string cmp_json = temp_path(".json");
    const auto cmp = wsharness("compare " + one + " " + eight + " --json " + cmp_json);
    EXPECT_EQ(cmp.exit_code, 0) << behaviour << "\n" << cmp.out << cmp.err;
    EXPECT_TRUE(json::parse(slurp(cmp_json)).at("changes").empty()) << behaviour << "\n" << cmp.out;
  }
}

// Replay commands carry the flag (a replay of one case runs it alone either way).
TEST(E2eParallel, ReplayCommandsCarryConnections) {
  const std::string path = catalogue_report("--target websocketpp --cases '6.*'", 4);
  const json r = json::parse(slurp(path));
  ASSERT_FALSE(r.at("cases").empty());
  EXPECT_NE(r.at("cases")[0].at("replay").get<std::string>().find(" --connections 4 "), std::string::npos)
      << r.at("cases")[0].at("replay");
}
