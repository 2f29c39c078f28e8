#include "wsh/suite.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "wsh/interrupt.hpp"
#include "wsh/stop_for.hpp"

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

// "The same way": the same verdict, a finding that repeats the first (FIN or RST alike) and the
// same close code (or the same lack of one).
bool same_failure(const case_attempt& a, const case_attempt& b) {
  return a.v.result == b.v.result && repeats(a.v.kind, b.v.kind) && a.close_code == b.close_code &&
         a.tcp_closed == b.tcp_closed;
}

// Runs a failed case again up to `times` times, keeping every run; the first run that does not
// fail the same way makes the case flaky (and ends the confirmation).
void confirm_failure(case_result& r, const endpoint& ep, const suite_options& opt, int times) {
  r.attempts.push_back(attempt_of(r.v, r.observed));
  for (int i = 0; i < times && !interrupted(); ++i) {
    const transcript t = run_case(ep, *r.c, stop_for(r.expected, *r.c), opt.run);
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

namespace {

// One run_suite call: the report, the clock, the endpoint and the per-case steps both modes share.
struct suite_run {
  suite_run(adapter& t, const std::vector<const test_case*>& c, const suite_options& o,
            const std::function<void(const case_result&)>& each)
      : target(t), cases(c), opt(o), on_result(each) {}

  adapter& target;
  const std::vector<const test_case*>& cases;
  const suite_options& opt;
  const std::function<void(const case_result&)>& on_result;
  run_report report;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  endpoint ep;

  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  void stop_early(std::string why) {
    report.complete = false;
    report.stopped_reason = std::move(why);
  }
  // Why no further case may start (interrupt, --max-time), or empty.
  std::string why_stop() const {
    if (interrupted()) return "interrupted (signal)";
    if (opt.max_time_ms > 0 && elapsed_ms() >= opt.max_time_ms)
      return "--max-time of " + std::to_string(opt.max_time_ms) + " ms reached";
    return {};
  }
  // derive -> run -> judge on a fresh connection. Thread-safe (run_case has its own io_context).
  case_result run_one(const test_case* c) const {
    case_result r;
    r.c = c;
    r.expected = derive(*c, report.policy, opt.judging);
    r.observed = run_case(ep, *c, stop_for(r.expected, *r.c), opt.run);
    r.v = judge(r.expected, r.observed, opt.judging);
    r.replay = opt.replay_prefix + " --cases " + shell_quote(c->id);
    return r;
  }
  void mark_server_died(case_result& r) const {
    r.v = verdict{outcome::fail, finding::server_died,
                  "the server stopped accepting connections during this case (" + r.v.why + ")", r.v.expected, r.v.notes};
  }
  // A judged case joins the report: compacted, announced, progress written.
  void finish(case_result r) {
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
  }
  // After a server death: a spawned server comes back; an external one may not (false: stopped).
  bool restart() {
    try {
      target.stop();
      ep = target.start();
      return true;
    } catch (const setup_error& e) {
      stop_early(std::string("server unreachable after it died: ") + e.what());
      return false;
    }
  }

  // One case at a time, in the given order (connections == 1: the whole run). False: stopped early.
  bool sequential(const std::vector<const test_case*>& list) {
    for (const test_case* c : list) {
      if (std::string why = why_stop(); !why.empty()) {
        stop_early(std::move(why));
        return false;
      }
      case_result r = run_one(c);
      bool gone = false;
      if (connection_lost(r.observed) && !target.alive()) {
        mark_server_died(r);
        gone = true;
      }
      if (!gone && r.v.result == outcome::fail && opt.confirm > 0) confirm_failure(r, ep, opt, opt.confirm);
      finish(std::move(r));
      if (gone && !restart()) return false;
    }
    return true;
  }

  // Up to `connections` cases at once on worker threads (derive -> run -> judge, and --confirm
  // runs of a case that kept its connection); this thread takes the results in list order, asks
  // alive() and reports them. Returns how many cases of `list` are done: all of them, fewer when
  // stopped early (interrupt, --max-time: cases not started are not run) or when the server died
  // during case k (returns k: its result and every later one are dropped, the caller restarts
  // the server and runs list[k..] one at a time, so the case that killed it is the one blamed).
  std::size_t parallel(const std::vector<const test_case*>& list, int connections, std::optional<case_result>& died) {
    const std::size_t n = list.size();
    using clock = std::chrono::steady_clock;
    std::vector<std::optional<case_result>> slots(n);
    std::vector<clock::time_point> finished(n);  // when each case's last run ended
    std::mutex m;
    std::condition_variable cv;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> halt{false};
    std::string stopped_why;  // guarded by m
    std::exception_ptr error;  // guarded by m: what a worker threw, rethrown here
    int running = 0;           // guarded by m
    auto work_loop = [&] {
      for (;;) {
        if (halt) break;
        if (std::string why = why_stop(); !why.empty()) {
          std::lock_guard lock(m);
          if (stopped_why.empty()) stopped_why = std::move(why);
          halt = true;
          break;
        }
        const std::size_t i = next.fetch_add(1);
        if (i >= n) break;
        case_result r = run_one(list[i]);
        // A lost connection may mean a dead server: alive() is this thread's question, confirm waits.
        if (!connection_lost(r.observed) && r.v.result == outcome::fail && opt.confirm > 0)
          confirm_failure(r, ep, opt, opt.confirm);
        std::lock_guard lock(m);
        finished[i] = clock::now();
        slots[i] = std::move(r);
        cv.notify_all();
      }
    };
    auto work = [&] {
      try {
        work_loop();
      } catch (...) {
        std::lock_guard lock(m);
        if (!error) error = std::current_exception();
        halt = true;
      }
      std::lock_guard lock(m);
      --running;
      cv.notify_all();
    };
    const int workers = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(connections), n));
    running = workers;
    std::vector<std::jthread> pool;  // joined when this function is left, also by an exception
    struct halt_on_exit {
      std::atomic<bool>& halt;
      ~halt_on_exit() { halt = true; }  // before the pool joins: no case is handed out after
    } halt_guard{halt};
    for (int w = 0; w < workers; ++w) pool.emplace_back(work);
    // alive() asked after a case ended answers for it as it would right after that case; one
    // "alive" answer also covers every case that had ended a moment (`settle`) before it was asked,
    // so a server closing every connection is not asked once per case, and a server that died
    // with several connections open is asked again for the others once its exit had time to land.
    constexpr auto settle = std::chrono::milliseconds(50);
    std::optional<clock::time_point> alive_asked;
    auto alive_after = [&](clock::time_point ended) {
      if (alive_asked && *alive_asked >= ended + settle) return true;
      const auto asked = clock::now();
      if (!target.alive()) return false;
      alive_asked = asked;
      return true;
    };
    std::size_t done = 0;
    for (; done < n; ++done) {
      std::optional<case_result> r;
      clock::time_point ended;
      {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return slots[done].has_value() || running == 0; });
        if (!slots[done]) break;  // never started: the run was stopped
        r = std::move(slots[done]);
        ended = finished[done];
      }
      const bool lost = connection_lost(r->observed) ||
                        std::any_of(r->attempts.begin(), r->attempts.end(), [](const auto& a) { return a.tcp_closed; });
      if (lost && !alive_after(ended)) {
        halt = true;
        died = std::move(r);
        break;
      }
      if (connection_lost(r->observed) && r->v.result == outcome::fail && opt.confirm > 0)
        confirm_failure(*r, ep, opt, opt.confirm);
      finish(std::move(*r));
    }
    halt = true;
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    if (!died && done < n) stop_early(stopped_why.empty() ? why_stop() : stopped_why);
    return done;
  }

  // connections > 1: the cases in parallel, then the timing-sensitive ones (a fail-fast pause:
  // the server's close must beat our next write) in a phase of their own, where nothing else
  // loads the server; a server death hands the rest to the one-at-a-time loop. Write splits'
  // gaps are no deadline (no strict_limit): they run with the others.
  void run_parallel(int connections) {
    std::vector<const test_case*> quick, paused;
    auto timing_sensitive = [](const test_case* c) {
      return std::any_of(c->pauses.begin(), c->pauses.end(), [](const send_pause& p) { return p.fail_fast_probe; });
    };
    for (const test_case* c : cases) (timing_sensitive(c) ? paused : quick).push_back(c);
    std::optional<case_result> died;
    std::size_t done = parallel(quick, connections, died);
    std::vector<const test_case*> rest;
    if (!died && done == quick.size()) {
      done = parallel(paused, connections, died);
      if (!died) return;  // all done, or stopped early
      rest.assign(paused.begin() + static_cast<std::ptrdiff_t>(done), paused.end());
    } else {
      if (!died) return;  // stopped early
      rest.assign(quick.begin() + static_cast<std::ptrdiff_t>(done), quick.end());
      rest.insert(rest.end(), paused.begin(), paused.end());
    }
    mark_server_died(*died);
    target.stop();  // as one at a time: the dead server's case is reported and the run ends,
    try {           // unless the server comes back: then that case runs again, alone
      ep = target.start();
    } catch (const setup_error& e) {
      finish(std::move(*died));
      stop_early(std::string("server unreachable after it died: ") + e.what());
      return;
    }
    sequential(rest);
  }

  // The report lists the cases in the order they were given, whatever order they ran in.
  void restore_order() {
    std::unordered_map<const test_case*, std::size_t> index;
    for (std::size_t i = 0; i < cases.size(); ++i) index.emplace(cases[i], i);
    std::stable_sort(report.results.begin(), report.results.end(),
                     [&](const case_result& a, const case_result& b) { return index.at(a.c) < index.at(b.c); });
  }
};

}  // namespace

run_report run_suite(adapter& target, const std::vector<const test_case*>& cases, const suite_options& opt,
                     const std::function<void(const case_result&)>& on_result) {
  suite_run run(target, cases, opt, on_result);
  run_report& report = run.report;
  report.target_name = target.name();
  report.target_version = target.version();
  report.policy = target.policy();
  report.judging = opt.judging;
  report.cases_planned = cases.size();
  run.ep = target.start();
  report.scheme = run.ep.tls ? "wss" : "ws";
  report.insecure = run.ep.tls && run.ep.tls->insecure;
  if (opt.connections > 1) {
    run.run_parallel(opt.connections);
    run.restore_order();
  } else {
    run.sequential(cases);
  }
  target.stop();
  report.duration_ms = run.elapsed_ms();
  return std::move(report);
}

}  // namespace wsh
