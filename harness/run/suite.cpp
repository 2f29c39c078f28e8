#include "wsh/suite.hpp"

#include <chrono>

#include "wsh/interrupt.hpp"

namespace wsh {

std::string shell_quote(const std::string& s) {
  const bool safe = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                                      "_./:+,=@%-") == std::string::npos;
  if (safe) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

namespace {

bool connection_lost(const transcript& t) { return !t.upgraded || t.tcp_closed; }

case_attempt attempt_of(const verdict& v, const transcript& t) { return {v, t.close_code, t.tcp_closed, t.total_ms}; }

// "The same way": the same verdict, finding and close code (or the same lack of one).
bool same_failure(const case_attempt& a, const case_attempt& b) {
  return a.v.result == b.v.result && a.v.kind == b.v.kind && a.close_code == b.close_code && a.tcp_closed == b.tcp_closed;
}

// Runs a failed case again up to `times` times, keeping every run; the first run that does not
// fail the same way makes the case flaky (and ends the confirmation).
void confirm_failure(case_result& r, const endpoint& ep, const suite_options& opt, int times) {
  r.attempts.push_back(attempt_of(r.v, r.observed));
  for (int i = 0; i < times && !interrupted(); ++i) {
    const transcript t = run_case(ep, *r.c, {.expect_close = r.expected.close, .expected_echoes = r.expected.echoes.size()}, opt.run);
    r.attempts.push_back(attempt_of(judge(r.expected, t, opt.judging), t));
    if (same_failure(r.attempts.front(), r.attempts.back())) continue;
    const verdict& other = r.attempts.back().v;
    r.v.result = outcome::flaky;
    r.v.why = "flaky: run 1 " + r.v.why + "; run " + std::to_string(r.attempts.size()) + " " +
              to_string(other.result) + " (" + to_string(other.kind) + "): " + other.why;
    return;
  }
}

}  // namespace

run_report run_suite(adapter& target, const std::vector<const test_case*>& cases, const suite_options& opt,
                     const std::function<void(const case_result&)>& on_result) {
  run_report report;
  report.target_name = target.name();
  report.target_version = target.version();
  report.policy = target.policy();
  report.judging = opt.judging;
  report.cases_planned = cases.size();
  const auto start = std::chrono::steady_clock::now();
  auto elapsed_ms = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  };
  auto stop_early = [&](std::string why) {
    report.complete = false;
    report.stopped_reason = std::move(why);
  };
  endpoint ep = target.start();
  report.scheme = ep.tls ? "wss" : "ws";
  report.insecure = ep.tls && ep.tls->insecure;
  for (const test_case* c : cases) {
    if (interrupted()) {
      stop_early("interrupted (signal)");
      break;
    }
    if (opt.max_time_ms > 0 && elapsed_ms() >= opt.max_time_ms) {
      stop_early("--max-time of " + std::to_string(opt.max_time_ms) + " ms reached");
      break;
    }
    case_result r;
    r.c = c;
    r.expected = derive(*c, report.policy, opt.judging);
    r.observed = run_case(ep, *c, {.expect_close = r.expected.close, .expected_echoes = r.expected.echoes.size()}, opt.run);
    r.v = judge(r.expected, r.observed, opt.judging);
    r.replay = opt.replay_prefix + " --cases " + shell_quote(c->id);
    bool gone = false;
    if (connection_lost(r.observed) && !target.alive()) {
      r.v = verdict{outcome::fail, finding::server_died,
                    "the server stopped accepting connections during this case (" + r.v.why + ")", r.v.expected, r.v.notes};
      gone = true;
    }
    if (!gone && r.v.result == outcome::fail && opt.confirm > 0) confirm_failure(r, ep, opt, opt.confirm);
    compact(r.observed);  // judged: keep what reports need, not what the server sent (memory stays bounded)
    if (on_result) on_result(r);
    report.results.push_back(std::move(r));
    if (opt.on_progress) {
      report.complete = false;
      report.stopped_reason = "in progress";
      report.duration_ms = elapsed_ms();
      opt.on_progress(report);
      report.complete = true;
      report.stopped_reason.clear();
    }
    if (gone) {
      try {  // a spawned server comes back; an external one may not
        target.stop();
        ep = target.start();
      } catch (const setup_error& e) {
        stop_early(std::string("server unreachable after it died: ") + e.what());
        break;
      }
    }
  }
  target.stop();
  report.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace wsh
