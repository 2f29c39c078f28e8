#include "wsh/live_shrink.hpp"

#include <chrono>
#include <unordered_set>

#include <rapidcheck.h>

namespace wsh {

std::string wire_identity(const test_case& c) {
  const wire_layout w = layout(c.frames);
  std::string id(w.stream.begin(), w.stream.end());
  for (const auto& p : c.pauses)  // appended piecewise: g++ 12 warns falsely about "literal" + std::string
    id.append("|").append(std::to_string(p.frame_index)).append(",").append(std::to_string(p.payload_bytes))
        .append(",").append(std::to_string(p.ms)).append(",").append(std::to_string(p.header_bytes))
        .append(p.fail_fast_probe ? ",p" : ",s");
  return id;
}

std::mutex& rapidcheck_mutex() {
  static std::mutex m;
  return m;
}

rc::Shrinkable<test_case> shrink_live(rc::Shrinkable<test_case> failing,
                                      const std::function<bool(const test_case&)>& still_fails,
                                      const shrink_budget& budget, shrink_stats& stats) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  auto elapsed_ms = [&] { return std::chrono::duration<double, std::milli>(clock::now() - start).count(); };
  std::unique_lock rc_lock(rapidcheck_mutex());
  std::unordered_set<std::string> tried{wire_identity(failing.value())};

  bool moved = true;
  while (moved) {
    moved = false;
    auto shrinks = failing.shrinks();
    for (auto next = shrinks.next(); next; next = shrinks.next()) {
      if (stats.tries >= budget.max_tries || elapsed_ms() >= budget.max_ms ||
          (budget.cancelled && budget.cancelled())) {
        stats.exhausted = true;
        stats.ms = elapsed_ms();
        return failing;
      }
      test_case candidate;
      try {
        candidate = next->value();
      } catch (const std::exception&) {  // a generator that gave up (rc::gen::suchThat)
        continue;
      }
      if (!tried.insert(wire_identity(candidate)).second) {
        ++stats.repeats;
        continue;
      }
      ++stats.tries;
      rc_lock.unlock();  // the server run: other workers may generate meanwhile
      const bool fails = still_fails(candidate);
      rc_lock.lock();
      if (fails) {
        failing = *next;
        ++stats.steps;
        moved = true;
        break;
      }
    }
  }
  stats.ms = elapsed_ms();
  return failing;
}

}  // namespace wsh
