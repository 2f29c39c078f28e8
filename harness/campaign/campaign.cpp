#include "wsh/campaign.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <rapidcheck.h>

#include "wsh/failure_key.hpp"
#include "wsh/interrupt.hpp"
#include "wsh/report.hpp"
#include "wsh/reproducer.hpp"
#include "wsh/stop_for.hpp"

namespace wsh {

namespace {

using clock_type = std::chrono::steady_clock;

// One run of a case on a fresh connection: the same three steps as wsh::run_suite.
struct attempt {
  test_case c;
  expectation e;
  transcript t;
  verdict v;
};

class campaign {
 public:
  campaign(const campaign_options& opt, endpoint ep, endpoint_policy policy, std::string target,
           const std::function<void(const campaign_failure&)>& on_failure)
      : opt_(opt),
        ep_(std::move(ep)),
        policy_(policy),
        target_(std::move(target)),
        on_failure_(on_failure),
        gen_(gen::connection({policy, opt.max_messages})),
        start_(clock_type::now()) {}

  double elapsed_ms() const { return std::chrono::duration<double, std::milli>(clock_type::now() - start_).count(); }

  // A worker: takes the next run index until the campaign is over.
  void work() {
    try {
      for (;;) {
        if (stop_) return;
        if (interrupted()) return finish("interrupted");  // Ctrl-C: summary and JSON still written
        if (opt_.max_ms > 0 && elapsed_ms() >= opt_.max_ms) return finish("time");
        const std::uint64_t i = next_run_++;
        if (opt_.max_runs > 0 && i >= opt_.max_runs) return finish("runs");
        run_one(i);
      }
    } catch (...) {
      std::lock_guard lock(m_);
      if (!error_) error_ = std::current_exception();
      stop_ = true;
    }
  }

  campaign_progress progress() {
    std::lock_guard lock(m_);
    return {runs_, failures_.size(), elapsed_ms()};
  }

