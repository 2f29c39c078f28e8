// End-to-end: `wsharness fuzz` alone (no catalogue) against every faulty server of
// targets/faulty/, the correct reference server and the in-process websocketpp target, and
// `wsharness replay` of what it saved. Everything runs against real servers over TCP.
#include <gtest/gtest.h>

#include "cli_run.hpp"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "wsh/bytes.hpp"
#include "wsh/frame.hpp"
#include "wsh/wire_input.hpp"

using nlohmann::json;

namespace {

using cli_run = wsh::test::json_run;
using wsh::test::slurp;
using wsh::test::temp_path;

// Runs `wsharness ARGS`; with want_json, adds --json and parses the campaign summary.
cli_run wsharness(const std::string& args, bool want_json = true) { return wsh::test::wsharness_json(args, want_json); }

std::string server(const std::string& program, const std::string& flags = "") {
  return wsh::test::faulty(program, flags);
}

const json* failure_with(const cli_run& r, const std::string& key_prefix) {
  for (const auto& f : r.doc.at("failures"))
    if (f.at("key").get<std::string>().rfind(key_prefix, 0) == 0) return &f;
  return nullptr;
}

std::string keys(const cli_run& r) {
  std::string s;
  for (const auto& f : r.doc.at("failures")) s += f.at("key").get<std::string>() + " ";
  return s;
}

}  // namespace

// One faulty server: the failure its bug must produce, how small it must shrink, and what every
// failure reported against it must share (so the fuzzer reports this bug and nothing else).
struct fuzz_bug {
  std::string program, flags;
  std::string key;            // prefix of the failure key that must be found
  std::size_t max_frames;     // shrunk size: at most 3 frames wherever the bug allows
  std::string every_key_has;  // a substring of every key reported
  std::string args = "";      // extra fuzz flags (run bounds)
};

void PrintTo(const fuzz_bug& b, std::ostream* os) { *os << b.program << b.flags; }

class E2eFuzzFaulty : public ::testing::TestWithParam<fuzz_bug> {};

TEST_P(E2eFuzzFaulty, FindsShrinksSavesAndReplaysItsBug) {
  const auto& p = GetParam();
  const std::string out_dir = temp_path("_findings");
  auto r = wsharness("fuzz " + server(p.program, p.flags) + p.flags + " --seed 1 --out " + out_dir + " " + p.args);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.doc.at("stopped_by"), "time") << r.out;
  const json* f = failure_with(r, p.key);
  ASSERT_NE(f, nullptr) << p.key << " not among: " << keys(r) << "\n" << r.out;
  EXPECT_LE(f->at("frames").get<std::size_t>(), p.max_frames) << f->dump(2);
  EXPECT_LE(f->at("frames").get<std::size_t>(), 3u);
  for (const auto& each : r.doc.at("failures"))
    EXPECT_NE(each.at("key").get<std::string>().find(p.every_key_has), std::string::npos) << keys(r);
  EXPECT_FALSE(r.doc.at("time_to_first_finding_ms").is_null());

  // The reproducer: saved, in the catalogue format, failing against this server only.
  const std::string file = f->at("file");
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  const std::string text = slurp(file);
  EXPECT_NE(text.find("# key:      " + f->at("key").get<std::string>()), std::string::npos) << text;
  EXPECT_NE(text.find("\ncase fuzz/"), std::string::npos) << text;
  auto still = wsharness("replay " + file + " " + server(p.program, p.flags), false);
  EXPECT_EQ(still.exit_code, 1) << still.out << still.err;
  EXPECT_NE(still.out.find("still failing: " + f->at("finding").get<std::string>()), std::string::npos) << still.out;
  auto fixed = wsharness("replay " + file + " " + server("reference_server", p.flags), false);
  EXPECT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_NE(fixed.out.find("passes now"), std::string::npos) << fixed.out;
}

