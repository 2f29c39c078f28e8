// End-to-end: the real CLI against the real in-process websocketpp target and against the
// faulty servers of targets/faulty/ (spawned with --command), reading its JSON report.
#include <gtest/gtest.h>

#include "cli_run.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using nlohmann::json;

namespace {

using cli_run = wsh::test::json_run;
using wsh::test::slurp;
using wsh::test::temp_path;

// Runs `wsharness ARGS`; with want_json, adds --json and parses the report.
cli_run wsharness(const std::string& args, bool want_json = true) { return wsh::test::wsharness_json(args, want_json); }

using wsh::test::faulty;

int count_verdict(const cli_run& r, const std::string& verdict) {
  int n = 0;
  for (const auto& c : r.doc.at("cases")) n += c.at("verdict") == verdict;
  return n;
}

}  // namespace

// websocketpp 0.8.2 is correct on all but these, which are real bugs of the library (see
// docs/ARCHITECTURE.md "Known findings"); pinned so a change either way is noticed.
TEST(E2eWebsocketpp, PassesEverythingButItsKnownFindings) {
  auto r = wsharness("conformance --target websocketpp --timeout-ms 500");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::map<std::string, std::string> pinned{
      // end-of-message UTF-8 check skipped for fragmented messages: message dropped, no close
      {"8.1/invalid-fragmented/truncated-last-fragment", "no_close"},
      {"8.1/invalid-fragmented/truncated-across-last-two", "no_close"},
      {"8.1/invalid-fragmented/truncated-after-empty-final", "no_close"},
      {"8.1/deflate/invalid-truncated-fragmented", "no_close"},
      {"8.1/split/after-first-byte/kosme-prefix-3", "no_close"},
      {"8.1/split/after-first-byte/kosme-prefix-4", "no_close"},
      {"8.1/split/after-first-byte/kosme-prefix-6", "no_close"},
      {"8.1/split/after-first-byte/kosme-prefix-8", "no_close"},
      {"8.1/split/after-first-byte/kosme-prefix-10", "no_close"},
      {"8.1/split/after-first-byte/missing-last-efbf", "no_close"},
      {"8.1/split/after-first-byte/truncated-2of3-at-end", "no_close"},
      {"8.1/split/after-first-byte/truncated-3of4-at-end", "no_close"},
      // invalid close reason failed as a protocol error (1002) instead of 1007
      {"5.5.1/close-reason/invalid-surrogate", "wrong_code"},
      {"5.5.1/close-reason/truncated-at-end", "wrong_code"},
      {"5.5.1/close-reason/overlong", "wrong_code"},
      {"5.5.1/close-reason/lone-continuation-middle", "wrong_code"},
      {"5.5.1/close-reason/after-message", "wrong_code"},
      {"5.5.1/close-reason/split-over-writes", "wrong_code"},
  };
  // ... and so is every close reason of the write-split families (5.5.1/close-reason/split-write/*).
  auto expected = pinned;
  std::size_t splits = 0;
  for (const auto& c : r.doc.at("cases")) {
    const std::string id = c.at("id");
    if (id.starts_with("5.5.1/close-reason/split-write/")) expected[id] = "wrong_code", ++splits;
  }
  EXPECT_EQ(splits, 41u);
  EXPECT_EQ(r.findings("fail"), expected);
  EXPECT_EQ(count_verdict(r, "non-strict"), 0);
  EXPECT_EQ(r.doc.at("target").at("name"), "websocketpp");
  EXPECT_EQ(r.doc.at("target").at("version"), "0.8.2");
  EXPECT_GE(r.doc.at("cases").size(), 300u);
  // Every failure is actionable on the console: hex frames, expectation, replay command.
  EXPECT_NE(r.out.find("replay:   wsharness conformance --target websocketpp --timeout-ms 500 --cases "
                       "5.5.1/close-reason/invalid-surrogate"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("88 96 37 fa 21 3d"), std::string::npos) << r.out;
}

TEST(E2eWebsocketpp, TextOnlyRefusesBinaryWithThePolicyCode) {
  for (const std::string code : {"1007", "1003"}) {
    auto r = wsharness("conformance --target websocketpp --text-only --binary-close-code " + code +
                       " --cases '7.4.1/*'");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const auto& c = r.case_of("7.4.1/binary/after-text");
    EXPECT_EQ(c.at("verdict"), "pass");
    EXPECT_EQ(c.at("observed").at("close_code"), std::stoi(code));
    EXPECT_EQ(c.at("observed").at("echoed"), 1);  // the text before it was echoed
  }
}

TEST(E2eReference, CorrectServerGetsNoFail) {
  for (const std::string flags : {"", " --text-only", " --text-only --binary-close-code 1003"}) {
    auto r = wsharness("conformance " + faulty("reference_server", flags) + flags + " --timeout-ms 1000");
    EXPECT_EQ(r.exit_code, 0) << flags << "\n" << r.out << r.err;
    // The reference server has no permessage-deflate: exactly the deflate cases are skipped.
    int deflate_cases = 0;
    for (const auto& c : r.doc.at("cases")) deflate_cases += c.at("deflate").get<bool>();
    EXPECT_GT(deflate_cases, 0);
    EXPECT_EQ(count_verdict(r, "skipped"), deflate_cases) << flags;
    EXPECT_EQ(count_verdict(r, "pass"), static_cast<int>(r.doc.at("cases").size()) - deflate_cases)
        << flags << "\n" << r.out;
  }
}

struct faulty_case {
  std::string program, flags, cases;
  std::map<std::string, std::string> must_find;  // case id -> finding
  std::string clean_cases;                       // cases the bug does not touch: must pass
};

void PrintTo(const faulty_case& c, std::ostream* os) { *os << c.program << c.flags << " --cases " << c.cases; }

class E2eFaulty : public ::testing::TestWithParam<faulty_case> {};

TEST_P(E2eFaulty, CatchesItsOneBug) {
  const auto& p = GetParam();
  auto r = wsharness("conformance " + faulty(p.program, p.flags) + p.flags + " --timeout-ms 400 --cases '" +
                     p.cases + "'");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const auto& [id, kind] : p.must_find) {
    const auto& c = r.case_of(id);
    EXPECT_EQ(c.at("finding"), kind) << id << ": " << c.dump(2);
    EXPECT_NE(c.at("verdict"), "pass") << id;
  }
  if (!p.clean_cases.empty()) {
    auto clean = wsharness("conformance " + faulty(p.program, p.flags) + p.flags + " --timeout-ms 400 --cases '" +
                           p.clean_cases + "'");
    EXPECT_EQ(clean.exit_code, 0) << clean.out;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, E2eFaulty,
    ::testing::Values(
        faulty_case{"faulty_wrong_code", "", "8.1/vector/surrogate/*,6.4.1",
                    {{"8.1/vector/surrogate/surrogate-d800", "wrong_code"},
                     {"8.1/fail-fast/frames-after-sequence", "wrong_code"}},
                    "8.1/vector/valid/*,8.1/valid-fragmented/*"},
        faulty_case{"faulty_no_validation", "", "8.1/vector/overlong/*",
                    {{"8.1/vector/overlong/overlong-slash-2", "echoed_invalid"}},
                    "8.1/vector/valid/*,8.1/valid-fragmented/*"},
        faulty_case{"faulty_fragment_validation", "", "8.1/valid-fragmented/split-*",
                    {{"8.1/valid-fragmented/split-4byte-at-2", "closed_valid"},
                     {"8.1/valid-fragmented/split-2byte-at-1", "closed_valid"}},
                    "8.1/vector/boundary/*,8.1/invalid-fragmented/*"},
        faulty_case{"faulty_tcp_drop", "", "8.1/vector/too-large/*",
                    {{"8.1/vector/too-large/boundary-u+110000", "tcp_drop"}},
                    "8.1/vector/valid/*,8.1/valid-fragmented/*"},
        faulty_case{"faulty_replace_fffd", "", "8.1/vector/surrogate/*",
                    {{"8.1/vector/surrogate/surrogate-pair-d800-dc00", "replaced_invalid"}},
                    "8.1/vector/valid/*,8.1/valid-fragmented/*"},
        faulty_case{"faulty_not_fail_fast", "", "8.1/fail-fast/*",
                    {{"8.1/fail-fast/frames-after-sequence", "late_close"},
                     {"8.1/fail-fast/writes-at-bad-byte", "late_close"},
                     {"8.1/fail-fast/never-finished", "not_fail_fast"}},
                    "8.1/vector/*"},
        faulty_case{"faulty_close_reason", "", "5.5.1/*",
                    {{"5.5.1/close-reason/invalid-surrogate", "wrong_code"}},
                    "5.5.1/close-reason/valid-*,8.1/vector/*"},
        faulty_case{"faulty_discard_binary", " --text-only", "7.4.1/*",
                    {{"7.4.1/binary/single-frame", "discarded_binary"},
                     {"7.4.1/binary/after-text", "discarded_binary"}},
                    "8.1/valid-fragmented/*"},
        faulty_case{"faulty_truncated_final", "", "8.1/invalid-fragmented/*",
                    {{"8.1/invalid-fragmented/truncated-last-fragment", "echoed_invalid"},
                     {"8.1/invalid-fragmented/truncated-across-last-two", "echoed_invalid"}},
                    "8.1/vector/*,8.1/valid-fragmented/*"},
        faulty_case{"faulty_rejects_noncharacters", "", "8.1/vector/noncharacter/*",
                    {{"8.1/vector/noncharacter/nonchar-u+fffe", "closed_valid"},
                     {"8.1/vector/noncharacter/nonchar-u+10ffff", "closed_valid"},
                     {"8.1/vector/noncharacter/nonchar-u+fdd0", "closed_valid"}},
                    "8.1/vector/surrogate/*,8.1/vector/valid/*,8.1/vector/special/u+fffd"},
        faulty_case{"faulty_accepts_surrogates", "", "8.1/vector/surrogate/*,8.1/split/*/surrogate-*",
                    {{"8.1/vector/surrogate/surrogate-d800", "echoed_invalid"},
                     {"8.1/vector/surrogate/surrogate-pair-dbff-dfff", "echoed_invalid"},
                     {"8.1/split/after-bad-byte/surrogate-dfff", "echoed_invalid"}},
                    "8.1/vector/valid/*,8.1/vector/overlong/*,8.1/vector/boundary/*"},
        // A payload split over two writes: the second read loses 2 bytes, so what was invalid
        // can come out valid and be echoed. Whole payloads in one read: clean.
        faulty_case{"faulty_split_read", "", "8.1/split-write/*",
                    {{"8.1/split-write/before-bad-sequence/kosme-prefix-4", "echoed_invalid"},
                     {"8.1/split-write/before-bad-sequence/lone-continuation-in-text", "echoed_invalid"}},
                    "8.1/vector/*,8.1/valid-fragmented/*"}),
    [](const auto& info) { return info.param.program; });

TEST(E2eNonStrict, LateCloseIsReportedButIsNotAFailure) {
  auto r = wsharness("conformance " + faulty("faulty_not_fail_fast") + " --cases '6.4.*'");
  EXPECT_EQ(r.exit_code, 0) << r.out;  // non-strict alone does not fail a gate
  EXPECT_EQ(count_verdict(r, "non-strict"), 4) << r.out;
  EXPECT_EQ(r.doc.at("summary").at("non_strict"), 4);
}

TEST(E2eCli, BadInputIsOneLineAndExitTwo) {
  const std::vector<std::string> bad{
      "conformance --target no-such-server",
      "conformance --target websocketpp --no-such-flag",
      "conformance --target websocketpp --binary-close-code 1002",
      "conformance --url ws://127.0.0.1:1/",
      "conformance --url http://example/",
      "conformance --target websocketpp --cases 'no/such/*'",
      "conformance --command 'true'",
      "conformance --command 'exit 3 # {port}'",
      "conformance --target websocketpp --name other",
      "conformance --command '" + std::string(FAULTY_DIR) + "/reference_server --port {port}' --version-command false",
      "conformance --command '" + std::string(FAULTY_DIR) + "/reference_server --port {port}' --startup-timeout-ms 5",
      "conformance",
      "bogus-subcommand",
  };
  for (const auto& args : bad) {
    auto r = wsharness(args, false);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("wsharness: error: ", 0), 0u) << args << "\n" << r.err;
  }
}

