// The adapter contract (wsh/adapter.hpp), checked the same way for every kind of adapter: the
// in-process websocketpp target, a memory_server served over loopback, a spawned --command, and a
// --url server somebody else runs.
// start, serve, stop, start again, serve again; alive() is false once the server is gone.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "my_echo_server.hpp"  // examples/in_process_server: a memory_server
#include "websocketpp_echo.hpp"
#include "wsh/adapter.hpp"
#include "wsh/handshake.hpp"
#include "wsh/port_lease.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
const std::string reference_server = std::string(FAULTY_DIR) + "/reference_server";

// Whether the endpoint answers an upgrade request with 101 (plain sockets, 2 s at most).
bool upgrades(const wsh::endpoint& ep) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(ep.port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string req = wsh::upgrade_request(ep.host, ep.port, ep.path, wsh::random_key());
    std::string head;
    char buf[512];
    if (::write(fd, req.data(), req.size()) == static_cast<ssize_t>(req.size())) {
      for (ssize_t n; head.find("\r\n\r\n") == std::string::npos && (n = ::read(fd, buf, sizeof buf)) > 0;)
        head.append(buf, static_cast<std::size_t>(n));
      ok = head.rfind("HTTP/1.1 101", 0) == 0;
    }
  }
  ::close(fd);
  return ok;
}

// Starts `argv` as a child of this test and returns its pid (the test stops it by that pid).
pid_t spawn(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;  // its "listening on" line is not the test's output
  ::posix_spawn_file_actions_init(&quiet);
  ::posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int err = ::posix_spawn(&pid, argv[0], &quiet, nullptr, argv.data(), environ);
  ::posix_spawn_file_actions_destroy(&quiet);
  return err == 0 ? pid : -1;
}

void kill_and_reap(pid_t pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

// One kind of adapter, with how a test takes its server away behind the adapter's back.
struct adapter_kind {
  std::string name;
  std::function<std::unique_ptr<wsh::adapter>()> make;
  std::function<void(wsh::adapter&)> kill;  // the server dies (crash, OOM kill, ...)
  std::function<void()> cleanup = [] {};
};

void check_contract(adapter_kind& kind) {
  SCOPED_TRACE(kind.name);
  auto a = kind.make();
  const std::string name = a->name();
  a->stop();  // before any start(): nothing to do

  wsh::endpoint ep = a->start();
  EXPECT_TRUE(upgrades(ep));
  EXPECT_TRUE(a->alive());

  a->stop();
  a->stop();  // twice: nothing more to do
  ep = a->start();  // start again after stop
  EXPECT_TRUE(upgrades(ep)) << "serves again after a restart";
  EXPECT_TRUE(a->alive());
  EXPECT_EQ(a->name(), name);

  kind.kill(*a);
  EXPECT_FALSE(a->alive()) << "alive() after the server was killed";
  a->stop();
  kind.cleanup();
}

TEST(AdapterContract, InProcessWebsocketpp) {
  adapter_kind kind{"websocketpp (in-process)", [] { return wsh::make_websocketpp_echo({}); },
                    [](wsh::adapter& a) { a.stop(); }};  // it lives in our process: stop is its death
  check_contract(kind);
}

TEST(AdapterContract, MemoryServerOverLoopback) {
  adapter_kind kind{"memory_server adapter (in-process)",
                    [] {
                      return wsh::make_memory_server_adapter(
                          [](const wsh::echo_options& o) { return std::make_unique<my_echo_server>(o); }, {},
                          "my-echo-server", "1.0");
                    },
                    [](wsh::adapter& a) { a.stop(); }};  // in our process: stop is its death
  check_contract(kind);
}

TEST(AdapterContract, SpawnedCommand) {
  // The command records its shell's pid, which `exec` hands to the server, so the test can kill
  // exactly the process the adapter started.
  const std::string pid_file = ::testing::TempDir() + "wsh_contract_" + std::to_string(::getpid()) + ".pid";
  wsh::command_spec spec;
  spec.command = "echo $$ > " + pid_file + "; exec " + reference_server + " --port {port}";
  spec.startup_timeout_ms = 5000;
  adapter_kind kind{"--command", [&] { return wsh::make_command_adapter(spec, {}); },
                    [&](wsh::adapter&) {
                      pid_t pid = 0;
                      std::ifstream(pid_file) >> pid;
                      ASSERT_GT(pid, 0);
                      ::kill(pid, SIGKILL);
                    },
                    [&] { std::remove(pid_file.c_str()); }};
  check_contract(kind);
}

// A server that outlives the shell the adapter ran it in (it ignores SIGTERM; old Python
// websockets on a new Python hangs in its SIGTERM handler alike) is still gone after stop().
TEST(AdapterContract, StopEndsWhatOutlivesTheShell) {
  wsh::command_spec spec;
  spec.command = "(trap '' TERM; exec python3 -m http.server --bind 127.0.0.1 {port} >/dev/null 2>&1) & wait";
  spec.startup_timeout_ms = 10000;
  auto a = wsh::make_command_adapter(spec, {});
  const wsh::endpoint ep = a->start();
  const auto accepts = [&] {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(ep.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
  };
  ASSERT_TRUE(accepts());
  const auto start = std::chrono::steady_clock::now();
  a->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  EXPECT_FALSE(accepts()) << "the server outlived stop()";
}

TEST(AdapterContract, Url) {
  wsh::port_lease lease;
  const std::string port = std::to_string(lease.port());
  pid_t server = spawn({reference_server, "--port", port});
  ASSERT_GT(server, 0);
  // Wait (bounded) until it accepts.
  wsh::endpoint ep;
  ep.port = lease.port();
  for (int i = 0; i < 100 && !upgrades(ep); ++i) std::this_thread::sleep_for(20ms);
  adapter_kind kind{"--url", [&] { return wsh::make_url_adapter("ws://127.0.0.1:" + port + "/", {}); },
                    [&](wsh::adapter&) {
                      kill_and_reap(server);
                      server = -1;
                    },
                    [&] { kill_and_reap(server); }};
  check_contract(kind);
  // A --url server that is gone is a set-up problem at start(), not a verdict.
  auto a = kind.make();
  EXPECT_THROW(a->start(), wsh::setup_error);
}

}  // namespace
