// End-to-end: the no-close probe (issue #15; docs/ARCHITECTURE.md, "The no-close probe"). A server
// that never closes on invalid input answers the ping sent after the stream: its case ends after
// the grace instead of the deadline, with the verdict it gets without the probe (`wsharness
// compare` finds no change); a server that closes late in another layer gets its pass back with a
// longer --probe-grace-ms, and the default's no_close says so. No timings asserted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.hpp"

using nlohmann::json;
using namespace wsh::test;

namespace {

// The JSON report of `flags` (which include the server and cases); `exit_code` expected.
json report_of(const std::string& flags, int exit_code) {
  const std::string path = temp_path(".json");
  const auto r = wsharness("conformance " + flags + " --quiet --json " + path);
  EXPECT_EQ(r.exit_code, exit_code) << flags << "\n" << r.out << r.err;
  return json::parse(slurp(path));
}

}  // namespace

// websocketpp 0.8.2 never closes on its known bugs (12 cases): the probe ends them; every verdict
// is the one of waiting out the deadline. (The fail-fast cases' verdicts hang on the server
// answering within --pause-ms: 300 ms keeps a loaded machine from flipping one in one run only.)
TEST(E2eProbe, WebsocketppSameVerdictsWithAndWithoutTheProbe) {
  const std::string flags = "--target websocketpp --connections 16 --pause-ms 300 --timeout-ms 1500";
  const std::string without = temp_path(".json"), with = temp_path(".json");
  const auto a = wsharness("conformance " + flags + " --probe-grace-ms 0 --quiet --json " + without);
  const auto b = wsharness("conformance " + flags + " --quiet --json " + with);
  ASSERT_EQ(a.exit_code, 1) << a.out << a.err;
  ASSERT_EQ(b.exit_code, 1) << b.out << b.err;
  const json probed = json::parse(slurp(with));
  int answered = 0;
  for (const auto& c : probed.at("cases")) {
    if (c.at("observed").at("probe_pong_ms").is_null()) continue;
    ++answered;
    EXPECT_EQ(c.at("finding"), "no_close") << c.at("id");
    EXPECT_NE(c.at("why").get<std::string>().find("answered a ping sent after the last frame"), std::string::npos)
        << c.at("why");
    EXPECT_LT(c.at("observed").at("ms").get<long>(), 1500) << c.at("id") << ": ended before the deadline";
  }
  EXPECT_GE(answered, 1) << "websocketpp's no-close cases were probed";
  const std::string cmp_json = temp_path(".json");
  const auto cmp = wsharness("compare " + without + " " + with + " --json " + cmp_json);
  EXPECT_EQ(cmp.exit_code, 0) << cmp.out << cmp.err;
  EXPECT_TRUE(json::parse(slurp(cmp_json)).at("changes").empty()) << cmp.out;
}

// Closes with 1007, but 600 ms after the message, while its pongs come at once.
TEST(E2eProbe, ALateCloseInAnotherLayerNeedsALongerGrace) {
  const std::string flags = faulty("faulty_late_close") + " --cases '8.1/vector/surrogate/*' --connections 8";
  const json short_grace = report_of(flags, 1);
  for (const auto& c : short_grace.at("cases")) {
    EXPECT_EQ(c.at("finding"), "no_close") << c.at("id") << ": " << c.at("why");
    EXPECT_NE(c.at("why").get<std::string>().find("--probe-grace-ms N waits longer"), std::string::npos) << c.at("why");
  }
  const json long_grace = report_of(flags + " --probe-grace-ms 1500", 0);
  const json no_probe = report_of(flags + " --probe-grace-ms 0", 0);
  for (const json* r : {&long_grace, &no_probe})
    for (const auto& c : r->at("cases")) EXPECT_EQ(c.at("verdict"), "pass") << c.at("id") << ": " << c.at("why");
  EXPECT_FALSE(long_grace.at("cases").at(0).at("observed").at("probe_pong_ms").is_null()) << "probed, and waited";
  EXPECT_TRUE(no_probe.at("cases").at(0).at("observed").at("probe_ms").is_null());
}

// The replay command of a probed run repeats a non-default grace.
TEST(E2eProbe, ReplayKeepsTheGrace) {
  const json r = report_of(faulty("faulty_late_close") + " --cases '8.1/vector/surrogate/*' --probe-grace-ms 50", 1);
  EXPECT_NE(r.at("cases").at(0).at("replay").get<std::string>().find("--probe-grace-ms 50"), std::string::npos)
      << r.at("cases").at(0).at("replay");
}