// A user's own server through --command, named and versioned like a built-in target.
TEST(E2eCli, CommandTakesANameAVersionCommandAndAStartupDeadline) {
  const auto r = wsharness("conformance " + faulty("reference_server") +
                           " --name my-server --version-command 'echo 9.9.9; echo ignored' --startup-timeout-ms 3000"
                           " --cases '8.1/zero-length/*'");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.doc.at("target").at("name"), "my-server");
  EXPECT_EQ(r.doc.at("target").at("version"), "9.9.9");
  EXPECT_NE(r.out.find("against my-server 9.9.9"), std::string::npos) << r.out;
  // Replay commands name the server the same way.
  EXPECT_NE(r.doc.at("cases").at(0).at("replay").get<std::string>().find("--name my-server"), std::string::npos);
}

// --markdown: the CI job summary. Counts, then each non-passing case with its finding and a
// replay command; report text cannot break the table or open Markdown syntax.
TEST(E2eReports, MarkdownSummaryListsNonPassingCasesWithReplayCommands) {
  const std::string md = temp_path(".md");
  const auto r = wsharness("conformance " + faulty("faulty_wrong_code") +
                               " --name 'wrong|code' --cases '8.1/vector/surrogate/*,8.1/zero-length/*' --markdown " + md,
                           false);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string text = slurp(md);
  EXPECT_NE(text.find("| target | version | pass | fail |"), std::string::npos) << text;
  EXPECT_NE(text.find("| wrong\\|code |"), std::string::npos) << "the pipe in the name is escaped\n" << text;
  EXPECT_NE(text.find("**FAIL** `8.1/vector/surrogate/surrogate-d800` (reference suite 6.20.1): wrong_code"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("```sh\n  wsharness conformance"), std::string::npos) << text;
  EXPECT_NE(text.find("--cases 8.1/vector/surrogate/surrogate-d800\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("zero-length"), std::string::npos) << "passing cases are not listed\n" << text;
}

// --targets-file: a user's servers as data rows, used like built-in targets (one or several,
// listed by `targets`); malformed files are one line and exit 2.
TEST(E2eCli, TargetsFileAddsTargetsLikeBuiltInOnes) {
  const std::string file = temp_path("-targets.json");
  const std::string dir = FAULTY_DIR;
  std::ofstream(file) << R"({"targets": [
    {"name": "my-reference", "command": ")" << dir << R"(/reference_server --port {port}",
     "version_command": "echo 1.2.3", "library": "our own server", "language": "C++"},
    {"name": "my-wrong-code", "command": ")" << dir << R"(/faulty_wrong_code --port {port}",
     "policy": {"text_only": true, "binary_close_code": 1003}, "startup_timeout_ms": 5000},
    {"name": "my-limited", "command": ")" << dir << R"(/reference_server --port {port}",
     "policy": {"max_message_size": 65536}}]})";
  const auto one = wsharness("conformance --targets-file " + file + " --target my-reference --cases '8.1/zero-length/*'");
  ASSERT_EQ(one.exit_code, 0) << one.out << one.err;
  EXPECT_EQ(one.doc.at("target").at("name"), "my-reference");
  EXPECT_EQ(one.doc.at("target").at("version"), "1.2.3");
  EXPECT_NE(one.doc.at("cases").at(0).at("replay").get<std::string>().find("--targets-file"), std::string::npos);

  const std::string dir_out = temp_path("_user_targets");
  const auto both = wsharness("conformance --targets-file " + file +
                                  " --target my-reference,my-wrong-code --cases '8.1/vector/surrogate/surrogate-d800'"
                                  " --json-dir " + dir_out,
                              false);
  EXPECT_EQ(both.exit_code, 1) << both.out << both.err;
  const json wrong = json::parse(slurp(dir_out + "/my-wrong-code.json"));
  EXPECT_EQ(wrong.at("target").at("policy").at("binary_close_code"), 1003);
  EXPECT_EQ(wrong.at("cases").at(0).at("finding"), "wrong_code");

  // A declared size limit reaches the report; --max-message-size overrides it, and replays carry it.
  const auto limited = wsharness("conformance --targets-file " + file + " --target my-limited --cases '8.1/zero-length/*'");
  ASSERT_EQ(limited.exit_code, 0) << limited.out << limited.err;
  EXPECT_EQ(limited.doc.at("target").at("policy").at("max_message_size"), 65536);
  const auto flagged = wsharness("conformance --targets-file " + file +
                                 " --target my-limited --max-message-size 100 --cases '8.1/zero-length/*'");
  ASSERT_EQ(flagged.exit_code, 0) << flagged.out << flagged.err;
  EXPECT_EQ(flagged.doc.at("target").at("policy").at("max_message_size"), 100);
  EXPECT_NE(flagged.doc.at("cases").at(0).at("replay").get<std::string>().find("--max-message-size 100"),
            std::string::npos);
  EXPECT_TRUE(one.doc.at("target").at("policy").at("max_message_size").is_null());

  const auto listed = wsharness("targets --json --targets-file " + file, false);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"my-wrong-code\""), std::string::npos);

  const std::vector<std::string> malformed{
      R"({"targets": [{"command": "x {port}"}]})",                       // no name
      R"({"targets": [{"name": "a", "command": "x"}]})",                 // no {port}
      R"({"targets": [{"name": "websocketpp", "command": "x {port}"}]})",  // taken
      R"({"targets": [{"name": "a", "command": "x {port}", "policy": {"binary_close_code": 1002}}]})",
      R"({"targets": [{"name": "a", "command": "x {port}", "policy": {"max_message_size": 0}}]})",
      R"({"targets": [{"name": "a", "command": "x {port}", "policy": {"max_message_size": "1 MiB"}}]})",
      R"({"targets": {}})",
      "not json",
  };
  for (const auto& text : malformed) {
    std::ofstream(file) << text;
    const auto r = wsharness("conformance --targets-file " + file + " --target a", false);
    EXPECT_EQ(r.exit_code, 2) << text << "\n" << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << text << "\n" << r.err;
    EXPECT_NE(r.err.find("targets file"), std::string::npos) << r.err;
  }
}

