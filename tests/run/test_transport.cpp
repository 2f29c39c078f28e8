// The transport under run_case: deadlines never cost bytes. Issue #19 part 4: under load a read
// whose deadline had passed (a 1 ms pause, the process descheduled) found 64 KiB already read by
// Asio's reactor, reported a timeout and dropped them; the rest of the server's echo and its
// close frame then parsed as garbage and the run was judged tcp_drop at EOF.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "wsh/transport.hpp"

namespace {

using namespace std::chrono_literals;
using wsh::transport;
using kind = transport::read_result::kind;

// A loopback listener and the one connection it accepts: the server side, in plain sockets.
class peer {
 public:
  peer() {
    lfd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(lfd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(lfd_, 1) != 0 ||
        ::getsockname(lfd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      ADD_FAILURE() << "cannot listen on loopback";
    ep_.port = ntohs(a.sin_port);
  }
  ~peer() {
    if (fd_ >= 0) ::close(fd_);
    ::close(lfd_);
  }
  const wsh::endpoint& ep() const { return ep_; }
  void accept() { fd_ = ::accept4(lfd_, nullptr, nullptr, SOCK_CLOEXEC); }

  // Sends all of `b`, then waits until the client's kernel has acknowledged every byte: they
  // are in its receive queue, read or not (SIOCOUTQ: bytes not yet acked).
  void send_and_wait_acked(const wsh::bytes& b) {
    for (std::size_t off = 0; off < b.size();) {
      const ssize_t n = ::send(fd_, b.data() + off, b.size() - off, MSG_NOSIGNAL);
      ASSERT_GT(n, 0);
      off += static_cast<std::size_t>(n);
    }
    for (int i = 0; i < 2000; ++i) {  // at most 2 s
      int unacked = 0;
      ASSERT_EQ(::ioctl(fd_, SIOCOUTQ, &unacked), 0);
      if (unacked == 0) return;
      std::this_thread::sleep_for(1ms);
    }
    FAIL() << "the client's kernel did not take the bytes within 2 s";
  }
  wsh::bytes receive(std::size_t want) {
    wsh::bytes got(want);
    std::size_t off = 0;
    while (off < want) {
      const ssize_t n = ::recv(fd_, got.data() + off, want - off, 0);
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    got.resize(off);
    return got;
  }
  void reset() {  // close with SO_LINGER 0: an RST
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd_);
    fd_ = -1;
  }
  void finish() {  // a FIN
    ::shutdown(fd_, SHUT_WR);
  }

 private:
  int lfd_ = -1, fd_ = -1;
  wsh::endpoint ep_;
};

wsh::bytes pattern(std::size_t n) {
  wsh::bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 31 + i / 251);
  return b;
}

transport::clock_type::time_point in(std::chrono::milliseconds d) { return transport::clock_type::now() + d; }

// Reads until `want` bytes or the end; every read with a generous deadline.
wsh::bytes read_all(transport& io, std::size_t want) {
  wsh::bytes got;
  while (got.size() < want) {
    const auto r = io.read_some(in(2000ms));
    if (r.what != kind::data) break;
    const auto b = io.buffer(r.n);
    got.insert(got.end(), b.begin(), b.end());
  }
  return got;
}

TEST(Transport, ReadWhoseDeadlineHasPassedReturnsTheBytesAlreadyReceived) {
  // The signature: a 65,640-byte echo plus a close frame, already in the client's kernel
  // when a 1 ms pause's read starts late.
  peer server;
  transport io(std::nullopt);
  ASSERT_EQ(io.connect(server.ep(), in(2000ms)), "");
  server.accept();
  const wsh::bytes sent = pattern(65654);
  server.send_and_wait_acked(sent);

  const auto late = io.read_some(in(-1ms));
  ASSERT_EQ(late.what, kind::data) << "bytes the read got were reported as a timeout (and dropped)";
  ASSERT_GT(late.n, 0u);
  wsh::bytes got(io.buffer(late.n).begin(), io.buffer(late.n).end());
  const wsh::bytes rest = read_all(io, sent.size() - got.size());
  got.insert(got.end(), rest.begin(), rest.end());
  EXPECT_EQ(got, sent);  // every byte, in order
}

TEST(Transport, LateReadsTakeEverythingTheKernelHoldsThenTimeOut) {
  peer server;
  transport io(std::nullopt);
  ASSERT_EQ(io.connect(server.ep(), in(2000ms)), "");
  server.accept();
  const wsh::bytes sent = pattern(65536 + 118);  // two reads (64 KiB buffer), within one receive window
  server.send_and_wait_acked(sent);
  const auto deadline = in(-5ms);
  wsh::bytes got;
  for (int i = 0; i < 16; ++i) {
    const auto r = io.read_some(deadline);
    if (r.what != kind::data) {
      EXPECT_EQ(r.what, kind::timed_out);
      break;
    }
    got.insert(got.end(), io.buffer(r.n).begin(), io.buffer(r.n).end());
  }
  EXPECT_EQ(got, sent);
  EXPECT_EQ(io.read_some(deadline).what, kind::timed_out);  // nothing left: a timeout, at once
}

TEST(Transport, ALateReadThatFindsNothingIsATimeoutAndLosesNothingAfter) {
  peer server;
  transport io(std::nullopt);
  ASSERT_EQ(io.connect(server.ep(), in(2000ms)), "");
  server.accept();
  EXPECT_EQ(io.read_some(in(-1ms)).what, kind::timed_out);
  EXPECT_EQ(io.read_some(in(20ms)).what, kind::timed_out);
  const wsh::bytes sent = pattern(1000);
  server.send_and_wait_acked(sent);
  EXPECT_EQ(read_all(io, sent.size()), sent);
}

TEST(Transport, AWriteThatCompletesAsItsDeadlinePassesIsNotAFailure) {
  peer server;
  transport io(std::nullopt);
  ASSERT_EQ(io.connect(server.ep(), in(2000ms)), "");
  server.accept();
  const wsh::bytes b = pattern(100);
  EXPECT_EQ(io.write(b, in(-1ms)), "");
  EXPECT_EQ(server.receive(b.size()), b);
}

TEST(Transport, FinIsEndOfStreamAndRstIsAReset) {
  {
    peer server;
    transport io(std::nullopt);
    ASSERT_EQ(io.connect(server.ep(), in(2000ms)), "");
    server.accept();
    server.finish();
    const auto r = io.read_some(in(2000ms));
    EXPECT_EQ(r.what, kind::ended);
    EXPECT_FALSE(r.reset) << r.why;
  }
  {
    peer server;
    transport io(std::nullopt);
    ASSERT_EQ(io.connect(server.ep(), in(2000ms)), "");
    server.accept();
    server.reset();
    const auto r = io.read_some(in(2000ms));
    EXPECT_EQ(r.what, kind::ended);
    EXPECT_TRUE(r.reset) << r.why;
  }
}

}  // namespace
