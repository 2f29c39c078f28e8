// The parts of a sweep that touch processes, with fake ecosystems (shell commands, no registry,
// no network): bounded commands, the install cache, and a version that cannot install or start
// being marked with why instead of ending the sweep.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "wsh/bounded_command.hpp"
#include "wsh/install_cache.hpp"
#include "wsh/sweep.hpp"

using namespace wsh;
namespace fs = std::filesystem;

namespace {
std::string fresh_dir(const std::string& name) {
  const auto d = fs::path(::testing::TempDir()) / ("wsh_sweep_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(d);
  return d.string();
}

ecosystem fake(const std::string& install, const std::string& version_cmd = "echo 1.0.0",
               const std::string& server = "sh -c 'exit 3' {port}") {
  ecosystem e;
  e.name = "fake";
  e.registry = "a fake registry";
  e.interpreter = "sh";
  e.install_command = install;
  e.version_command = version_cmd;
  e.server_command = server;
  return e;
}
}  // namespace

TEST(BoundedCommand, OutputAndExitCode) {
  const auto r = run_bounded("echo out; echo err >&2; exit 3", 10);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.last_line(), "err");
  EXPECT_TRUE(run_bounded("true", 10).ok());
}

TEST(BoundedCommand, DeadlineKillsTheWholeGroup) {
  const std::string marker = fresh_dir("grandchild");
  const auto start = std::chrono::steady_clock::now();
  // A grandchild in the background would outlive a kill of the shell alone.
  const auto r = run_bounded("(sleep 3; touch " + marker + ") & sleep 30", 1);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.ok());
  EXPECT_LT(took, std::chrono::seconds(3));
  ::sleep(3);
  EXPECT_FALSE(fs::exists(marker)) << "the background child survived the deadline";
}

TEST(InstallCache, InstallsOnceThenReusesTheDirectory) {
  const std::string root = fresh_dir("cache");
  const auto eco = fake("mkdir -p {dir} && echo {pkg}-{version} > {dir}/installed");
  const auto first = install_version(eco, "lib/name", "1.2.3", root, 10);
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_FALSE(first.cached);
  EXPECT_EQ(first.dir, (fs::path(root) / "fake" / "lib+name" / "1.2.3").string());
  EXPECT_TRUE(fs::exists(fs::path(first.dir) / "installed"));
  const auto second = install_version(eco, "lib/name", "1.2.3", root, 10);
  EXPECT_TRUE(second.ok && second.cached);
  // Another interpreter is another install.
  const auto other = install_version(eco, "lib/name", "1.2.3", root, 10, "/opt/py/bin/python3.9");
  EXPECT_TRUE(other.ok && !other.cached);
  EXPECT_EQ(fs::path(other.dir).filename(), "1.2.3@python3.9");
}

// A cached install is reused only if it was made with the same recipe: editing the echo server
// it was built from (build_inputs) or the install command makes it again, in the same place.
TEST(InstallCache, AChangedRecipeInstallsAgain) {
  const std::string root = fresh_dir("recipe"), src = fresh_dir("recipe_src");
  fs::create_directories(fs::path(src) / "prog" / "sub");
  auto write = [&](const std::string& file, const std::string& text) { std::ofstream(fs::path(src) / file) << text; };
  write("prog/echo.txt", "one");
  write("prog/sub/build.sh", "b");
  auto eco = fake("mkdir -p {dir} && cat {src}/prog/echo.txt > {dir}/built");
  eco.build_inputs = {"prog"};
  auto built = [](const install_result& r) {
    std::ifstream in(fs::path(r.dir) / "built");
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto first = install_version(eco, "p", "1.0", root, 10, "", src);
  ASSERT_TRUE(first.ok) << first.error;
  EXPECT_FALSE(first.cached);
  EXPECT_TRUE(install_version(eco, "p", "1.0", root, 10, "", src).cached);

  write("prog/echo.txt", "two");  // the echo server changed
  const auto second = install_version(eco, "p", "1.0", root, 10, "", src);
  ASSERT_TRUE(second.ok) << second.error;
  EXPECT_FALSE(second.cached);
  EXPECT_EQ(second.dir, first.dir);
  EXPECT_EQ(built(second), "two");
  write("prog/sub/build.sh", "c");  // a file deeper in the folder counts too
  EXPECT_FALSE(install_version(eco, "p", "1.0", root, 10, "", src).cached);
  EXPECT_TRUE(install_version(eco, "p", "1.0", root, 10, "", src).cached);

  eco.install_command += " && true";  // the recipe itself changed
  EXPECT_FALSE(install_version(eco, "p", "1.0", root, 10, "", src).cached);
  EXPECT_NE(recipe_fingerprint(eco, "p", src), recipe_fingerprint(fake("true"), "p", src));
}

TEST(InstallCache, AFailedOrTimedOutInstallLeavesNothingBehind) {
  const std::string root = fresh_dir("failing");
  const auto failed = install_version(fake("mkdir -p {dir}; echo 'no such version' >&2; exit 1"), "p", "9.9", root, 10);
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.error, "install failed: no such version");
  const auto slow = install_version(fake("mkdir -p {dir}; sleep 30"), "p", "9.8", root, 1);
  EXPECT_FALSE(slow.ok);
  EXPECT_EQ(slow.error, "install timed out after 1 s");
  for (const auto& e : fs::recursive_directory_iterator(root))
    EXPECT_TRUE(e.is_directory()) << "left behind: " << e.path();
  EXPECT_FALSE(fs::exists(fs::path(root) / "fake" / "p" / "9.9"));
}

TEST(RunVersion, InstallAndStartFailuresAreMarkedNotThrown) {
  sweep_options opt;
  opt.cache_root = fresh_dir("run");
  opt.startup_timeout_ms = 1000;
  const std::vector<const test_case*> no_cases;
  const auto not_installed = run_version(fake("exit 1"), "p", "1.0", no_cases, opt);
  EXPECT_FALSE(not_installed.ok());
  EXPECT_EQ(not_installed.error.rfind("install failed", 0), 0u) << not_installed.error;
  EXPECT_EQ(verdicts_of(not_installed, {"a"}), verdict_vector{"error: install"});

  const auto cannot_load = run_version(fake("mkdir -p {dir}", "echo 'cannot import' >&2; exit 1"), "p", "1.1",
                                       no_cases, opt);
  EXPECT_EQ(cannot_load.error, "start failed: cannot import");
  EXPECT_EQ(verdicts_of(cannot_load, {"a"}), verdict_vector{"error: start"});

  const auto never_listens = run_version(fake("mkdir -p {dir}"), "p", "1.2", no_cases, opt);
  EXPECT_EQ(never_listens.error.rfind("start failed: ", 0), 0u) << never_listens.error;
  EXPECT_FALSE(never_listens.report.has_value());
  // Both compare equal, so bisection does not split a stretch of versions that cannot start.
  EXPECT_EQ(verdicts_of(cannot_load, {"a"}), verdicts_of(never_listens, {"a"}));
}

TEST(ConsecutiveChanges, VersionsWithoutAReportAreSkipped) {
  version_run a, broken, b;
  a.version = "1.0";
  broken.version = "1.1";
  broken.error = "start failed: x";
  b.version = "1.2";
  EXPECT_TRUE(consecutive_changes({a, broken, b}).empty());
}