// Run bounds: enough generated sequences for seed 1 to hit each bug; --max-failures 1 where every
// failing run waits out the deadline (a server that never closes), to keep shrinking short.
INSTANTIATE_TEST_SUITE_P(
    Bugs, E2eFuzzFaulty,
    ::testing::Values(
        fuzz_bug{"faulty_wrong_code", "", "wrong_code/invalid_utf8/", 1, "wrong_code/", "--runs 300"},
        fuzz_bug{"faulty_no_validation", "", "echoed_invalid/invalid_utf8/", 1, "_utf8/", "--runs 300 --timeout-ms 300"},
        fuzz_bug{"faulty_fragment_validation", "", "closed_valid/none/-", 2, "/none/-", "--runs 300"},
        fuzz_bug{"faulty_tcp_drop", "", "tcp_drop/invalid_utf8/", 1, "tcp_drop/", "--runs 300"},
        fuzz_bug{"faulty_replace_fffd", "", "replaced_invalid/invalid_utf8/", 1, "_utf8/", "--runs 300 --timeout-ms 300"},
        fuzz_bug{"faulty_not_fail_fast", "", "not_fail_fast/invalid_utf8/", 1, "not_fail_fast/invalid_utf8/",
                 "--runs 1000 --max-failures 1 --timeout-ms 300"},
        fuzz_bug{"faulty_close_reason", "", "wrong_code/invalid_close_reason/", 1, "wrong_code/invalid_close_reason/",
                 "--runs 300"},
        fuzz_bug{"faulty_discard_binary", " --text-only", "discarded_binary/binary_on_text_only/-", 1,
                 "/binary_on_text_only/", "--runs 1000 --max-failures 1 --timeout-ms 300"},
        fuzz_bug{"faulty_truncated_final", "", "echoed_invalid/truncated_utf8/truncated", 2, "/truncated_utf8/",
                 "--runs 600"},
        fuzz_bug{"faulty_rejects_noncharacters", "", "closed_valid/none/-", 1, "/none/-", "--runs 300"},
        // The accepted surrogate is echoed, or never failed in a message left open (not_fail_fast).
        fuzz_bug{"faulty_accepts_surrogates", "", "echoed_invalid/invalid_utf8/surrogate", 1,
                 "/invalid_utf8/surrogate", "--runs 300"}),
    [](const auto& info) { return info.param.program; });

// A correct server: no failure over thousands of generated sequences, for each policy.
TEST(E2eFuzzReference, NoFailureOverALongRun) {
  for (const std::string flags : {"", " --text-only --binary-close-code 1003"}) {
    const std::string runs = flags.empty() ? "3000" : "1500";
    auto r = wsharness("fuzz " + server("reference_server", flags) + flags + " --seed 7 --runs " + runs + " --out " +
                       temp_path("_none"));
    EXPECT_EQ(r.exit_code, 0) << flags << "\n" << r.out << r.err;
    EXPECT_EQ(r.doc.at("runs"), std::stoi(runs));
    EXPECT_EQ(r.doc.at("summary").at("fail"), 0) << r.out;
    EXPECT_TRUE(r.doc.at("failures").empty());
    EXPECT_TRUE(r.doc.at("time_to_first_finding_ms").is_null());
    EXPECT_EQ(r.out.find('\r'), std::string::npos) << "progress line outside a terminal";
  }
}

// websocketpp 0.8.2 has two known bugs (docs/ARCHITECTURE.md). The fuzzer must find both and
// nothing else: every failure is a fragmented text message ending mid-character (not failed), or
// an invalid close reason answered with 1002.
TEST(E2eFuzzWebsocketpp, FindsExactlyItsTwoKnownBugs) {
  auto r = wsharness("fuzz --target websocketpp --seed 3 --runs 1500 --out " + temp_path("_wspp"));
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  bool truncated = false, close_reason = false;
  for (const auto& f : r.doc.at("failures")) {
    const std::string key = f.at("key"), shape = f.at("shape");
    if (f.at("violation") == "truncated_utf8") {
      truncated = true;
      EXPECT_NE(shape.find("text~"), std::string::npos) << key << ": not fragmented: " << shape;
      EXPECT_NE(shape.find("cont"), std::string::npos) << key << ": not fragmented: " << shape;
      EXPECT_LE(f.at("frames").get<int>(), 3) << key;
    } else {
      EXPECT_EQ(key.rfind("wrong_code/invalid_close_reason/", 0), 0u) << key << ": " << f.dump() << "\n" << r.out;
      EXPECT_EQ(f.at("observed").at("close_code"), 1002) << key;
      EXPECT_EQ(f.at("frames"), 1) << key;
      close_reason = true;
    }
  }
  EXPECT_TRUE(truncated) << keys(r) << "\n" << r.out;
  EXPECT_TRUE(close_reason) << keys(r) << "\n" << r.out;
}

