#include "wsh/suite.hpp"

#include <chrono>

namespace wsh {

std::string shell_quote(const std::string& s) {
  const bool safe = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                      "_./:+,=@%-") == std::string::npos;
  if (safe) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

run_report run_suite(adapter& target, const std::vector<const test_case*>& cases, const suite_options& opt,
                     const std::function<void(const case_result&)>& on_result) {
  run_report report;
  report.target_name = target.name();
  report.target_version = target.version();
  report.policy = target.policy();
  report.judging = opt.judging;
  const auto start = std::chrono::steady_clock::now();
  const endpoint ep = target.start();
  for (const test_case* c : cases) {
    case_result r;
    r.c = c;
    r.expected = derive(*c, report.policy, opt.judging);
    r.observed = run_case(ep, *c, r.expected, opt.run);
    r.v = judge(r.expected, r.observed, opt.judging);
    r.replay = opt.replay_prefix + " --cases " + shell_quote(c->id);
    if (on_result) on_result(r);
    report.results.push_back(std::move(r));
  }
  target.stop();
  report.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace wsh