// `wsharness autobahn SPEC`: a reference-suite fuzzingclient spec as projects have it in CI, and
// its reports read back by a parser written the way those CI scripts read them.
TEST(E2eAutobahn, SpecRunsOurCasesAndWritesTheReferenceSuitesReports) {
  wsh::test::spawned_server good("reference_server"), bad("faulty_wrong_code");
  ASSERT_GT(good.port(), 0);
  ASSERT_GT(bad.port(), 0);
  const std::string outdir = temp_path("_autobahn"), spec = temp_path("-spec.json");
  std::ofstream(spec) << R"({"outdir": ")" << outdir << R"(", "options": {"failByDrop": false},
    "servers": [{"agent": "Good Server/1.0", "url": ")" << good.url() << R"(", "options": {"version": 18}},
                {"agent": "bad", "url": ")" << bad.url() << R"("}],
    "cases": ["6.1.*", "6.20.1", "7.5.1", "1.1.1"], "exclude-cases": ["6.1.3"],
    "exclude-agent-cases": {"bad": ["7.5.*"]}})";
  const auto r = wsharness("autobahn " + spec + " --timeout-ms 1000", false);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // "bad" fails 6.20.1 with 1002
  EXPECT_NE(r.out.find("not run: 1.1.1"), std::string::npos) << r.out;

  const json index = json::parse(slurp(outdir + "/index.json"));
  const std::set<std::string> good_cases{"6.1.1", "6.1.2", "6.20.1", "7.5.1"}, bad_cases{"6.1.1", "6.1.2", "6.20.1"};
  std::set<std::string> got_good, got_bad;
  for (const auto& [id, c] : index.at("Good Server/1.0").items()) got_good.insert(id);
  for (const auto& [id, c] : index.at("bad").items()) got_bad.insert(id);
  EXPECT_EQ(got_good, good_cases);
  EXPECT_EQ(got_bad, bad_cases);
  const json& wrong = index.at("bad").at("6.20.1");
  EXPECT_EQ(wrong.at("behavior"), "FAILED");
  EXPECT_EQ(wrong.at("behaviorClose"), "WRONG CODE");
  EXPECT_EQ(wrong.at("remoteCloseCode"), 1002);
  EXPECT_EQ(wrong.at("reportfile"), "bad_case_6_20_1.json");
  EXPECT_EQ(index.at("Good Server/1.0").at("6.20.1").at("reportfile"), "good_server_1_0_case_6_20_1.json");
  EXPECT_EQ(index.at("Good Server/1.0").at("6.20.1").at("behavior"), "OK");
  EXPECT_TRUE(std::filesystem::exists(outdir + "/wsharness-bad.json"));

  const auto parsed = wsh::test::run_shell("python3 " + std::string(WSH_TESTS_DIR) + "/e2e/autobahn_ci_parser.py " + outdir);
  EXPECT_EQ(parsed.exit_code, 1) << parsed.out << parsed.err;
  EXPECT_NE(parsed.out.find("bad 6.20.1 FAILED WRONG CODE"), std::string::npos) << parsed.out;
  EXPECT_NE(parsed.out.find("agents=2 cases=7 failed=1"), std::string::npos) << parsed.out;
  // The one-line check many projects use.
  EXPECT_EQ(wsh::test::run_shell("grep -q FAILED " + outdir + "/index.json").exit_code, 0);
}

