// Version order per ecosystem (semver, PEP 440's simple forms, Maven), ranges over a registry's
// listing, the last patch of every minor, and the parsers of the registries' listings.
#include <gtest/gtest.h>

#include "wsh/ecosystem.hpp"
#include "wsh/setup_error.hpp"
#include "wsh/version_order.hpp"

using namespace wsh;
using versions = std::vector<std::string>;

namespace {
// Every element strictly before the next one, in both directions.
void expect_ascending(version_scheme s, const versions& v) {
  for (std::size_t i = 0; i + 1 < v.size(); ++i) {
    EXPECT_LT(compare_versions(s, v[i], v[i + 1]), 0) << v[i] << " < " << v[i + 1];
    EXPECT_GT(compare_versions(s, v[i + 1], v[i]), 0) << v[i + 1] << " > " << v[i];
  }
}
}  // namespace

TEST(VersionOrder, Semver) {
  expect_ascending(version_scheme::semver,
                   {"0.4.9", "0.4.10", "1.0.0", "2.0.0-beta.0", "2.0.0-beta.1", "2.0.0-beta.2", "2.0.0-rc.1", "2.0.0",
                    "2.0.1", "7.5.9", "7.5.10", "8.2.0", "8.13.0"});
  // Numeric identifiers before alphanumeric ones; a shorter prefix first (semver 11.4).
  expect_ascending(version_scheme::semver, {"1.0.0-1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0"});
  EXPECT_EQ(compare_versions(version_scheme::semver, "v1.5.3", "1.5.3"), 0);  // Go's leading v
  EXPECT_EQ(compare_versions(version_scheme::semver, "1.0.0+build.1", "1.0.0"), 0);
  EXPECT_TRUE(is_prerelease(version_scheme::semver, "2.0.0-beta.0"));
  EXPECT_FALSE(is_prerelease(version_scheme::semver, "v1.5.3"));
}

TEST(VersionOrder, Pep440) {
  expect_ascending(version_scheme::pep440, {"1.0", "2.7", "3.4", "8.0", "8.0.1", "8.0.2", "8.1", "9.0", "9.0.1", "10.0.dev1",
                                            "10.0a1", "10.0b2", "10.0rc1", "10.0", "10.0.post1", "10.4", "11.0",
                                            "11.0.3", "16.1.1", "17.0", "17.0.1", "17.4"});
  EXPECT_EQ(compare_versions(version_scheme::pep440, "8.0", "8.0.0"), 0);
  EXPECT_TRUE(is_prerelease(version_scheme::pep440, "10.0rc1"));
  EXPECT_TRUE(is_prerelease(version_scheme::pep440, "10.0.dev1"));
  EXPECT_FALSE(is_prerelease(version_scheme::pep440, "10.0.post1"));
}

TEST(VersionOrder, Maven) {
  expect_ascending(version_scheme::maven, {"4.3.30.RELEASE", "5.3.0-M1", "5.3.0-RC1", "5.3.0", "5.3.31", "6.0.0-M1",
                                           "6.0.0", "6.2.0"});
  EXPECT_EQ(compare_versions(version_scheme::maven, "5.2.0.RELEASE", "5.2.0"), 0);
}

TEST(VersionOrder, SortIsByVersionNotText) {
  versions v{"8.13.0", "1.1.5", "8.2.0", "10.0.0", "3.3.3"};
  sort_versions(version_scheme::semver, v);
  EXPECT_EQ(v, (versions{"1.1.5", "3.3.3", "8.2.0", "8.13.0", "10.0.0"}));
}

TEST(VersionRange, EverythingBetweenBothEndsIncluded) {
  const versions published{"3.3.3", "3.2.0", "4.0.0", "4.1.0", "5.0.0-beta", "5.0.0", "7.5.9", "8.0.0", "2.0.0"};
  EXPECT_EQ(select_range(version_scheme::semver, published, "3.3.3", "7.5.9"),
            (versions{"3.3.3", "4.0.0", "4.1.0", "5.0.0", "7.5.9"}));
  EXPECT_EQ(select_range(version_scheme::semver, published, "3.3.3", "7.5.9", true),
            (versions{"3.3.3", "4.0.0", "4.1.0", "5.0.0-beta", "5.0.0", "7.5.9"}));
  EXPECT_EQ(select_range(version_scheme::semver, published, "4.0.0", "4.0.0"), versions{"4.0.0"});
  // A pre-release named as an end is kept.
  EXPECT_EQ(select_range(version_scheme::semver, published, "5.0.0-beta", "5.0.0"), (versions{"5.0.0-beta", "5.0.0"}));
}

