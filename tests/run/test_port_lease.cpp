// Port leases: parallel jobs, in one process or several, are never handed the same port.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "wsh/port_lease.hpp"

namespace {

TEST(PortLease, LeasesHeldAtOnceAreDistinctAcrossThreads) {
  std::mutex m;
  std::vector<wsh::port_lease> held;
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        wsh::port_lease l;
        std::lock_guard lock(m);
        held.push_back(std::move(l));
      }
    });
  threads.clear();
  std::set<std::uint16_t> ports;
  for (const auto& l : held) ports.insert(l.port());
  EXPECT_EQ(ports.size(), held.size());
  EXPECT_EQ(ports.count(0), 0u);
}

TEST(PortLease, AnotherProcessIsNeverHandedAPortThisOneHolds) {
  std::vector<wsh::port_lease> held(50);
  std::set<std::uint16_t> mine;
  for (const auto& l : held) mine.insert(l.port());
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // a second wsharness: lease many ports, report any clash through the exit code
    std::vector<wsh::port_lease> theirs(200);
    int clashes = 0;
    for (const auto& l : theirs) clashes += mine.count(l.port()) ? 1 : 0;
    ::_exit(clashes == 0 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child was handed a port held here";
}

TEST(PortLease, AReleasedPortCanBeLeasedAgainAndMovesKeepTheLease) {
  wsh::port_lease a;
  const auto port = a.port();
  wsh::port_lease b(std::move(a));
  EXPECT_EQ(b.port(), port);
  EXPECT_EQ(a.port(), 0);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
}

}  // namespace