TEST(E2eAutobahn, BadSpecsAreOneLineAndLeaveNothingBehind) {
  const std::string outdir = temp_path("_autobahn_bad"), spec = temp_path("-bad-spec.json");
  const std::vector<std::string> bad{
      "not json",
      R"({"outdir": ")" + outdir + R"(", "servers": []})",
      R"({"outdir": ")" + outdir + R"(", "servers": [{"agent": "a", "url": "wss://127.0.0.1:1/"}]})",
      R"({"outdir": ")" + outdir + R"(", "servers": [{"agent": "a"}]})",
      R"({"outdir": ")" + outdir + R"(", "servers": [{"agent": "a", "url": "ws://127.0.0.1:1/"}], "cases": "6.*"})",
      R"({"outdir": ")" + outdir + R"(", "servers": [{"agent": "a", "url": "ws://127.0.0.1:1/"}]})",  // unreachable
  };
  for (const auto& text : bad) {
    std::ofstream(spec) << text;
    const auto r = wsharness("autobahn " + spec, false);
    EXPECT_EQ(r.exit_code, 2) << text << "\n" << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << text << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(outdir + "/index.json")) << text;
  }
  EXPECT_EQ(wsharness("autobahn /no/such/spec.json", false).exit_code, 2);
}

// --confirm N: a failing case runs again; a failure that does not repeat the same way is flaky,
// counted apart, every run kept in the JSON, and it fails the run only with --strict-flaky.
TEST(E2eConfirm, AFailureThatDoesNotRepeatIsFlakyAndOneThatDoesStaysAFail) {
  const std::string cases = " --cases '8.1/vector/surrogate/surrogate-d800,8.1/vector/surrogate/surrogate-db7f'";
  const auto flaky = wsharness("conformance " + faulty("faulty_flaky_code") + cases + " --confirm 3");
  EXPECT_EQ(flaky.exit_code, 0) << flaky.out << flaky.err;
  EXPECT_EQ(flaky.doc.at("summary").at("flaky"), 2) << flaky.out;
  EXPECT_EQ(flaky.doc.at("summary").at("fail"), 0) << flaky.out;
  for (const auto& c : flaky.doc.at("cases")) {
    EXPECT_EQ(c.at("verdict"), "flaky");
    ASSERT_EQ(c.at("attempts").size(), 2u) << c.dump();  // the second run already disagreed
    EXPECT_EQ(c.at("attempts").at(0).at("close_code"), 1002);
    EXPECT_EQ(c.at("attempts").at(1).at("verdict"), "pass");
  }
  EXPECT_NE(flaky.out.find("FLAKY"), std::string::npos) << flaky.out;
  EXPECT_NE(flaky.out.find("2 flaky"), std::string::npos) << flaky.out;
  EXPECT_EQ(wsharness("conformance " + faulty("faulty_flaky_code") + cases + " --confirm 3 --strict-flaky").exit_code, 1);

  const auto always = wsharness("conformance " + faulty("faulty_wrong_code") + cases + " --confirm 2");
  EXPECT_EQ(always.exit_code, 1) << always.out;
  EXPECT_EQ(always.doc.at("summary").at("fail"), 2);
  for (const auto& c : always.doc.at("cases")) EXPECT_EQ(c.at("attempts").size(), 3u) << c.dump();

  // A gate: flaky is not a new failure unless asked.
  const std::string report = temp_path(".json"), base = temp_path("-baseline.json");
  wsharness("conformance " + faulty("faulty_flaky_code") + cases + " --confirm 3 --json " + report, false);
  std::ofstream(base) << R"({"tool": "wsharness", "kind": "baseline", "accepted": []})";
  EXPECT_EQ(wsharness("gate " + report + " --baseline " + base, false).exit_code, 0);
  EXPECT_EQ(wsharness("gate " + report + " --baseline " + base + " --strict-flaky", false).exit_code, 1);
}