TEST(VersionRange, UnpublishedEndsAndBackwardsRangesAreBadInput) {
  const versions published{"1.0.0", "2.0.0"};
  EXPECT_THROW(select_range(version_scheme::semver, published, "1.0.0", "3.0.0"), setup_error);
  EXPECT_THROW(select_range(version_scheme::semver, published, "0.9.0", "2.0.0"), setup_error);
  EXPECT_THROW(select_range(version_scheme::semver, published, "2.0.0", "1.0.0"), setup_error);
}

TEST(VersionRange, LastPatchPerMinor) {
  EXPECT_EQ(last_patch_per_minor(version_scheme::semver,
                                 {"1.0.0", "1.0.1", "1.1.0", "1.1.5", "2.0.0", "7.5.9", "7.5.10", "7.4.6", "8.0.0"}),
            (versions{"1.0.1", "1.1.5", "2.0.0", "7.4.6", "7.5.10", "8.0.0"}));
  EXPECT_EQ(last_patch_per_minor(version_scheme::pep440, {"8.0", "8.0.1", "8.0.2", "8.1", "10.4", "11.0", "11.0.3"}),
            (versions{"8.0.2", "8.1", "10.4", "11.0.3"}));
}

TEST(VersionRange, SeriesIsItsNewestRelease) {
  const versions published{"5.3.9", "5.3.39", "5.3.4", "6.0.23", "6.2.0", "6.2.19", "6.3.0-M1", "4.3.30.RELEASE"};
  EXPECT_EQ(newest_of_series(version_scheme::maven, published, "5.3.x"), "5.3.39");
  EXPECT_EQ(newest_of_series(version_scheme::maven, published, "6.x"), "6.2.19");
  EXPECT_EQ(newest_of_series(version_scheme::maven, published, "4.3.x"), "4.3.30.RELEASE");
  EXPECT_EQ(newest_of_series(version_scheme::maven, published, "6.3.x"), "6.3.x");  // only a pre-release
  EXPECT_EQ(newest_of_series(version_scheme::maven, published, "6.2.0"), "6.2.0");  // not a series
  EXPECT_EQ(newest_of_series(version_scheme::semver, {"v1.4.0", "v1.5.0", "v1.5.3"}, "v1.5.x"), "v1.5.3");
  EXPECT_EQ(newest_of_series(version_scheme::pep440, {"10.0", "10.4", "11.0"}, "10.x"), "10.4");
}

TEST(VersionRange, LatestIsTheNewestRelease) {
  EXPECT_EQ(newest_release(version_scheme::semver, {"8.13.0", "9.0.0-beta.1", "8.2.0", "1.0.0"}), "8.13.0");
  EXPECT_EQ(newest_release(version_scheme::pep440, {"17.4", "17.3", "18.0rc1", "9.1"}), "17.4");
  EXPECT_EQ(newest_release(version_scheme::semver, {"1.0.0-alpha", "1.0.0-beta"}), "1.0.0-beta");
  EXPECT_EQ(newest_release(version_scheme::semver, {}), "");
}

TEST(RegistryListing, NpmViewVersionsJson) {
  EXPECT_EQ(parse_npm_versions(R"(["0.2.6", "1.1.5", "8.13.0"])"), (versions{"0.2.6", "1.1.5", "8.13.0"}));
  EXPECT_EQ(parse_npm_versions(R"("1.0.0")"), versions{"1.0.0"});  // a package with one version
  EXPECT_TRUE(parse_npm_versions("not json").empty());
}

TEST(RegistryListing, GoListVersions) {
  EXPECT_EQ(parse_go_list_versions("github.com/gorilla/websocket v1.4.0 v1.4.1 v1.5.3\n"),
            (versions{"v1.4.0", "v1.4.1", "v1.5.3"}));
  EXPECT_TRUE(parse_go_list_versions("github.com/untagged/module\n").empty());
}

TEST(RegistryListing, CratesSparseIndex) {
  EXPECT_EQ(parse_crates_index("{\"name\":\"t\",\"vers\":\"0.20.0\",\"yanked\":false}\n"
                               "{\"name\":\"t\",\"vers\":\"0.20.1\",\"yanked\":true}\n"
                               "{\"name\":\"t\",\"vers\":\"0.21.0\"}\n"),
            (versions{"0.20.0", "0.21.0"}));
}

