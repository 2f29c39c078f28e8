// The conformance catalogue against your in-process server, over loopback TCP: one fresh server
// per connection, judged by the 1007 oracle. Exit 0: no failure; 1: findings.
#include <iostream>

#include "my_echo_server.hpp"
#include "wsh/catalogue.hpp"
#include "wsh/report.hpp"
#include "wsh/suite.hpp"

int main() {
  auto make = [](const wsh::echo_options& o) { return std::make_unique<my_echo_server>(o); };
  auto server = wsh::make_memory_server_adapter(make, {}, "my-echo-server", "1.0");
  std::vector<const wsh::test_case*> cases;
  for (const auto& c : wsh::catalogue()) cases.push_back(&c);
  wsh::suite_options opt;
  opt.run.timeout_ms = 500;
  const auto report = wsh::run_suite(*server, cases, opt);
  for (const auto& r : report.results)
    if (r.v.result == wsh::outcome::fail) wsh::print_details(std::cout, r);
  wsh::print_summary(std::cout, report);
  return report.count(wsh::outcome::fail) ? 1 : 0;
}