TEST(E2eProfiles, AutobahnProfileAcceptsATcpDropTheStrictOneReports) {
  const std::string args = "conformance " + faulty("faulty_tcp_drop") + " --cases '8.1/vector/overlong/*'";
  auto strict = wsharness(args);
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_EQ(strict.case_of("8.1/vector/overlong/overlong-nul-2").at("finding"), "tcp_drop");
  auto autobahn = wsharness(args + " --profile autobahn");
  EXPECT_EQ(autobahn.exit_code, 0) << autobahn.out;
  EXPECT_EQ(autobahn.doc.at("profile"), "autobahn");
}

TEST(E2eCli, CaseFilesAddCasesAndMalformedOnesAreRejected) {
  const std::string good = temp_path(".cases"), bad = temp_path(".cases");
  std::ofstream(good) << "rfc RFC 6455 §8.1\ncase mine/surrogate-at-end\n  desc mine\n  send text \"ok\\xED\\xBF\\xBF\"\n";
  std::ofstream(bad) << "case mine/broken\n  desc x\n  send text \"unterminated\n";
  auto r = wsharness("conformance --target websocketpp --cases-file " + good + " --cases 'mine/*'");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.case_of("mine/surrogate-at-end").at("observed").at("close_code"), 1007);
  auto b = wsharness("conformance --target websocketpp --cases-file " + bad, false);
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find(":3: unterminated string"), std::string::npos) << b.err;
  EXPECT_EQ(std::count(b.err.begin(), b.err.end(), '\n'), 1) << b.err;
}