TEST(RegistryListing, MavenMetadataXml) {
  // Abridged from Maven Central's org/springframework/spring-websocket/maven-metadata.xml: its
  // <latest>/<release> are a pre-release there, and name no version of their own.
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<metadata>
  <groupId>org.springframework</groupId>
  <artifactId>spring-websocket</artifactId>
  <versioning>
    <latest>7.1.0-M1</latest>
    <release>7.1.0-M1</release>
    <versions>
      <version>4.0.0.RELEASE</version>
      <version>5.3.39</version>
      <version> 6.0.23 </version>
      <version>6.2.19</version>
      <version>7.0.0-RC3</version>
      <version>7.1.0-M1</version>
    </versions>
    <lastUpdated>20261120091511</lastUpdated>
  </versioning>
</metadata>
)";
  const versions listed = parse_maven_metadata(xml);
  EXPECT_EQ(listed, (versions{"4.0.0.RELEASE", "5.3.39", "6.0.23", "6.2.19", "7.0.0-RC3", "7.1.0-M1"}));
  EXPECT_EQ(newest_release(version_scheme::maven, listed), "6.2.19");
  EXPECT_TRUE(parse_maven_metadata("<html><body>404 Not Found</body></html>").empty());
  EXPECT_TRUE(parse_maven_metadata("<metadata><versioning><versions></versions></versioning></metadata>").empty());
  EXPECT_TRUE(parse_maven_metadata("<metadata><versions><version>1.0").empty());  // cut off: nothing half-read
}

TEST(RegistryListing, PipIndexVersions) {
  EXPECT_EQ(parse_pip_index_versions("websockets (17.4)\nAvailable versions: 17.4, 17.3, 10.4, 8.0\n"),
            (versions{"17.4", "17.3", "10.4", "8.0"}));
  EXPECT_TRUE(parse_pip_index_versions("ERROR: No matching distribution found for nope\n").empty());
}

TEST(Ecosystems, EveryRowIsSupportedAndUnknownIsOneLine) {
  EXPECT_EQ(find_ecosystem("npm").scheme, version_scheme::semver);
  EXPECT_EQ(find_ecosystem("pypi").scheme, version_scheme::pep440);
  EXPECT_EQ(find_ecosystem("go").scheme, version_scheme::semver);
  EXPECT_EQ(find_ecosystem("maven").scheme, version_scheme::maven);
  for (const auto& e : ecosystems()) EXPECT_TRUE(e.unsupported.empty()) << e.name;
  try {
    find_ecosystem("cpan");
    ADD_FAILURE();
  } catch (const setup_error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown ecosystem 'cpan' (known: npm, pypi, maven, go, crates)"),
              std::string::npos)
        << e.what();
  }
}

// Maven's echo server is the `spring-text` target's endpoint, judged by the same policy.
TEST(Ecosystems, MavenSweepsSpringWebSocketWithTheSpringTextPolicy) {
  const auto& maven = find_ecosystem("maven");
  EXPECT_EQ(echo_program(maven, "org.springframework:spring-websocket"), "spring");
  EXPECT_THROW(echo_program(maven, "org.springframework:spring-messaging"), setup_error);
  EXPECT_TRUE(maven.policy.text_only);
  EXPECT_EQ(maven.policy.binary_close_code, 1003);
  EXPECT_EQ(maven.policy.max_message_size, std::optional<std::uint64_t>(8192));
  EXPECT_NE(maven.server_command.find("--handler text"), std::string::npos);
  EXPECT_FALSE(find_ecosystem("npm").policy.text_only);  // the others echo text and binary
}

TEST(Ecosystems, GoModulesHaveTheirOwnEchoServer) {
  const auto& go = find_ecosystem("go");
  EXPECT_EQ(echo_program(go, "github.com/gorilla/websocket"), "gorilla");
  EXPECT_EQ(echo_program(go, "github.com/gobwas/ws"), "gobwas");
  EXPECT_THROW(echo_program(go, "github.com/nobody/websocket"), setup_error);
  EXPECT_EQ(echo_program(find_ecosystem("npm"), "ws"), "");  // echo.js takes the package as it is
  EXPECT_EQ(echo_program(find_ecosystem("crates"), "tokio-tungstenite"), "tokio_tungstenite_echo");
}

TEST(Ecosystems, CommandsQuoteEverySubstitutedValue) {
  EXPECT_EQ(expand_command("node {src}/echo.js {pkg} --port {port}", {{"src", "/a b"}, {"pkg", "it's"}}),
            "node '/a b'/echo.js 'it'\\''s' --port {port}");
}
