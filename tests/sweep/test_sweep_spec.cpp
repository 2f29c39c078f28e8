// Sweep specs: `eco:package@v1,v2` and `eco:package@a..b`, and what is refused as bad input.
#include <gtest/gtest.h>

#include "wsh/setup_error.hpp"
#include "wsh/sweep_spec.hpp"

using namespace wsh;

TEST(SweepSpec, ListOfVersions) {
  const auto s = parse_sweep_spec("npm:ws@1.1.5,3.3.3,7.5.9,8.13.0");
  EXPECT_EQ(s.ecosystem, "npm");
  EXPECT_EQ(s.package, "ws");
  EXPECT_FALSE(s.is_range());
  EXPECT_EQ(s.versions, (std::vector<std::string>{"1.1.5", "3.3.3", "7.5.9", "8.13.0"}));
}

TEST(SweepSpec, OneVersion) {
  const auto s = parse_sweep_spec("pypi:websockets@10.4");
  EXPECT_EQ(s.versions, std::vector<std::string>{"10.4"});
}

TEST(SweepSpec, Range) {
  const auto s = parse_sweep_spec("npm:ws@3.3.3..7.5.9");
  EXPECT_TRUE(s.is_range());
  EXPECT_EQ(s.from, "3.3.3");
  EXPECT_EQ(s.to, "7.5.9");
  EXPECT_TRUE(s.versions.empty());
}

TEST(SweepSpec, ScopedPackagesAndModulePaths) {
  EXPECT_EQ(parse_sweep_spec("npm:@scope/pkg@1.0.0").package, "@scope/pkg");
  const auto go = parse_sweep_spec("go:github.com/gorilla/websocket@v1.4.0..v1.5.3");
  EXPECT_EQ(go.package, "github.com/gorilla/websocket");
  EXPECT_EQ(go.from, "v1.4.0");
  const auto maven = parse_sweep_spec("maven:org.springframework:spring-websocket@5.3.0..6.2.0");
  EXPECT_EQ(maven.ecosystem, "maven");
  EXPECT_EQ(maven.package, "org.springframework:spring-websocket");
}

TEST(SweepSpec, BadSpecsAreOneLine) {
  for (const char* bad : {"ws@1.0.0", ":ws@1.0.0", "npm:ws", "npm:@1.0.0", "npm:ws@", "npm:ws@1.0.0,,2.0.0",
                          "npm:ws@1.0.0,", "npm:ws@..2.0.0", "npm:ws@1.0.0..", "npm:ws@1..2..3", "npm:ws@1,2..3",
                          "npm:ws@1.0.0,1.0.0", "npm:w s@1.0.0"}) {
    try {
      parse_sweep_spec(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const setup_error& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}