// A release gate with a baseline of websocketpp's known findings passes; a new failure fails it.
TEST(E2eGate, BaselineAcceptsKnownFindingsOnly) {
  const std::string known = temp_path(".json"), base = temp_path("-baseline.json");
  auto first = wsharness("conformance --target websocketpp --cases '5.5.1/*' --json " + known, false);
  ASSERT_EQ(first.exit_code, 1) << first.out;
  ASSERT_EQ(wsharness("baseline " + known + " -o " + base, false).exit_code, 0);
  auto gated = wsharness("conformance --target websocketpp --cases '5.5.1/*' --baseline " + base);
  EXPECT_EQ(gated.exit_code, 0) << gated.out;
  auto other = wsharness("conformance " + faulty("faulty_tcp_drop") + " --cases '5.5.1/*' --baseline " + base);
  EXPECT_EQ(other.exit_code, 1) << other.out;  // tcp_drop is not the accepted wrong_code
}

// --max-time stops starting cases; the report says so and the run exits 1, never "clean".
TEST(E2eGate, MaxTimeLeavesAnIncompleteReport) {
  auto r = wsharness("conformance " + faulty("faulty_not_fail_fast") + " --cases '8.1/fail-fast/*,8.1/vector/*' "
                     "--timeout-ms 1500 --max-time 1");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_FALSE(r.doc.at("complete").get<bool>());
  EXPECT_LT(r.doc.at("cases").size(), r.doc.at("cases_planned").get<std::size_t>());
  EXPECT_NE(r.out.find("INCOMPLETE: --max-time"), std::string::npos) << r.out;
}