  campaign_result result() {
    if (error_) std::rethrow_exception(error_);
    campaign_result r;
    r.policy = policy_;
    r.seed = opt_.seed;
    r.jobs = opt_.jobs;
    r.runs = runs_;
    r.passed = passed_;
    r.non_strict = non_strict_;
    r.failed = failed_;
    r.flaky = flaky_;
    r.server_runs = server_runs_;
    r.generator_errors = generator_errors_;
    r.duration_ms = elapsed_ms();
    r.first_failure_ms = first_failure_ms_;
    r.stopped_by = stopped_by_;
    r.failures = failures_;
    for (auto& f : r.failures) f.hits = hits_[f.key];
    std::sort(r.failures.begin(), r.failures.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return r;
  }

 private:
  void finish(const char* why) {
    std::lock_guard lock(m_);
    if (stopped_by_.empty()) stopped_by_ = why;
  }

  attempt run(test_case c, const run_options& ro) {
    attempt a;
    a.e = derive(c, policy_);
    a.t = run_case(ep_, c, stop_for(a.e, c), ro);
    a.v = judge(a.e, a.t);
    a.c = std::move(c);
    ++server_runs_;
    return a;
  }

  void run_one(std::uint64_t i) {
    // Run i's randomness depends on (seed, i) only, so runs can be spread over workers.
    const rc::Random random(rc::Random::Key{opt_.seed, i, 0x7773682d66757a7aull /* "wsh-fuzz" */, 0});
    const int size = static_cast<int>(i % static_cast<std::uint64_t>(opt_.max_size + 1));
    std::unique_lock rc_lock(rapidcheck_mutex());
    const rc::Shrinkable<test_case> generated = gen_(random, size);
    test_case c;
    try {
      c = generated.value();
    } catch (const std::exception&) {
      ++generator_errors_;
      return;
    }
    rc_lock.unlock();
    c.id = "fuzz/run-" + std::to_string(i);
    const attempt first = run(c, opt_.run);
    const double found_ms = elapsed_ms();
    ++runs_;
    if (first.v.result == outcome::pass) ++passed_;
    if (first.v.result == outcome::non_strict) ++non_strict_;
    if (first.v.result != outcome::fail) return;

    // One shrink per kind of failure: shrinking is where the time goes.
    const std::string key = failure_key(first.c, first.e, first.v);
    {
      std::lock_guard lock(m_);
      if (hits_[key]++ > 0) {
        ++failed_;
        return;
      }
    }
    // A failure must repeat before it counts, and with a longer deadline: a loaded machine can
    // miss the short fuzzing deadline more than once (a server that never closes still fails).
    run_options patient = opt_.run;
    patient.timeout_ms = std::max(patient.timeout_ms * 4, 2000);
    patient.probe_grace_ms *= 4;
    const attempt again = run(c, patient);
    if (again.v.result != outcome::fail || !repeats(first.v.kind, again.v.kind) ||
        expectation_key(again.c, again.e) != expectation_key(first.c, first.e)) {
      ++flaky_;
      std::lock_guard lock(m_);
      if (--hits_[key] == 0) hits_.erase(key);
      return;
    }
    ++failed_;
    {
      std::lock_guard lock(m_);
      if (!first_failure_ms_ || found_ms < *first_failure_ms_) first_failure_ms_ = found_ms;
    }

    attempt last = again;
    const std::string want = expectation_key(first.c, first.e);
    auto still_fails = [&](const test_case& candidate) {
      if (expectation_key(candidate, derive(candidate, policy_)) != want) return false;  // no server run needed
      attempt a = run(candidate, opt_.run);
      if (a.v.result != outcome::fail || !repeats(first.v.kind, a.v.kind)) return false;
      last = std::move(a);
      return true;
    };
    shrink_budget budget = opt_.shrink;
    budget.cancelled = [this] { return stop_.load() || interrupted(); };
    campaign_failure f;
    shrink_live(generated, still_fails, budget, f.shrinking);
    // Another worker reached --max-failures (or failed): drop this one. Interrupted: save what
    // the shrinking reached, it is a confirmed failure.
    if (stop_) return;

    f.key = key;
    f.original = c;
    f.shrunk = last.c;
    f.shrunk.id = reproducer_case_id(key, f.shrunk);
    f.shape = frame_shape(f.shrunk);
    f.expected = last.e;
    f.observed = last.t;
    f.v = last.v;
    f.run = i;
    f.size = size;
    f.found_ms = found_ms;
    save(std::move(f));
  }

  std::string replay_command(const std::string& file) const {
    std::string cmd = opt_.replay;
    if (auto at = cmd.find("{file}"); at != std::string::npos) cmd.replace(at, 6, file);
    return cmd;
  }

  void save(campaign_failure f) {
    std::lock_guard lock(m_);
    if (opt_.max_failures > 0 && failures_.size() >= static_cast<std::size_t>(opt_.max_failures)) return;
    if (!opt_.out_dir.empty()) {
      f.file = (std::filesystem::path(opt_.out_dir) / reproducer_file_name(f.key, f.shrunk)).string();
      reproducer_info info;
      info.target = target_;
      info.policy = policy_;
      info.seed = opt_.seed;
      info.run = f.run;
      info.size = f.size;
      info.key = f.key;
      info.replay = f.replay = replay_command(f.file);
      info.shrunk = std::to_string(f.original.frames.size()) + " frame(s) -> " + std::to_string(f.shrunk.frames.size()) +
                    " in " + std::to_string(f.shrinking.steps) + " steps (" + std::to_string(f.shrinking.tries) +
                    " server runs, " + std::to_string(static_cast<long>(f.shrinking.ms)) + " ms" +
                    (f.shrinking.exhausted ? ", budget spent" : "") + ")";
      case_result last{&f.shrunk, f.expected, f.observed, f.v, info.replay, {}};
      write_file_atomically(f.file, reproducer_text(f.shrunk, info, last));
    }
    f.saved_ms = elapsed_ms();
    f.hits = hits_[f.key];
    failures_.push_back(f);
    if (on_failure_) on_failure_(failures_.back());
    if (opt_.max_failures > 0 && failures_.size() >= static_cast<std::size_t>(opt_.max_failures)) {
      if (stopped_by_.empty()) stopped_by_ = "max-failures";
      stop_ = true;
    }
  }

  const campaign_options& opt_;
  const endpoint ep_;
  const endpoint_policy policy_;
  const std::string target_;
  const std::function<void(const campaign_failure&)>& on_failure_;
  const rc::Gen<test_case> gen_;
  const clock_type::time_point start_;

  std::atomic<std::uint64_t> next_run_{0}, runs_{0}, passed_{0}, non_strict_{0}, failed_{0}, flaky_{0},
      server_runs_{0}, generator_errors_{0};
  std::atomic<bool> stop_{false};
  std::mutex m_;  // guards everything below
  std::map<std::string, std::uint64_t> hits_;
  std::vector<campaign_failure> failures_;
  std::optional<double> first_failure_ms_;
  std::string stopped_by_;
  std::exception_ptr error_;
};

// Stops the adapter however the campaign ends.
struct stop_on_exit {
  adapter& a;
  ~stop_on_exit() { a.stop(); }
};

}  // namespace

campaign_result run_campaign(adapter& target, const campaign_options& opt,
                             const std::function<void(const campaign_failure&)>& on_failure,
                             const std::function<void(const campaign_progress&)>& on_progress) {
  if (!opt.out_dir.empty()) std::filesystem::create_directories(opt.out_dir);
  const endpoint ep = target.start();
  stop_on_exit guard{target};
  campaign c(opt, ep, target.policy(), target.name() + " " + target.version(), on_failure);

  std::mutex done_m;
  std::condition_variable done_cv;
  int running = std::max(1, opt.jobs);
  std::vector<std::thread> workers;
  for (int w = 0; w < std::max(1, opt.jobs); ++w)
    workers.emplace_back([&] {
      c.work();
      std::lock_guard lock(done_m);
      --running;
      done_cv.notify_all();
    });
  {
    std::unique_lock lock(done_m);
    while (!done_cv.wait_for(lock, std::chrono::milliseconds(250), [&] { return running == 0; }))
      if (on_progress) {
        lock.unlock();
        on_progress(c.progress());
        lock.lock();
      }
  }
  for (auto& w : workers) w.join();
  if (on_progress) on_progress(c.progress());

  campaign_result r = c.result();
  r.target_name = target.name();
  r.target_version = target.version();
  return r;
}

}  // namespace wsh
