// A property-based fuzz campaign against one server: generate a connection's worth of frames
// (wsh/generators.hpp), run it with the conformance suite's own code (derive -> run_case ->
// judge), and on a failure shrink it against the live server to a minimal frame sequence that
// still fails the same way, then save it as a reproducer (wsh/reproducer.hpp) at once.
//
// The property: the transcript satisfies the oracle (exact close code, no close on valid
// traffic, close frame before TCP close). Only `fail` verdicts break it; `non-strict` is counted.
//
// Determinism: run i draws from rc::Random({seed, i}) at size i % (max_size + 1), so with
// --runs N the same N sequences are generated whatever --jobs is. With jobs == 1 the whole
// campaign (findings, shrinking, files) repeats exactly for a given seed and a deterministic
// server; with jobs > 1 which run first hits a kind of failure (and so the saved example of it)
// depends on timing.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "wsh/adapter.hpp"
#include "wsh/generators.hpp"
#include "wsh/live_shrink.hpp"
#include "wsh/oracle.hpp"
#include "wsh/runner.hpp"
#include "wsh/transcript.hpp"
#include "wsh/verdict.hpp"

namespace wsh {

struct campaign_options {
  std::uint64_t seed = 0;
  std::uint64_t max_runs = 0;  // generated sequences; 0: no limit
  double max_ms = 0;           // stop starting new sequences after this long; 0: no limit
  int jobs = 1;                // workers, each with its own connections to the same endpoint
  int max_failures = 0;        // stop once this many distinct failures are saved; 0: no limit
  int max_size = 100;          // RapidCheck size cycles 0..max_size
  int max_messages = 5;        // per connection at the nominal size
  run_options run{.timeout_ms = 500};
  shrink_budget shrink;        // per distinct failure; shrinking finishes even after max_ms
  std::string out_dir;         // reproducers go here (created if missing); empty: not written
  std::string replay;          // replay command for reproducers; "{file}" stands for the path
};

struct campaign_failure {
  std::string key;    // failure_key(): finding/violation/defect
  std::string shape;  // frame_shape() of the shrunk case
  test_case original;  // as generated
  test_case shrunk;    // id is the reproducer's case id
  expectation expected;  // of the shrunk case, and its last failing run:
  transcript observed;
  verdict v;
  std::uint64_t run = 0;  // the generated sequence that found it
  int size = 0;
  double found_ms = 0;  // since the campaign started
  double saved_ms = 0;
  shrink_stats shrinking;
  std::uint64_t hits = 1;  // generated sequences that failed with this key
  std::string file;        // the reproducer, empty if none was written
  std::string replay;      // the command that replays it
};

struct campaign_progress {
  std::uint64_t runs = 0;
  std::size_t failures = 0;  // distinct, saved
  double elapsed_ms = 0;
};

struct campaign_result {
  std::string target_name, target_version;
  endpoint_policy policy;
  std::uint64_t seed = 0;
  int jobs = 1;
  std::uint64_t runs = 0;  // generated sequences run
  std::uint64_t passed = 0, non_strict = 0, failed = 0;  // failed: runs that failed (confirmed)
  std::uint64_t flaky = 0;         // failed once, not when re-run: neither `failed` nor a finding
  std::uint64_t server_runs = 0;   // connections in all, shrinking and confirmation included
  std::uint64_t generator_errors = 0;
  double duration_ms = 0;
  std::optional<double> first_failure_ms;  // time to first finding
  std::string stopped_by;  // "runs", "time", "max-failures" or "interrupted" (Ctrl-C, wsh/interrupt.hpp)
  std::vector<campaign_failure> failures;  // sorted by key
};

// Starts the adapter, runs the campaign, stops the adapter. `on_failure` is called (serialised)
// once a distinct failure is shrunk and its reproducer written; `on_progress` about 4 times a
// second from the calling thread.
campaign_result run_campaign(adapter& target, const campaign_options& opt,
                             const std::function<void(const campaign_failure&)>& on_failure = {},
                             const std::function<void(const campaign_progress&)>& on_progress = {});

}  // namespace wsh
