// Robustness: the CLI against targets/faulty/hostile_server, one misbehaviour per run. Every run
// must end within its bound with the exact verdict, never a crash or a hang, and a TCP drop is
// never taken for a correct close.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/resource.h>

#include "cli_run.hpp"
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using nlohmann::json;

namespace {

struct run_result {
  int exit_code = -1;
  double seconds = 0;
  json report;
  std::string err;
};

using wsh::test::slurp;

// Two cases: a valid message (must be echoed) and an invalid one (must get 1007).
run_result against(const std::string& behaviour, const std::string& extra = "") {
  const std::string base = ::testing::TempDir() + "wsh_hostile_" + std::to_string(::getpid()) + "_" + behaviour;
  const std::string cmd = std::string(WSHARNESS_BIN) + " conformance --command '" + FAULTY_DIR +
                          "/hostile_server --port {port} --behaviour " + behaviour + extra +
                          "' --cases '8.1/vector/valid/kosme,8.1/vector/surrogate/surrogate-d800' --timeout-ms 600" +
                          " --json " + base + ".json >" + base + ".out 2>" + base + ".err";
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(cmd.c_str());
  run_result r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(base + ".err");
  if (r.exit_code != 2) r.report = json::parse(slurp(base + ".json"));
  return r;
}

const json& by_id(const run_result& r, const std::string& id) {
  for (const auto& c : r.report.at("cases"))
    if (c.at("id") == id) return c;
  throw std::runtime_error("no case " + id);
}

struct hostile_case {
  std::string behaviour;
  std::string valid_finding, invalid_finding;  // what the harness must report for each case
  std::string why_contains;                    // a phrase of the invalid case's reason
};

void PrintTo(const hostile_case& c, std::ostream* os) { *os << c.behaviour; }

class E2eHostile : public ::testing::TestWithParam<hostile_case> {};

TEST_P(E2eHostile, EndsInBoundedTimeWithTheExactVerdict) {
  const auto& p = GetParam();
  auto r = against(p.behaviour);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  // Two cases of at most 600 ms each, plus start-up and a grace for the server's own close.
  EXPECT_LT(r.seconds, 6.0);
  const auto& valid = by_id(r, "8.1/vector/valid/kosme");
  const auto& invalid = by_id(r, "8.1/vector/surrogate/surrogate-d800");
  EXPECT_EQ(valid.at("verdict"), "fail");
  EXPECT_EQ(valid.at("finding"), p.valid_finding) << valid.dump(2);
  EXPECT_EQ(invalid.at("verdict"), "fail");
  // "a|b": either (a FIN that our next write turns into an RST: which one the kernel reports is timing).
  const std::string got = invalid.at("finding");
  EXPECT_NE(("|" + p.invalid_finding + "|").find("|" + got + "|"), std::string::npos) << invalid.dump(2);
  EXPECT_NE(invalid.at("why").get<std::string>().find(p.why_contains), std::string::npos) << invalid.at("why");
}

INSTANTIATE_TEST_SUITE_P(
    Behaviours, E2eHostile,
    ::testing::Values(
        hostile_case{"silent-upgrade", "handshake_failed", "handshake_failed", "no upgrade response"},
        hostile_case{"bad-accept", "handshake_failed", "handshake_failed", "Sec-WebSocket-Accept"},
        hostile_case{"http-404", "handshake_failed", "handshake_failed", "404"},
        hostile_case{"redirect", "handshake_failed", "handshake_failed", "302"},
        hostile_case{"garbage", "handshake_failed", "handshake_failed", "instead of 101"},
        hostile_case{"close-after-upgrade", "missing_echo", "tcp_drop|tcp_reset", "without a close frame"},
        hostile_case{"slowloris", "missing_echo", "no_close", "no close within"},
        hostile_case{"trickle", "missing_echo", "no_close", "no close within"},
        hostile_case{"huge-length", "protocol_error", "protocol_error", "9223372036854775807"},
        hostile_case{"close-1-byte", "bad_close_frame", "bad_close_frame", "1-byte payload"},
        hostile_case{"close-code-1005", "bad_close_frame", "bad_close_frame", "1005"},
        hostile_case{"close-code-999", "bad_close_frame", "bad_close_frame", "999"},
        hostile_case{"close-code-5000", "bad_close_frame", "bad_close_frame", "5000"},
        hostile_case{"close-bad-reason", "bad_close_frame", "bad_close_frame", "not valid UTF-8"},
        hostile_case{"rst", "missing_echo", "tcp_reset", "reset TCP (RST)"},
        // The server's own framing, read like a strict client (RFC 6455 §5): one finding per rule.
        hostile_case{"masked", "masked_frame", "masked_frame", "§5.1"},
        hostile_case{"rsv-bits", "rsv_bits", "rsv_bits", "§5.2"},
        hostile_case{"reserved-opcode", "reserved_opcode", "reserved_opcode", "reserved opcode 3"},
        hostile_case{"long-ping", "control_too_long", "control_too_long", "126 bytes"},
        hostile_case{"fragmented-ping", "fragmented_control", "fragmented_control", "without FIN"},
        hostile_case{"stray-continuation", "stray_continuation", "stray_continuation", "no message to continue"},
        hostile_case{"interleaved-message", "interleaved_message", "interleaved_message", "still open"},
        hostile_case{"non-minimal-length", "non_minimal_length", "non_minimal_length", "minimal encoding"},
        hostile_case{"invalid-text", "invalid_utf8", "invalid_utf8", "§8.1"},
        hostile_case{"data-after-close", "data_after_close", "data_after_close", "§5.5.1"}),
    [](const auto& info) {
      std::string n = info.param.behaviour;
      for (auto& c : n)
        if (c == '-') c = '_';
      return n;
    });

// The right close code, then an RST (the server closed its socket with our bytes unread): the
// verdict on the code stays, a note says what a client may see instead (1006).
TEST(E2eHostileLimits, CloseThenResetKeepsTheVerdictAndNotesIt) {
  auto r = against("close-then-rst");
  ASSERT_EQ(r.exit_code, 1) << r.err;  // the valid case: closed_valid
  const auto& invalid = by_id(r, "8.1/vector/surrogate/surrogate-d800");
  EXPECT_EQ(invalid.at("verdict"), "pass") << invalid.dump(2);
  EXPECT_TRUE(invalid.at("observed").at("tcp_reset").get<bool>()) << invalid.dump(2);
  ASSERT_FALSE(invalid.at("notes").empty()) << invalid.dump(2);
  EXPECT_NE(invalid.at("notes").at(0).get<std::string>().find("1006"), std::string::npos);
}

// Endless continuation frames: the harness's own memory cap ends the message, not the server.
TEST(E2eHostileLimits, EndlessContinuationHitsTheMessageCap) {
  const std::string base = ::testing::TempDir() + "wsh_hostile_cap";
  const std::string cmd = std::string(WSHARNESS_BIN) + " conformance --command '" + FAULTY_DIR +
                          "/hostile_server --port {port} --behaviour endless-continuation' --cases "
                          "'8.1/vector/valid/kosme' --timeout-ms 3000 --max-message 1048576 --json " +
                          base + ".json >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_EQ(WEXITSTATUS(status), 1);
  const auto report = json::parse(slurp(base + ".json"));
  const auto& c = report.at("cases").at(0);
  EXPECT_EQ(c.at("finding"), "protocol_error");
  EXPECT_NE(c.at("why").get<std::string>().find("exceeds 1048576 bytes"), std::string::npos) << c.at("why");
}

// Memory stays bounded for a whole run against a server that streams continuation frames
// forever: every case of the catalogue hits the default 4 MiB cap, and a judged case keeps only
// windows of what it received. The peak RSS of wsharness itself (wait4, not a timing) < 256 MB,
// and the report stays small.
TEST(E2eHostileLimits, MemoryStaysBoundedForTheWholeCatalogue) {
  const std::string report = ::testing::TempDir() + "wsh_hostile_rss.json";
  const std::string server = std::string(FAULTY_DIR) + "/hostile_server --port {port} --behaviour endless-continuation";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execl(WSHARNESS_BIN, WSHARNESS_BIN, "conformance", "--command", server.c_str(), "--timeout-ms", "2000",
            "--quiet", "--json", report.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  ASSERT_EQ(::wait4(pid, &status, 0, &usage), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const long peak_mb = usage.ru_maxrss / 1024;  // ru_maxrss is in KiB on Linux
  EXPECT_LT(peak_mb, 256) << "peak RSS " << peak_mb << " MB";
  const auto doc = json::parse(slurp(report));
  EXPECT_GT(doc.at("cases").size(), 400u);
  std::size_t capped = 0;
  for (const auto& c : doc.at("cases")) capped += c.at("finding") == "protocol_error";
  EXPECT_GT(capped, 300u) << "most cases stream past the cap";
  RecordProperty("peak_rss_mb", static_cast<int>(peak_mb));
  // The report too: long frames are kept as windows with their size and hash.
  EXPECT_LT(slurp(report).size(), 2u << 20) << "report of " << slurp(report).size() << " bytes";
}

// Slow accept: a backlog of 1 and 300 ms per accept still finishes, every case judged.
TEST(E2eHostileLimits, SlowAcceptStillJudgesEveryCase) {
  auto r = against("slowloris", " --slow-accept-ms 300");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.report.at("cases").size(), 2u);
  EXPECT_LT(r.seconds, 8.0);
}

// A spawned server that crashes mid-case: the case fails with server_died, the harness restarts
// the command, and every remaining case still runs.
TEST(E2eHostileDeath, SpawnedServerIsRestartedAfterItDies) {
  const std::string base = ::testing::TempDir() + "wsh_hostile_crash";
  const std::string cmd = std::string(WSHARNESS_BIN) + " conformance --command '" + FAULTY_DIR +
                          "/hostile_server --port {port} --behaviour crash' --cases '8.1/vector/valid/*' "
                          "--timeout-ms 500 --json " + base + ".json >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_EQ(WEXITSTATUS(status), 1);
  const auto report = json::parse(slurp(base + ".json"));
  EXPECT_TRUE(report.at("complete").get<bool>());
  EXPECT_GE(report.at("cases").size(), 10u);
  for (const auto& c : report.at("cases")) EXPECT_EQ(c.at("finding"), "server_died") << c.at("id");
}

// A --url server that dies cannot be restarted: the run stops, reports it, exits 1.
TEST(E2eHostileDeath, UrlServerThatDiesEndsTheRunIncomplete) {
  int port = 0;
  {  // a free port for the server we start ourselves
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    ::close(fd);
  }
  const pid_t server = ::fork();
  if (server == 0) {
    const std::string p = std::to_string(port), bin = std::string(FAULTY_DIR) + "/hostile_server";
    ::freopen("/dev/null", "w", stdout);
    ::execl(bin.c_str(), bin.c_str(), "--port", p.c_str(), "--behaviour", "crash", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 100; ++i) {  // wait until it listens (bounded: 2 s)
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (up) break;
    ::usleep(20000);
  }
  const std::string base = ::testing::TempDir() + "wsh_hostile_url_crash";
  const std::string cmd = std::string(WSHARNESS_BIN) + " conformance --url ws://127.0.0.1:" + std::to_string(port) +
                          "/ --cases '8.1/vector/valid/*' --timeout-ms 500 --json " + base + ".json >" + base +
                          ".out 2>&1";
  const int status = std::system(cmd.c_str());
  ::kill(server, SIGKILL);  // it has exited already; this only makes sure
  ::waitpid(server, nullptr, 0);
  ASSERT_EQ(WEXITSTATUS(status), 1) << slurp(base + ".out");
  const auto report = json::parse(slurp(base + ".json"));
  EXPECT_FALSE(report.at("complete").get<bool>());
  EXPECT_NE(report.at("stopped").get<std::string>().find("unreachable"), std::string::npos) << report.at("stopped");
  ASSERT_EQ(report.at("cases").size(), 1u);
  EXPECT_EQ(report.at("cases").at(0).at("finding"), "server_died");
  EXPECT_NE(slurp(base + ".out").find("INCOMPLETE"), std::string::npos);
}

}  // namespace
