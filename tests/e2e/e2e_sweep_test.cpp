// End-to-end: `wsharness sweep` against Node.js ws versions installed from the npm registry into
// a cache in the build tree (so a second run installs nothing). Two cases only, a 500 ms
// deadline: each version runs in about a second once installed. Needs node, npm and the npm
// registry (CI has them); published versions never change, so the findings are fixed.
#include <gtest/gtest.h>

#include <cmath>

#include "cli_run.hpp"

using namespace wsh::test;
using nlohmann::json;

namespace {
const std::string cache = " --cache-dir '" WSH_SWEEP_TEST_CACHE "'";
// A surrogate in one text frame, and a close reason that is not UTF-8.
const std::string cases = " --cases '8.1/vector/surrogate/surrogate-d800,5.5.1/close-reason/overlong' --timeout-ms 500";

const json& version_of(const json& doc, const std::string& v) {
  for (const auto& e : doc.at("versions"))
    if (e.at("version") == v) return e;
  throw std::runtime_error("version not in the sweep: " + v);
}

std::string verdict_of(const json& version, const std::string& id) {
  for (const auto& c : version.at("report").at("cases"))
    if (c.at("id") == id) return c.at("verdict").get<std::string>() + " " + c.at("finding").get<std::string>();
  return "absent";
}
}  // namespace

// ws before 7.5.0 checks UTF-8 but then destroys the socket without a close frame; 8.13.0
// closes with 1007.
TEST(E2eSweep, TwoVersionsTheirSummariesAndWhatChanged) {
  const std::string html = temp_path(".html");
  const auto r = wsharness_json("sweep npm:ws@8.13.0,7.4.6" + cases + cache + " --html " + html);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;  // 7.4.6 has fails
  const auto& d = r.doc;
  EXPECT_EQ(d.at("package"), "npm:ws");
  ASSERT_EQ(d.at("versions").size(), 2u);
  EXPECT_EQ(d.at("versions")[0].at("version"), "7.4.6");  // in version order, not as typed
  const auto& old_ws = version_of(d, "7.4.6");
  const auto& new_ws = version_of(d, "8.13.0");
  EXPECT_EQ(old_ws.at("summary"), (json{{"pass", 0}, {"fail", 2}, {"non_strict", 0}, {"skipped", 0}}));
  EXPECT_EQ(new_ws.at("summary"), (json{{"pass", 2}, {"fail", 0}, {"non_strict", 0}, {"skipped", 0}}));
  EXPECT_EQ(verdict_of(old_ws, "8.1/vector/surrogate/surrogate-d800"), "fail tcp_drop");
  EXPECT_EQ(verdict_of(new_ws, "8.1/vector/surrogate/surrogate-d800"), "pass none");
  EXPECT_EQ(new_ws.at("report").at("target").at("version"), "8.13.0");
  ASSERT_EQ(d.at("changes").size(), 2u);
  for (const auto& c : d.at("changes")) {
    EXPECT_EQ(c.at("from"), "7.4.6");
    EXPECT_EQ(c.at("to"), "8.13.0");
    EXPECT_EQ(c.at("kind"), "verdict");
    EXPECT_EQ(c.at("before"), "fail");
    EXPECT_EQ(c.at("after"), "pass");
  }
  EXPECT_NE(r.out.find("7.4.6 -> 8.13.0  8.1/vector/surrogate/surrogate-d800: fail [tcp_drop] drop -> pass 1007"),
            std::string::npos)
      << r.out;
  const std::string page = slurp(html);
  EXPECT_NE(page.find("7.4.6"), std::string::npos);
  EXPECT_NE(page.find("8.13.0"), std::string::npos);
}

// Bisection over every release from 7.4.6 to 7.5.9: the exact release that started closing
// invalid UTF-8 with 1007 instead of dropping TCP, after probing O(log n) versions.
TEST(E2eSweep, BisectionNamesTheFirstChangedVersion) {
  const auto r = wsharness_json("sweep npm:ws@7.4.6..7.5.9 --bisect" + cases + cache);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto& d = r.doc;
  const auto n = d.at("candidates").size();
  ASSERT_GE(n, 10u);  // 7.4.6, 7.5.0 ... 7.5.9
  EXPECT_TRUE(d.at("bisected").get<bool>());
  EXPECT_LE(d.at("versions").size(), 2 + static_cast<std::size_t>(std::ceil(std::log2(n - 1.0))));
  EXPECT_EQ(d.at("first_changed"), WSH_WS_FIRST_1007);
  EXPECT_EQ(d.at("last_unchanged"), WSH_WS_LAST_DROPPING);
  EXPECT_EQ(d.at("boundaries").size(), 1u);
  EXPECT_EQ(verdict_of(version_of(d, WSH_WS_LAST_DROPPING), "8.1/vector/surrogate/surrogate-d800"),
            "fail tcp_drop");
  EXPECT_EQ(verdict_of(version_of(d, WSH_WS_FIRST_1007), "8.1/vector/surrogate/surrogate-d800"), "pass none");
  EXPECT_NE(r.out.find("bisect: first_changed " WSH_WS_FIRST_1007), std::string::npos) << r.out;
}