TEST(E2eFuzzCampaign, TheSameSeedRepeatsTheSameCampaign) {
  const std::string args = "fuzz " + server("faulty_wrong_code") + " --seed 11 --runs 150 --jobs 1 --out ";
  auto a = wsharness(args + temp_path("_a"));
  auto b = wsharness(args + temp_path("_b"));
  ASSERT_EQ(a.exit_code, 1);
  ASSERT_EQ(a.doc.at("failures").size(), b.doc.at("failures").size());
  for (std::size_t i = 0; i < a.doc.at("failures").size(); ++i) {
    const auto &x = a.doc.at("failures")[i], &y = b.doc.at("failures")[i];
    EXPECT_EQ(x.at("key"), y.at("key"));
    EXPECT_EQ(x.at("run"), y.at("run"));
    EXPECT_EQ(x.at("frames_hex"), y.at("frames_hex"));
  }
  EXPECT_EQ(a.doc.at("summary").at("fail"), b.doc.at("summary").at("fail"));
  EXPECT_EQ(a.doc.at("runs"), b.doc.at("runs"));
}

// --jobs N: N workers on the same endpoint; with --runs the same sequences are generated.
TEST(E2eFuzzCampaign, ParallelJobsRunTheSameSequences) {
  auto serial = wsharness("fuzz " + server("faulty_wrong_code") + " --seed 5 --runs 300 --out " + temp_path("_s"));
  auto parallel = wsharness("fuzz " + server("faulty_wrong_code") + " --seed 5 --runs 300 --jobs 3 --out " + temp_path("_p"));
  ASSERT_EQ(serial.exit_code, 1) << serial.out;
  ASSERT_EQ(parallel.exit_code, 1) << parallel.out;
  EXPECT_EQ(parallel.doc.at("jobs"), 3);
  EXPECT_EQ(parallel.doc.at("runs"), 300);
  EXPECT_EQ(keys(serial), keys(parallel));
  EXPECT_EQ(serial.doc.at("summary").at("fail"), parallel.doc.at("summary").at("fail"));
}

TEST(E2eFuzzCampaign, TimeBudgetAndMaxFailuresStopIt) {
  auto timed = wsharness("fuzz " + server("reference_server") + " --time 1s --seed 2 --out " + temp_path("_t"));
  EXPECT_EQ(timed.exit_code, 0) << timed.out;
  EXPECT_EQ(timed.doc.at("stopped_by"), "time");
  EXPECT_GE(timed.doc.at("duration_ms").get<long>(), 1000);
  EXPECT_LT(timed.doc.at("duration_ms").get<long>(), 4000);
  auto capped = wsharness("fuzz " + server("faulty_wrong_code") + " --runs 5000 --max-failures 2 --seed 2 --out " +
                          temp_path("_m"));
  EXPECT_EQ(capped.exit_code, 1);
  EXPECT_EQ(capped.doc.at("stopped_by"), "max-failures");
  EXPECT_EQ(capped.doc.at("failures").size(), 2u);
  EXPECT_LT(capped.doc.at("runs").get<int>(), 5000);
}

