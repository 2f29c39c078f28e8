#include "wsh/multi_suite.hpp"

#include <atomic>
#include <mutex>
#include <thread>

namespace wsh {

std::vector<suite_outcome> run_suites(const std::vector<suite_job>& jobs, const std::vector<const test_case*>& cases,
                                      int parallel, const std::function<void(const suite_outcome&)>& on_done) {
  std::vector<suite_outcome> out(jobs.size());
  std::atomic<std::size_t> next{0};
  std::mutex done_mutex;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < jobs.size();) {
      suite_outcome& o = out[i];
      o.name = jobs[i].name;
      try {
        auto target = jobs[i].make();
        o.report = run_suite(*target, cases, jobs[i].opt);
      } catch (const std::exception& e) {  // one target's set-up failure must not stop the others
        o.error = e.what();
      }
      if (on_done) {
        std::lock_guard lock(done_mutex);
        on_done(o);
      }
    }
  };
  const auto n = static_cast<std::size_t>(std::max(1, parallel));
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < std::min(n, jobs.size()); ++t) pool.emplace_back(worker);
  worker();  // this thread works too; the pool joins on scope exit
  pool.clear();
  return out;
}

}  // namespace wsh
