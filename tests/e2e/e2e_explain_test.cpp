// End-to-end: `wsharness explain` on real traffic. tcpdump records loopback while the harness
// (as the client) runs cases against the in-process websocketpp target and the faulty servers;
// explain must then point at the exact byte, name the side at fault and exit 1 (0 for valid
// traffic, 2 for unreadable input). Also --raw (hex dumps, raw bytes) and --case.
//
// Expected locations are derived by hand from the frames in the comments, never copied from
// the tool's output. Client frames are masked (default key 37 fa 21 3d), so a frame with a
// payload of at most 125 bytes has a 6-byte header (2 + 4 mask bytes) before its payload.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cli_run.hpp"
#include "tcpdump_capture.hpp"

using nlohmann::json;
using wsh::test::slurp;
using wsh::test::temp_path;

namespace {

struct explain_run {
  int exit_code = -1;
  std::string out, err;
  json doc;  // parsed stdout (`--json -`) unless the exit code is 2
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// `wsharness explain ARGS --json -`.
explain_run explain(const std::string& args) {
  const auto r = wsh::test::wsharness("explain " + args + " --json -");
  explain_run e{r.exit_code, r.out, r.err, {}};
  if (e.exit_code != 2 && !e.out.empty()) e.doc = json::parse(e.out, nullptr, /*allow_exceptions=*/false);
  return e;
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string hex_of(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (unsigned char c : bytes) {
    s += digits[c >> 4];
    s += digits[c & 15];
  }
  return s;
}

// A masked client frame (payload <= 125 bytes) with the harness's default key 37 fa 21 3d.
std::string client_frame(unsigned char first_byte, const std::string& payload) {
  static const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
  std::string f;
  f += static_cast<char>(first_byte);
  f += static_cast<char>(0x80 | payload.size());
  for (unsigned char k : key) f += static_cast<char>(k);
  for (std::size_t i = 0; i < payload.size(); ++i) f += static_cast<char>(payload[i] ^ key[i % 4]);
  return f;
}

std::string unhex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

// The client's stream rebuilt from explain's JSON of its frames (payloads unmasked there), masked
// again with the default key; "" if a payload was cut short in the JSON (over 256 bytes).
std::string client_stream_of(const json& conn) {
  static const unsigned char key[4] = {0x37, 0xfa, 0x21, 0x3d};
  const std::vector<std::pair<std::string, int>> opcodes{{"continuation", 0}, {"text", 1}, {"binary", 2},
                                                         {"close", 8},        {"ping", 9}, {"pong", 10}};
  std::string out;
  for (const auto& f : conn.at("client_frames").at("frames")) {
    const std::string payload = unhex(f.at("payload_hex"));
    if (payload.size() != f.at("length").get<std::size_t>() || payload.size() > 0xFFFF) return {};
    int op = -1;
    for (const auto& [name, code] : opcodes)
      if (f.at("opcode") == name) op = code;
    if (op < 0) return {};
    out += static_cast<char>((f.at("fin").get<bool>() ? 0x80 : 0) | (f.at("rsv1").get<bool>() ? 0x40 : 0) | op);
    if (payload.size() < 126) {
      out += static_cast<char>(0x80 | payload.size());
    } else {
      out += static_cast<char>(0x80 | 126);
      out += static_cast<char>(payload.size() >> 8);
      out += static_cast<char>(payload.size() & 0xFF);
    }
    for (unsigned char k : key) out += static_cast<char>(k);
    for (std::size_t i = 0; i < payload.size(); ++i) out += static_cast<char>(payload[i] ^ key[i % 4]);
  }
  return out;
}

// ---- reading explain's JSON ----

std::vector<std::string> client_payloads(const json& conn) {
  std::vector<std::string> out;
  if (!conn.contains("client_frames")) return out;
  for (const auto& f : conn.at("client_frames").at("frames")) out.push_back(f.at("payload_hex"));
  return out;
}

// The connection whose client sent frames starting with these payloads (hex); null if none.
const json* connection_sending(const json& doc, const std::vector<std::string>& first_payloads) {
  if (!doc.is_object() || !doc.contains("connections")) return nullptr;
  for (const auto& c : doc.at("connections")) {
    const auto p = client_payloads(c);
    if (p.size() >= first_payloads.size() && std::equal(first_payloads.begin(), first_payloads.end(), p.begin()))
      return &c;
  }
  return nullptr;
}

// One line per connection, for failure messages.
std::string outline(const json& doc) {
  std::string s;
  if (!doc.is_object() || !doc.contains("connections")) return "(no JSON)";
  for (const auto& c : doc.at("connections"))
    s += "\n  " + c.at("client").get<std::string>() + " -> " + c.at("server").get<std::string>() + " " +
         c.at("summary").get<std::string>();
  return s;
}

std::uint16_t port_of(const json& peer) {  // "127.0.0.1:PORT"
  const std::string s = peer.get<std::string>();
  return static_cast<std::uint16_t>(std::stoi(s.substr(s.rfind(':') + 1)));
}

bool has_finding(const json& conn, const std::string& who, const std::string& kind) {
  for (const auto& f : conn.at("findings"))
    if (f.at("who") == who && f.at("kind") == kind) return true;
  return false;
}

const json& finding(const json& conn, const std::string& who) {
  for (const auto& f : conn.at("findings"))
    if (f.at("who") == who) return f;
  static const json none = json::object();
  return none;
}

int blamed(const json& conn) {  // findings that blame a side
  int n = 0;
  for (const auto& f : conn.at("findings")) n += f.at("who") != "none";
  return n;
}

bool contains(const json& s, const std::string& what) {
  return s.is_string() && s.get<std::string>().find(what) != std::string::npos;
}

// `tcpdump -r IN -w OUT FILTER`: a smaller capture holding only our connections.
bool narrow(const std::string& in, const std::string& out, const std::string& filter) {
  const auto r = wsh::test::run_shell(wsh::test::find_tcpdump() + " -r " + in + " -w " + out + " " + quoted(filter));
  return r.exit_code == 0;
}

// ---- a faulty server we start ourselves on a port of its own choosing (--port 0) ----

class faulty_server {
 public:
  explicit faulty_server(const std::string& program) {
    int out_pipe[2];
    if (::pipe(out_pipe) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out_pipe[1], 1);
      ::close(out_pipe[0]);
      ::close(out_pipe[1]);
      const std::string bin = std::string(FAULTY_DIR) + "/" + program;
      ::execl(bin.c_str(), bin.c_str(), "--port", "0", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out_pipe[1]);
    // "listening on 127.0.0.1:PORT", within 5 s.
    std::string said;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline && said.find('\n') == std::string::npos) {
      pollfd p{out_pipe[0], POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[256];
      const ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
      if (n <= 0) break;
      said.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out_pipe[0]);  // it prints nothing else that we need
    const auto at = said.find("listening on ");
    const auto colon = said.rfind(':', said.find('\n'));
    if (at != std::string::npos && colon != std::string::npos && colon > at)
      port_ = static_cast<std::uint16_t>(std::stoi(said.substr(colon + 1)));
  }
  faulty_server(const faulty_server&) = delete;
  faulty_server& operator=(const faulty_server&) = delete;
  ~faulty_server() {
    if (pid_ > 0) wsh::test::stop_child(pid_, SIGTERM);
  }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// Records `filter` on lo into a fresh pcap while `body` runs; "" and `error` set on failure.
// `said`: what tcpdump said when it stopped (its packet counts). A capture that lost packets
// (other people's heavy traffic on lo can fill the kernel's buffer) is taken again, 3 times at most.
std::string record(const std::string& filter, const std::function<void()>& body, std::string& error,
                   std::string* said = nullptr) {
  std::string path;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    path = temp_path(".pcap");
    wsh::test::tcpdump_capture tcpdump(path, filter);
    if (!tcpdump.wait_listening()) {
      error = "tcpdump did not start listening on lo within 5 s: " + tcpdump.output();
      return {};
    }
    body();
    // Let tcpdump take the last packets (the TCP teardown) off the socket before it stops.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string& out = tcpdump.stop();
    if (said) *said = out;
    if (tcpdump.dropped() <= 0) return path;  // -1: this tcpdump does not say
  }
  error = "tcpdump lost packets in 3 captures in a row: " + (said ? *said : std::string());
  return {};
}

// Runs `conformance ARGS` against a faulty server while tcpdump records its port; the capture.
struct faulty_capture {
  std::string pcap, error;
  wsh::test::run_result conformance;
};
faulty_capture capture_against(const std::string& program, const std::string& cases, int timeout_ms = 500) {
  faulty_capture c;
  faulty_server server(program);
  if (!server.port()) {
    c.error = program + " did not say it was listening";
    return c;
  }
  const std::string url = "ws://127.0.0.1:" + std::to_string(server.port()) + "/";
  c.pcap = record("tcp port " + std::to_string(server.port()), [&] {
    c.conformance = wsh::test::wsharness("conformance --url " + url + " --cases " + quoted(cases) +
                                         " --timeout-ms " + std::to_string(timeout_ms));
  }, c.error);
  return c;
}

#define SKIP_WITHOUT_TCPDUMP()                                            \
  do {                                                                    \
    const std::string why = wsh::test::tcpdump_unavailable();             \
    if (!why.empty()) GTEST_SKIP() << why;                                \
  } while (0)

// ---- the shared capture: the harness against in-process websocketpp ----
//
// One conformance run, one capture; every test of E2eExplainWebsocketpp reads it. The in-process
// target listens on a port chosen at run time, so tcpdump records all TCP on lo; the nonce case
// (a unique text message) finds our server's port among other people's traffic, and the capture
// is narrowed to that port before anything is judged.

// Our own cases (conformance/cases format).
//  - explain/nonce: a unique valid message, to find our connections.
//  - explain/invalid-in-middle: a valid message "hello", then a 3-fragment message whose middle
//    fragment holds an overlong E0 80 AF after a 4-byte emoji.
std::string own_cases(const std::string& nonce) {
  return "tags explain\n"
         "case explain/nonce\n"
         "  desc a unique valid message\n"
         "  send text \"" + nonce + "\"\n"
         "case explain/invalid-in-middle\n"
         "  desc hello, then an overlong E0 80 AF in the middle fragment of a 3-fragment message\n"
         "  send text \"hello\" ; text~ \"0123456789\" ; cont~ \"abc\\xF0\\x9F\\x98\\x80d\\xE0\\x80\\xAFef\" ; "
         "cont \"xyz\"\n";
}

const char* const websocketpp_cases =
    "explain/*,"
    "8.1/invalid-fragmented/surrogate-across-fragments,"
    "8.1/valid-fragmented/split-3byte-at-1,"
    "8.1/sequence/three-valid,"
    "8.1/deflate/invalid-surrogate,"
    "8.1/deflate/valid-split-compressed,"
    "5.5.1/close-reason/invalid-surrogate";

// First-frame payloads (unmasked hex) that pick each connection out of the capture.
const std::string surrogate_split = hex_of("ab\xED");                 // 8.1/invalid-fragmented/surrogate-across-fragments
const std::string valid_split = hex_of("a\xE2");                      // 8.1/valid-fragmented/split-3byte-at-1
const std::string three_valid = hex_of("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5");  // 8.1/sequence/three-valid
const std::string middle_hello = hex_of("hello");                     // explain/invalid-in-middle
const std::string close_reason = hex_of(std::string("\x03\xE8", 2) +  // 5.5.1/close-reason/invalid-surrogate
                                        "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80" "edited");

class E2eExplainWebsocketpp : public ::testing::Test {
 protected:
  struct shared {
    std::string skip, error;
    std::string full;        // everything on lo
    std::string tcpdump_said;
    std::string pcap;        // only our connections (narrowed to our server's port)
    std::string valid_pcap;  // only the valid ones
    std::string nonce;
    json doc;                // explain --json - of `pcap`
    int exit_code = -1;
    double seconds = 0;
  };
  static shared* s_;

  static void SetUpTestSuite() {
    s_ = new shared;
    s_->skip = wsh::test::tcpdump_unavailable();
    if (!s_->skip.empty()) return;
    const auto t0 = std::chrono::steady_clock::now();
    std::random_device rd;
    s_->nonce = "explain-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
    const std::string cases_file = temp_path(".cases");
    write_file(cases_file, own_cases(s_->nonce));
    wsh::test::run_result run;
    const std::string full = record("tcp", [&] {
      run = wsh::test::wsharness("conformance --target websocketpp --cases-file " + cases_file + " --cases " +
                                 quoted(websocketpp_cases) + " --timeout-ms 1000");
    }, s_->error, &s_->tcpdump_said);
    s_->full = full;
    if (full.empty()) return;
    if (run.exit_code != 1) {  // websocketpp answers the invalid close reason with 1002: one fail
      s_->error = "conformance exited " + std::to_string(run.exit_code) + ": " + run.out + run.err;
      return;
    }
    // Find our server among everything on lo, by the nonce.
    const auto all = explain(full);
    const json* ours = connection_sending(all.doc, {hex_of(s_->nonce)});
    if (!ours) {
      s_->error = "the nonce connection is not in " + full + " (explain exited " + std::to_string(all.exit_code) +
                  "; tcpdump said: " + s_->tcpdump_said + "): " + all.err + outline(all.doc);
      return;
    }
    const std::uint16_t port = port_of(ours->at("server"));
    s_->pcap = temp_path(".pcap");
    if (!narrow(full, s_->pcap, "tcp port " + std::to_string(port))) {
      s_->error = "tcpdump -r could not narrow the capture";
      return;
    }
    const auto mine = explain(s_->pcap);
    s_->exit_code = mine.exit_code;
    s_->doc = mine.doc;
    // The valid connections alone: the nonce, the split character, three valid messages.
    std::string clients;
    for (const auto& first : {hex_of(s_->nonce), valid_split, three_valid})
      if (const json* c = connection_sending(mine.doc, {first}))
        clients += std::string(clients.empty() ? "" : " or ") + "tcp port " + std::to_string(port_of(c->at("client")));
    s_->valid_pcap = temp_path(".pcap");
    if (clients.empty() ||
        !narrow(s_->pcap, s_->valid_pcap, "tcp port " + std::to_string(port) + " and (" + clients + ")"))
      s_->error = "could not cut the valid connections out of the capture";
    s_->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  static void TearDownTestSuite() {
    // Everything on lo (other people's traffic too) is kept only to look into a failure.
    const auto* suite = ::testing::UnitTest::GetInstance()->current_test_suite();
    if (!s_->full.empty() && suite && !suite->Failed()) std::remove(s_->full.c_str());
    delete s_;
    s_ = nullptr;
  }

  void SetUp() override {
    if (!s_->skip.empty()) GTEST_SKIP() << s_->skip;
    ASSERT_TRUE(s_->error.empty()) << s_->error;
  }

  // The connection whose client's first frame carries this payload (hex); fails the test if none.
  static const json& conn(const std::string& first_payload) {
    const json* c = connection_sending(s_->doc, {first_payload});
    if (!c)
      throw std::runtime_error("no connection sending " + first_payload + " in " + s_->pcap + " (from " + s_->full +
                               "; tcpdump said: " + s_->tcpdump_said + "): " + outline(s_->doc));
    return *c;
  }
};
E2eExplainWebsocketpp::shared* E2eExplainWebsocketpp::s_ = nullptr;

// The whole capture: 8 WebSocket connections (one per case), all upgraded; defects -> exit 1.
TEST_F(E2eExplainWebsocketpp, CaptureOfValidAndInvalidTrafficExitsOne) {
  EXPECT_LT(s_->seconds, 10.0);
  EXPECT_EQ(s_->exit_code, 1) << s_->doc.dump(2).substr(0, 3000);
  EXPECT_EQ(s_->doc.at("tool"), "wsharness explain");
  EXPECT_EQ(s_->doc.at("input").at("kind"), "capture");
  EXPECT_TRUE(s_->doc.at("defect").get<bool>());
  ASSERT_EQ(s_->doc.at("connections").size(), 8u) << s_->doc.dump(2).substr(0, 3000);
  for (const auto& c : s_->doc.at("connections")) {
    EXPECT_TRUE(c.at("upgraded").get<bool>()) << c.dump(2);
    EXPECT_EQ(c.at("status"), 101);
  }
}

// 8.1/invalid-fragmented/surrogate-across-fragments: text~ "ab" ED | cont A0 80 "cd".
//   frame 1: 2 + 4 (mask) + 3 payload = 9 bytes at stream offsets 0..8
//   frame 2: header 6 bytes at 9..14, payload from 15: A0 80 63 64
//   ED A0 is a surrogate (ED must be followed by 80..9F): the first invalid byte is A0, message
//   byte 3 (a=0 b=1 ED=2 A0=3), byte 0 of fragment 2, stream offset 15 + 0 = 15; the offending
//   sequence is [ED A0) = message bytes [2, 4).
TEST_F(E2eExplainWebsocketpp, SurrogateSplitAcrossFragments) {
  const json& c = conn(surrogate_split);
  ASSERT_TRUE(c.contains("client_to_server")) << c.dump(2);
  const json& d = c.at("client_to_server");
  ASSERT_TRUE(d.contains("where")) << d.dump(2);
  const json& w = d.at("where");
  EXPECT_EQ(w.at("frame"), 2);
  EXPECT_EQ(w.at("message"), 1);
  EXPECT_EQ(w.at("fragment"), 2);
  EXPECT_EQ(w.at("fragments"), 2);
  EXPECT_EQ(w.at("message_offset"), 3);
  EXPECT_EQ(w.at("fragment_offset"), 0);
  EXPECT_EQ(w.at("stream_offset"), 15);
  EXPECT_FALSE(w.at("compressed").get<bool>());
  EXPECT_EQ(w.at("defect_class"), "surrogate");
  EXPECT_EQ(w.at("mark"), json::array({2, 4}));
  EXPECT_EQ(w.at("window_hex"), "6162eda0806364");  // the whole message (7 bytes < the 12-byte context)
  EXPECT_EQ(d.at("violation"), "invalid_utf8");
  EXPECT_EQ(d.at("expected_close_codes"), json::array({1007}));
  EXPECT_TRUE(d.at("receiver").at("closed").get<bool>());
  EXPECT_TRUE(d.at("receiver").at("initiated").get<bool>());
  EXPECT_EQ(d.at("receiver").at("code"), 1007);
  EXPECT_TRUE(has_finding(c, "client", "invalid_utf8")) << c.at("findings").dump(2);
  EXPECT_EQ(blamed(c), 1) << "websocketpp did the right thing: " << c.at("findings").dump(2);
  EXPECT_FALSE(finding(c, "client").value("fix", "").empty());
  EXPECT_TRUE(c.at("defect").get<bool>());
  // This connection alone: still a client defect, exit 1.
  const auto one = explain(s_->pcap + " --connection " + std::to_string(c.at("index").get<int>()));
  EXPECT_EQ(one.exit_code, 1) << one.err;
  ASSERT_EQ(one.doc.at("connections").size(), 1u);
  EXPECT_EQ(one.doc.at("connections").at(0).at("client_to_server").at("where"), w);
}

// explain/invalid-in-middle: text "hello" ; text~ "0123456789" ; cont~ "abc" F0 9F 98 80 "d" E0 80 AF "ef" ; cont "xyz"
//   frame 1 ("hello"):      6 + 5  = 11 bytes at 0..10           message 1
//   frame 2 ("0123456789"): 6 + 10 = 16 bytes at 11..26          message 2, fragment 1 (10 bytes)
//   frame 3: header at 27..32, payload from 33: 61 62 63 f0 9f 98 80 64 e0 80 af 65 66
//            payload offsets 0  1  2  3  4  5  6  7  8  9  10 11 12
//   E0 must be followed by A0..BF (else overlong): the first invalid byte is 80 at payload
//   offset 9, message offset 10 + 9 = 19, stream offset 33 + 9 = 42; the sequence starts at E0,
//   message byte 18, so the mark is [18, 20). The emoji before it is valid and not blamed.
TEST_F(E2eExplainWebsocketpp, InvalidSequenceInTheMiddleOfALongerFragmentedMessage) {
  const json& c = conn(middle_hello);
  const json& d = c.at("client_to_server");
  ASSERT_TRUE(d.contains("where")) << d.dump(2);
  const json& w = d.at("where");
  EXPECT_EQ(w.at("frame"), 3);
  EXPECT_EQ(w.at("message"), 2);
  EXPECT_EQ(w.at("fragment"), 2);
  EXPECT_EQ(w.at("fragments"), 3);
  EXPECT_EQ(w.at("message_offset"), 19);
  EXPECT_EQ(w.at("fragment_offset"), 9);
  EXPECT_EQ(w.at("stream_offset"), 42);
  EXPECT_EQ(w.at("defect_class"), "overlong");
  EXPECT_EQ(w.at("mark"), json::array({18, 20}));
  // The window: 12 bytes before the mark (message bytes 6..17), the mark, and what follows
  // of the message so far (bytes 20..22: af 65 66).
  EXPECT_EQ(w.at("window_start"), 6);
  EXPECT_EQ(w.at("window_hex"), hex_of("6789abc\xF0\x9F\x98\x80" "d\xE0\x80\xAF" "ef"));
  EXPECT_EQ(d.at("receiver").at("code"), 1007);
  EXPECT_TRUE(has_finding(c, "client", "invalid_utf8")) << c.at("findings").dump(2);
  EXPECT_EQ(blamed(c), 1) << c.at("findings").dump(2);
  // The first message was echoed: the server's first frame is "hello".
  ASSERT_FALSE(c.at("server_frames").at("frames").empty());
  EXPECT_EQ(c.at("server_frames").at("frames").at(0).at("payload_hex"), middle_hello);
}

// Valid traffic: a character split after its first byte, and three valid messages.
TEST_F(E2eExplainWebsocketpp, ValidTrafficHasNoDefect) {
  for (const auto& first : {valid_split, three_valid}) {
    const json& c = conn(first);
    EXPECT_EQ(blamed(c), 0) << c.dump(2);
    EXPECT_FALSE(c.at("defect").get<bool>());
    EXPECT_FALSE(c.at("client_to_server").contains("where")) << c.dump(2);
    EXPECT_EQ(c.at("client_to_server").at("violation"), "none");
    EXPECT_TRUE(contains(c.at("summary"), "no defect")) << c.at("summary");
  }
  // The valid connections alone: exit 0.
  const auto valid = explain(s_->valid_pcap);
  EXPECT_EQ(valid.exit_code, 0) << valid.out.substr(0, 3000) << valid.err;
  ASSERT_TRUE(valid.doc.is_object()) << valid.out;
  EXPECT_FALSE(valid.doc.at("defect").get<bool>());
  EXPECT_EQ(valid.doc.at("connections").size(), 3u);
  for (const auto& c : valid.doc.at("connections")) EXPECT_EQ(blamed(c), 0) << c.dump(2);
  // And one of them picked out of the mixed capture.
  const auto one = explain(s_->pcap + " --connection " + std::to_string(conn(valid_split).at("index").get<int>()));
  EXPECT_EQ(one.exit_code, 0) << one.out.substr(0, 3000);
}

// 8.1/deflate/invalid-surrogate: one compressed frame that inflates to "κόσμε" ED A0 80 "edited".
//   "κόσμε" is 11 bytes (CE BA | E1 BD B9 | CF 83 | CE BC | CE B5), so ED is inflated byte 11 and
//   the first invalid byte A0 is byte 12; the mark is [11, 13). The offset is in the inflated
//   message: no fragment or stream offset exists for it.
TEST_F(E2eExplainWebsocketpp, DeflateLocatesTheByteAfterInflating) {
  const std::string first = [] {
    for (const auto& c : s_->doc.at("connections"))
      if (c.at("deflate").get<bool>() && c.contains("client_frames") &&
          c.at("client_frames").at("frames").size() >= 1 && c.at("client_to_server").contains("where"))
        return c.at("client_frames").at("frames").at(0).at("payload_hex").get<std::string>();
    return std::string();
  }();
  ASSERT_FALSE(first.empty()) << "no deflate connection with a defect: " << s_->doc.dump(2).substr(0, 3000);
  const json& c = conn(first);
  EXPECT_TRUE(contains(c.at("extensions"), "permessage-deflate")) << c.at("extensions");
  EXPECT_TRUE(c.at("deflate").get<bool>());
  EXPECT_TRUE(c.at("client_frames").at("frames").at(0).at("rsv1").get<bool>());
  const json& w = c.at("client_to_server").at("where");
  EXPECT_TRUE(w.at("compressed").get<bool>());
  EXPECT_EQ(w.at("message"), 1);
  EXPECT_EQ(w.at("fragment"), 1);
  EXPECT_EQ(w.at("message_offset"), 12);
  EXPECT_TRUE(w.at("fragment_offset").is_null());
  EXPECT_TRUE(w.at("stream_offset").is_null());
  EXPECT_EQ(w.at("defect_class"), "surrogate");
  EXPECT_EQ(w.at("mark"), json::array({11, 13}));
  EXPECT_EQ(c.at("client_to_server").at("receiver").at("code"), 1007);
  EXPECT_TRUE(has_finding(c, "client", "invalid_utf8")) << c.at("findings").dump(2);
  EXPECT_EQ(blamed(c), 1) << c.at("findings").dump(2);

  // The same client bytes as --raw --deflate: the same place in the inflated message.
  const std::string stream = client_stream_of(c);
  ASSERT_FALSE(stream.empty()) << c.at("client_frames").dump(2);
  const std::string raw = temp_path(".bin");
  write_file(raw, stream);
  const auto r = explain("--raw " + raw + " --deflate");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(r.doc.at("connections").at(0).at("deflate").get<bool>());
  EXPECT_EQ(r.doc.at("connections").at(0).at("client_to_server").at("where"), w);
  // Without --deflate the RSV1 bit is a protocol error, not a UTF-8 defect.
  const auto plain = explain("--raw " + raw);
  EXPECT_EQ(plain.exit_code, 1) << plain.out << plain.err;
  EXPECT_EQ(plain.doc.at("connections").at(0).at("client_to_server").at("violation"), "protocol");

  // 8.1/deflate/valid-split-compressed: compressed bytes over three fragments, valid: no defect.
  int valid_deflate = 0;
  for (const auto& v : s_->doc.at("connections")) {
    if (!v.at("deflate").get<bool>() || v.at("client_to_server").contains("where")) continue;
    ++valid_deflate;
    EXPECT_TRUE(contains(v.at("extensions"), "permessage-deflate"));
    const auto& frames = v.at("client_frames").at("frames");
    ASSERT_GE(frames.size(), 3u) << v.dump(2);
    EXPECT_TRUE(frames.at(0).at("rsv1").get<bool>());
    EXPECT_EQ(frames.at(0).at("fin"), false);
    EXPECT_EQ(frames.at(2).at("message"), 1);
    EXPECT_EQ(frames.at(2).at("fragment"), 3);
    EXPECT_EQ(blamed(v), 0) << v.dump(2);
  }
  EXPECT_EQ(valid_deflate, 1);
}

// 5.5.1/close-reason/invalid-surrogate: close 1000 "κόσμε" ED A0 80 "edited"; websocketpp
// answers 1002 where 1007 is required.
//   close payload: 03 e8, then the reason; the reason's byte 11 is ED, byte 12 (A0) is the first
//   invalid one: message_offset 12 (in the reason), fragment_offset 2 + 12 = 14 (in the close
//   payload), the payload is 2 + 11 + 3 + 6 = 22 bytes so the header is 6 bytes: stream offset
//   6 + 14 = 20. Not a data message: message 0, fragment 0.
TEST_F(E2eExplainWebsocketpp, InvalidCloseReasonAndWrongCode) {
  const json& c = conn(close_reason);
  const json& d = c.at("client_to_server");
  EXPECT_EQ(d.at("violation"), "invalid_close_reason");
  ASSERT_TRUE(d.contains("where")) << d.dump(2);
  const json& w = d.at("where");
  EXPECT_EQ(w.at("frame"), 1);
  EXPECT_EQ(w.at("message"), 0);
  EXPECT_EQ(w.at("fragment"), 0);
  EXPECT_EQ(w.at("message_offset"), 12);
  EXPECT_EQ(w.at("fragment_offset"), 14);
  EXPECT_EQ(w.at("stream_offset"), 20);
  EXPECT_EQ(w.at("defect_class"), "surrogate");
  EXPECT_EQ(w.at("mark"), json::array({11, 13}));
  EXPECT_EQ(d.at("receiver").at("code"), 1002);
  EXPECT_TRUE(has_finding(c, "client", "invalid_close_reason")) << c.at("findings").dump(2);
  EXPECT_TRUE(has_finding(c, "server", "wrong_code")) << c.at("findings").dump(2);
  EXPECT_TRUE(contains(finding(c, "server").value("what", json()), "1002")) << finding(c, "server").dump();
  EXPECT_TRUE(contains(c.at("summary"), "SERVER DEFECT")) << c.at("summary");
  const auto one = explain(s_->pcap + " --connection " + std::to_string(c.at("index").get<int>()));
  EXPECT_EQ(one.exit_code, 1);
}

// --raw: explain/invalid-in-middle's client bytes (built here with the default mask) as plain hex,
// `xxd`, `hexdump -C` and raw bytes must give the location the capture gave (and the one derived
// by hand above: message 2, fragment 2, message offset 19, fragment offset 9, stream offset 42).
TEST_F(E2eExplainWebsocketpp, RawStreamsGiveTheSameLocationAsTheCapture) {
  const json& from_capture = conn(middle_hello).at("client_to_server").at("where");
  ASSERT_EQ(from_capture.at("stream_offset"), 42);
  const std::string stream = client_frame(0x81, "hello") + client_frame(0x01, "0123456789") +
                             client_frame(0x00, "abc\xF0\x9F\x98\x80" "d\xE0\x80\xAF" "ef") + client_frame(0x80, "xyz");
  ASSERT_EQ(stream.size(), 11u + 16u + 19u + 9u);
  const std::string bin = temp_path(".bin");
  write_file(bin, stream);
  const std::string plain = temp_path(".hex");
  std::string spaced;
  for (std::size_t i = 0; i < stream.size(); ++i)
    spaced += hex_of(stream.substr(i, 1)) + ((i + 1) % 16 == 0 ? "\n" : " ");
  write_file(plain, spaced + "\n");
  const std::string xxd = temp_path(".xxd"), hexdump = temp_path(".hexdump");
  const bool have_xxd = ::access("/usr/bin/xxd", X_OK) == 0;
  if (have_xxd) {
    const auto x = wsh::test::run_shell("xxd " + bin);
    ASSERT_EQ(x.exit_code, 0) << x.err;
    write_file(xxd, x.out);
  }
  const auto h = wsh::test::run_shell("hexdump -C " + bin);
  ASSERT_EQ(h.exit_code, 0) << h.err;
  write_file(hexdump, h.out);
  // An HTTP upgrade request in front of the frames is skipped.
  const std::string with_head = temp_path(".bin");
  write_file(with_head, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n\r\n" + stream);

  std::vector<std::string> inputs{bin, plain, hexdump, with_head};
  if (have_xxd) inputs.push_back(xxd);
  for (const auto& file : inputs) {
    SCOPED_TRACE(file + ":\n" + (file == bin || file == with_head ? std::string("(binary)") : slurp(file)));
    const auto r = explain("--raw " + file);
    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_EQ(r.doc.at("input").at("kind"), "raw");
    ASSERT_EQ(r.doc.at("connections").size(), 1u);
    const json& c = r.doc.at("connections").at(0);
    EXPECT_EQ(c.at("client_frames").at("frames").size(), 4u);
    EXPECT_FALSE(c.contains("server_to_client"));  // no server side in a bare stream
    const json& w = c.at("client_to_server").at("where");
    EXPECT_EQ(w, from_capture);
    EXPECT_TRUE(has_finding(c, "client", "invalid_utf8")) << c.at("findings").dump(2);
    EXPECT_EQ(blamed(c), 1) << c.at("findings").dump(2);
    if (file == with_head) {
      EXPECT_TRUE(contains(r.doc.at("notes").dump(), "skipped the HTTP request")) << r.doc.at("notes");
    }
  }
  if (!have_xxd) std::cerr << "note: xxd is not installed; only hexdump -C and plain hex were checked\n";

  // A valid stream (split-3byte-at-1: "a" E2 | 82 AC "b") has no defect: exit 0.
  const std::string valid = temp_path(".bin");
  write_file(valid, client_frame(0x01, "a\xE2") + client_frame(0x80, "\x82\xAC" "b"));
  const auto v = explain("--raw " + valid);
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_EQ(blamed(v.doc.at("connections").at(0)), 0);
}

// --case: a reproducer-style file (comment header, then one case with byte-exact items) holding
// explain/invalid-in-middle: the same location again.
TEST_F(E2eExplainWebsocketpp, ReproducerCaseFileGivesTheSameLocation) {
  const json& from_capture = conn(middle_hello).at("client_to_server").at("where");
  const std::string file = temp_path(".cases");
  write_file(file,
             "# wsharness fuzz reproducer: one case in the conformance/cases format\n"
             "# policy:   text+binary\n"
             "#\n"
             "case fuzz/invalid_utf8/invalid_utf8/overlong/0000 tags=fuzz\n"
             "  desc hello, then an overlong in the middle fragment\n"
             "  send text x:" + hex_of("hello") + " ; text~ x:" + hex_of("0123456789") + " ; cont~ x:" +
                 hex_of("abc\xF0\x9F\x98\x80" "d\xE0\x80\xAF" "ef") + " ; cont x:" + hex_of("xyz") + "\n");
  const auto r = explain("--case " + file);
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.doc.at("input").at("kind"), "case");
  ASSERT_EQ(r.doc.at("connections").size(), 1u);
  const json& c = r.doc.at("connections").at(0);
  EXPECT_EQ(c.at("request"), "fuzz/invalid_utf8/invalid_utf8/overlong/0000");
  EXPECT_EQ(c.at("client_to_server").at("where"), from_capture);
  EXPECT_TRUE(has_finding(c, "client", "invalid_utf8"));
}

// ---- server defects: faulty servers (targets/faulty/README.md), one bug each ----

class E2eExplainFaulty : public ::testing::Test {
 protected:
  void SetUp() override { SKIP_WITHOUT_TCPDUMP(); }

  // The capture of `cases` against `program`, explained; the connection sending `first_payload`.
  json explained(const std::string& program, const std::string& cases, const std::string& first_payload,
                 int expected_exit = 1, int timeout_ms = 500) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto cap = capture_against(program, cases, timeout_ms);
    EXPECT_TRUE(cap.error.empty()) << cap.error;
    if (!cap.error.empty()) return {};
    EXPECT_EQ(cap.conformance.exit_code, 1) << cap.conformance.out << cap.conformance.err;
    const auto r = explain(cap.pcap);
    EXPECT_EQ(r.exit_code, expected_exit) << r.out.substr(0, 3000) << r.err;
    const json* c = connection_sending(r.doc, {first_payload});
    EXPECT_NE(c, nullptr) << r.out.substr(0, 3000) << r.err;
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 10.0);
    return c ? *c : json();
  }
};

// faulty_wrong_code closes invalid UTF-8 with 1002.
TEST_F(E2eExplainFaulty, WrongCode) {
  const json c = explained("faulty_wrong_code", "8.1/invalid-fragmented/surrogate-across-fragments", surrogate_split);
  ASSERT_TRUE(c.is_object());
  EXPECT_EQ(c.at("client_to_server").at("receiver").at("code"), 1002);
  EXPECT_EQ(c.at("client_to_server").at("where").at("stream_offset"), 15);
  EXPECT_TRUE(has_finding(c, "client", "invalid_utf8")) << c.at("findings").dump(2);
  EXPECT_TRUE(has_finding(c, "server", "wrong_code")) << c.at("findings").dump(2);
  const json& f = finding(c, "server");
  EXPECT_TRUE(contains(f.at("what"), "1002")) << f.dump();
  EXPECT_TRUE(contains(f.at("fix"), "1007")) << f.dump();
  EXPECT_TRUE(contains(c.at("summary"), "SERVER DEFECT")) << c.at("summary");
}

// faulty_fragment_validation validates each frame alone: "a" E2 | 82 AC "b" is closed with 1007.
// Fragment 1 ends after message byte 2 ("a" E2), inside the 3-byte €.
TEST_F(E2eExplainFaulty, FragmentValidationClosesValidSplitCharacter) {
  const json c = explained("faulty_fragment_validation", "8.1/valid-fragmented/split-3byte-at-1", valid_split);
  ASSERT_TRUE(c.is_object());
  EXPECT_EQ(c.at("client_to_server").at("violation"), "none");
  EXPECT_FALSE(c.at("client_to_server").contains("where"));
  EXPECT_EQ(c.at("client_to_server").at("receiver").at("code"), 1007);
  EXPECT_TRUE(has_finding(c, "server", "closed_valid")) << c.at("findings").dump(2);
  EXPECT_EQ(blamed(c), 1) << c.at("findings").dump(2);
  const json& f = finding(c, "server");
  EXPECT_TRUE(contains(f.at("what"), "split inside a character after fragment 1")) << f.dump();
  EXPECT_TRUE(contains(f.at("what"), "message byte 2")) << f.dump();
}

// faulty_tcp_drop closes TCP without a close frame on invalid UTF-8.
TEST_F(E2eExplainFaulty, TcpDrop) {
  const json c = explained("faulty_tcp_drop", "8.1/invalid-fragmented/surrogate-across-fragments", surrogate_split);
  ASSERT_TRUE(c.is_object());
  const json& r = c.at("client_to_server").at("receiver");
  EXPECT_FALSE(r.at("closed").get<bool>());
  EXPECT_NE(r.at("tcp_end"), "none");
  EXPECT_TRUE(has_finding(c, "client", "invalid_utf8")) << c.at("findings").dump(2);
  EXPECT_TRUE(has_finding(c, "server", "tcp_drop")) << c.at("findings").dump(2);
  EXPECT_EQ(c.at("client_to_server").at("where").at("stream_offset"), 15);
}

// faulty_replace_fffd echoes "ab" ED | A0 80 "cd" with U+FFFD for each bad byte and never closes.
TEST_F(E2eExplainFaulty, ReplacementCharacterRepair) {
  const json c = explained("faulty_replace_fffd", "8.1/invalid-fragmented/surrogate-across-fragments", surrogate_split);
  ASSERT_TRUE(c.is_object());
  EXPECT_TRUE(has_finding(c, "client", "invalid_utf8")) << c.at("findings").dump(2);
  EXPECT_TRUE(has_finding(c, "server", "replaced_invalid")) << c.at("findings").dump(2);
  EXPECT_EQ(blamed(c), 2) << c.at("findings").dump(2);
}

// faulty_not_fail_fast validates only complete messages; 8.1/fail-fast/never-finished never
// completes its message: "κόσμε" ED A0 80 in an unfinished first fragment (A0 = byte 12, stream
// offset 6 + 12 = 18). The server keeps the connection open until the harness gives up at its
// deadline and ends TCP (FIN, no close frame); the server's FIN only answers that one.
TEST_F(E2eExplainFaulty, NotFailFastOnANeverFinishedMessage) {
  const std::string first = hex_of("\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80");
  const json c = explained("faulty_not_fail_fast", "8.1/fail-fast/never-finished", first);
  ASSERT_TRUE(c.is_object());
  const json& d = c.at("client_to_server");
  EXPECT_EQ(d.at("where").at("message_offset"), 12);
  EXPECT_EQ(d.at("where").at("stream_offset"), 18);
  EXPECT_EQ(d.at("where").at("fragments"), 1);
  EXPECT_TRUE(has_finding(c, "client", "invalid_utf8")) << c.at("findings").dump(2);
  // The defect is not failing fast on an unfinished message (the harness's verdict for this
  // case is not_fail_fast too), not a TCP drop: the client ended TCP first.
  EXPECT_TRUE(has_finding(c, "server", "not_fail_fast")) << c.at("findings").dump(2);
  EXPECT_FALSE(has_finding(c, "server", "tcp_drop")) << c.at("findings").dump(2);
  const json& r = d.at("receiver");
  EXPECT_FALSE(r.at("closed").get<bool>());
  EXPECT_EQ(r.at("tcp_end"), "fin");
  EXPECT_EQ(c.at("client_frames").at("tcp_end"), "fin");
  EXPECT_LT(c.at("client_frames").at("tcp_end_ms").get<double>(), c.at("server_frames").at("tcp_end_ms").get<double>());
  EXPECT_TRUE(contains(d.at("receiver_did"), "until the client ended TCP")) << d.at("receiver_did");
}

// ---- unreadable input: exit 2, one line on stderr ----

void expect_unreadable(const std::string& args, const std::string& words) {
  SCOPED_TRACE("explain " + args);
  const auto r = wsh::test::wsharness("explain " + args + " --json -");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
}

TEST_F(E2eExplainWebsocketpp, ConnectionNumberBeyondTheCaptureIsUnreadable) {
  const auto r = wsh::test::wsharness("explain " + s_->pcap + " --connection 99 --json -");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("no WebSocket connection number 99"), std::string::npos) << r.err;
}

TEST(E2eExplainBadInput, MissingFile) {
  const std::string f = temp_path(".pcap") + "-missing";
  expect_unreadable(f, f);
  expect_unreadable(f, "cannot read");
  expect_unreadable("--raw " + f, "cannot read");
  expect_unreadable("--case " + f, "cannot read");
}

TEST(E2eExplainBadInput, TextFileIsNotACapture) {
  const std::string f = temp_path(".txt");
  write_file(f, "this is a text file, not a packet capture\nsecond line\n");
  expect_unreadable(f, f);
}

TEST(E2eExplainBadInput, OddHexDigits) {
  const std::string f = temp_path(".hex");
  write_file(f, "81 83 37 fa 21 3d 56 5\n");
  expect_unreadable("--raw " + f, "odd number of hex digits");
}

TEST(E2eExplainBadInput, NoInput) { expect_unreadable("", "give one input"); }

TEST(E2eExplainBadInput, TwoInputs) {
  const std::string f = temp_path(".hex");
  write_file(f, "8100\n");
  expect_unreadable(f + " --raw " + f, "give one input");
}

// A real capture of TCP connections that are not WebSocket: a line of text each way, and a plain
// HTTP GET (no "Upgrade: websocket") answered 200.
TEST(E2eExplainBadInput, CaptureWithoutWebSocket) {
  SKIP_WITHOUT_TCPDUMP();
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 1), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string error;
  const std::string pcap = record("tcp port " + std::to_string(ntohs(addr.sin_port)), [&] {
    auto exchange = [&](const std::string& request, const std::string& answer) {
      const int client = ::socket(AF_INET, SOCK_STREAM, 0);
      timeval tv{2, 0};
      ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      if (::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
      const int server = ::accept(listener, nullptr, nullptr);
      (void)!::send(client, request.data(), request.size(), 0);
      char buf[256];
      (void)!::recv(server, buf, sizeof buf, 0);
      (void)!::send(server, answer.data(), answer.size(), 0);
      (void)!::recv(client, buf, sizeof buf, 0);
      ::close(client);
      ::close(server);
    };
    exchange("HELO example.org\r\n", "250 ok\r\n");
    exchange("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
             "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
    exchange(std::string("\x16\x03\x01\x00\x05hello", 10), "\x16\x03\x03");  // a TLS ClientHello's start
  }, error);
  ::close(listener);
  ASSERT_TRUE(error.empty()) << error;
  expect_unreadable(pcap, "no WebSocket connection");
  expect_unreadable(pcap, "1 TLS connection(s), encrypted");
}

}  // namespace