// Ctrl-C: the campaign stops, keeps what it saved (reproducers go out as soon as a failure is
// shrunk) and still writes its summary.
TEST(E2eFuzzCampaign, AnInterruptKeepsTheFindingsAndTheSummary) {
  const std::string out_dir = temp_path("_int"), summary = temp_path(".json"), log = temp_path(".log");
  const std::string cmd = std::string(WSHARNESS_BIN) + " fuzz " + server("faulty_wrong_code") +
                          " --time 60s --seed 9 --out " + out_dir + " --json " + summary + " >" + log + " 2>&1";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool saved = false;
  for (int i = 0; i < 200 && !saved; ++i) {  // up to 20 s for the first reproducer
    ::usleep(100 * 1000);
    saved = std::filesystem::exists(out_dir) && !std::filesystem::is_empty(out_dir);
  }
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(saved) << slurp(log);
  ASSERT_TRUE(WIFEXITED(status)) << slurp(log);
  EXPECT_EQ(WEXITSTATUS(status), 1) << slurp(log);
  const json j = json::parse(slurp(summary));
  EXPECT_EQ(j.at("stopped_by"), "interrupted");
  EXPECT_LT(j.at("duration_ms").get<long>(), 30000);
  ASSERT_FALSE(j.at("failures").empty());
  for (const auto& f : j.at("failures")) EXPECT_TRUE(std::filesystem::exists(f.at("file").get<std::string>()));
}

// A libFuzzer input replays over TCP: its frames, its policy, and its write size.
TEST(E2eReplay, LibFuzzerInputsReplayAgainstAServer) {
  const std::vector<wsh::frame> frames{wsh::text("ok"), wsh::text(wsh::to_bytes("a\xED\xA0\x80z"))};
  for (std::size_t write_size : {0, 1, 5}) {
    const std::string input = temp_path(".bin");
    const auto data = wsh::encode_wire_input(frames, {}, write_size);
    std::ofstream(input, std::ios::binary) << wsh::as_text(data);
    auto bad = wsharness("replay --libfuzzer-input " + input + " " + server("faulty_accepts_surrogates"), false);
    EXPECT_EQ(bad.exit_code, 1) << write_size << "\n" << bad.out << bad.err;
    EXPECT_NE(bad.out.find("still failing: echoed_invalid"), std::string::npos) << bad.out;
    auto good = wsharness("replay --libfuzzer-input " + input + " " + server("reference_server"), false);
    EXPECT_EQ(good.exit_code, 0) << write_size << "\n" << good.out << good.err;
  }
  // The input's policy bits make the endpoint text-only: binary must be refused.
  const std::string binary = temp_path(".bin");
  wsh::endpoint_policy text_only;
  text_only.text_only = true;
  const auto data = wsh::encode_wire_input({wsh::binary({1, 2, 3})}, text_only);
  std::ofstream(binary, std::ios::binary) << wsh::as_text(data);
  auto dropped = wsharness("replay --libfuzzer-input " + binary + " " + server("faulty_discard_binary", " --text-only"), false);
  EXPECT_EQ(dropped.exit_code, 1) << dropped.out;
  EXPECT_NE(dropped.out.find("discarded_binary"), std::string::npos) << dropped.out;
}

TEST(E2eFuzzCli, BadInputIsOneLineAndExitTwo) {
  const std::string empty = temp_path(".bin"), two_cases = temp_path(".cases"), broken = temp_path(".cases");
  std::ofstream(empty) << "";
  std::ofstream(two_cases) << "case a\n  desc a\n  send text\ncase b\n  desc b\n  send text\n";
  std::ofstream(broken) << "case a\n  desc a\n  send text mask:12\n";
  const std::vector<std::string> bad{
      "fuzz --target websocketpp --time abc",
      "fuzz --target websocketpp --time -5s",
      "fuzz --target websocketpp --jobs 0",
      "fuzz --runs 10",
      "fuzz --target no-such-server --runs 10",
      "replay --target websocketpp",
      "replay /no/such/file --target websocketpp",
      "replay " + two_cases + " --target websocketpp",
      "replay " + broken + " --target websocketpp",
      "replay --libfuzzer-input " + empty + " --target websocketpp",
      "replay " + two_cases + " --libfuzzer-input " + empty + " --target websocketpp",
  };
  for (const auto& args : bad) {
    auto r = wsharness(args, false);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("wsharness: error: ", 0), 0u) << args << "\n" << r.err;
  }
}