TEST(E2eSweep, BadInputIsOneLineAndExit2) {
  struct bad {
    std::string args, says;
  };
  for (const auto& b : std::vector<bad>{
           {"maven:org.springframework:spring-messaging@6.0.23", "no echo server for maven:org.springframework:spring-messaging"},
           {"maven:org.springframework:spring-websocket@6.0.99", "version 6.0.99 of maven:org.springframework:spring-websocket does not exist"},
           {"maven:org.springframework:spring-websocket@6.2.19..6.9.x", "6.9.x is not published"},
           {"crates:tungstenite@0.20.0..0.21.0", "no echo server for crates:tungstenite"},
           {"go:github.com/nobody/websocket@v1.0.0", "no echo server for go:github.com/nobody/websocket"},
           {"npm:ws", "bad sweep spec"},
           {"cpan:ws@1.0", "unknown ecosystem"},
           {"npm:ws@8.13.0 --cases 'no/such/*'", "no case matches"},
           {"npm:wsharness-no-such-package-e2e@1.0.0", "unknown package npm:wsharness-no-such-package-e2e"},
           {"npm:ws@8.99.99", "version 8.99.99 of npm:ws does not exist"},
           {"npm:ws@7.5.9..9.99.0", "9.99.0 is not published"},
           {"npm:ws@8.13.0..7.5.9", "backwards"},
           {"npm:ws@latest..8.13.0", "backwards"},  // latest is the newest release
       }) {
    const auto r = wsharness("sweep " + b.args + cache);
    EXPECT_EQ(r.exit_code, 2) << b.args << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find(b.says), std::string::npos) << b.args << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

// A Go module: built per version around targets/go/gorilla/main.go. gorilla does not check text
// for UTF-8 at all: the surrogate comes back echoed. Skipped without Go.
TEST(E2eSweep, GoModuleBuiltPerVersion) {
  if (run_shell("command -v go || test -x /usr/local/go/bin/go").exit_code != 0) GTEST_SKIP() << "no Go toolchain";
  const auto r = wsharness_json("sweep go:github.com/gorilla/websocket@v1.5.3" + cases + cache);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto& v = version_of(r.doc, "v1.5.3");
  EXPECT_TRUE(v.at("error").is_null()) << v.at("error");
  EXPECT_EQ(v.at("report").at("target").at("version"), "v1.5.3");  // the binary's own build info agrees
  EXPECT_EQ(verdict_of(v, "8.1/vector/surrogate/surrogate-d800"), "fail echoed_invalid");
}

// A Maven artifact: spring-websocket 6.0.23 built around targets/java/spring/SpringEcho.java
// through Spring Boot 3.1 (its embedded Tomcat 10.1), run as the `spring-text` endpoint with its
// policy: binary refused with 1003 passes, invalid text gets 1007 from Tomcat, an invalid close
// reason gets Tomcat's 1002 (Findings). About 30 s the first time (Maven Central), then cached.
// Skipped without java and mvn.
TEST(E2eSweep, MavenArtifactBuiltPerVersionThroughItsSpringBoot) {
  if (run_shell("command -v java && command -v mvn").exit_code != 0) GTEST_SKIP() << "no java or mvn";
  const auto r = wsharness_json("sweep maven:org.springframework:spring-websocket@6.0.23 --cases "
                                "'8.1/vector/surrogate/surrogate-d800,5.5.1/close-reason/overlong,7.4.1/binary/"
                                "single-frame' --timeout-ms 500" +
                                cache);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;  // the close reason
  const auto& v = version_of(r.doc, "6.0.23");
  EXPECT_TRUE(v.at("error").is_null()) << v.at("error");
  // What the jar itself reads from the classpath, with the Boot and Tomcat it was built with.
  EXPECT_EQ(v.at("report").at("target").at("version"), "6.0.23 (Spring Boot 3.1.12, Tomcat 10.1.24)");
  EXPECT_EQ(v.at("report").at("target").at("policy").at("binary_close_code"), 1003);
  EXPECT_EQ(verdict_of(v, "8.1/vector/surrogate/surrogate-d800"), "pass none");
  EXPECT_EQ(verdict_of(v, "7.4.1/binary/single-frame"), "pass none");
  EXPECT_EQ(verdict_of(v, "5.5.1/close-reason/overlong"), "fail wrong_code");
}