TEST(E2eCli, ListCasesShowsBothIdSchemes) {
  auto all = wsharness("list-cases", false);
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_NE(all.out.find("7.5.1"), std::string::npos);
  EXPECT_NE(all.out.find("6.23.7"), std::string::npos);
  auto ff = wsharness("list-cases --cases '6.4.*'", false);
  EXPECT_NE(ff.out.find("\n4 cases\n"), std::string::npos) << ff.out;
  auto targets = wsharness("targets", false);
  EXPECT_NE(targets.out.find("websocketpp"), std::string::npos);
  EXPECT_NE(targets.out.find("0.8.2"), std::string::npos);
}

TEST(E2eReports, JsonAndJunitCarryTheContract) {
  const std::string junit = temp_path(".xml");
  auto r = wsharness("conformance --target websocketpp --cases '5.5.1/*,8.1/zero-length/empty-message' --junit " + junit);
  EXPECT_EQ(r.exit_code, 1);
  const auto& doc = r.doc;
  for (const char* key : {"tool", "version", "target", "duration_ms", "summary", "cases"})
    EXPECT_TRUE(doc.contains(key)) << key;
  EXPECT_EQ(doc.at("tool"), "wsharness");
  EXPECT_EQ(doc.at("summary").at("fail"), 47);  // 6 + the 41 close-reason write splits
  EXPECT_EQ(doc.at("summary").at("pass"), 3);
  const auto& c = r.case_of("5.5.1/close-reason/invalid-surrogate");
  EXPECT_EQ(c.at("ref_id"), "7.5.1");
  EXPECT_EQ(c.at("group"), "5.5.1/close-reason");
  EXPECT_EQ(c.at("expected").at("close_code"), 1007);
  EXPECT_EQ(c.at("observed").at("close_code"), 1002);
  EXPECT_EQ(c.at("observed").at("close_frame"), true);
  EXPECT_EQ(c.at("frames_hex").at(0).get<std::string>().substr(0, 4), "8896");
  EXPECT_NE(c.at("replay").get<std::string>().find("--cases 5.5.1/close-reason/invalid-surrogate"),
            std::string::npos);
  EXPECT_TRUE(r.case_of("8.1/zero-length/empty-message").at("expected").at("close_code").is_null());
  EXPECT_NE(c.at("rfc").get<std::string>().find("§5.5.1"), std::string::npos);
  const std::string xml = slurp(junit);
  EXPECT_NE(xml.find("tests=\"50\" failures=\"47\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure type=\"wrong_code\""), std::string::npos) << xml;
}
