// `wsharness fuzz`: a property-based campaign against one server (wsh/campaign.hpp). Generated
// frame sequences, failures shrunk against the live server and saved as reproducers at once.
#include <unistd.h>

#include <charconv>
#include <iostream>
#include <random>

#include "command.hpp"
#include "wsh/campaign.hpp"
#include "wsh/campaign_report.hpp"
#include "wsh/report.hpp"
#include "wsh/suite.hpp"

namespace wsh::cli {

namespace {

struct fuzz_options {
  target_options target;
  std::string time, out = "corpus/findings", json_path;
  std::uint64_t runs = 0;
  std::uint64_t seed = 0;
  int jobs = 1;
  int max_failures = 0;
  int max_size = 100;
  std::size_t shrink_runs = 1000;
  CLI::Option* seed_option = nullptr;
};

// "90s", "2m", "500ms", "1h" or plain seconds.
double duration_ms(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [unit, ec] = std::from_chars(text.data(), end, value);
  const std::string_view suffix(unit, static_cast<std::size_t>(end - unit));
  double scale = -1;
  if (suffix.empty() || suffix == "s") scale = 1000;
  else if (suffix == "ms") scale = 1;
  else if (suffix == "m") scale = 60000;
  else if (suffix == "h") scale = 3600000;
  if (ec != std::errc() || scale < 0 || value <= 0)
    throw setup_error("--time '" + text + "': expected a duration like 60s, 2m, 500ms");
  return value * scale;
}

}  // namespace

command add_fuzz(CLI::App& app) {
  auto o = std::make_shared<fuzz_options>();
  auto* sub = app.add_subcommand("fuzz", "property-based fuzz campaign: generated frame sequences, shrunk failures");
  o->target.timing.timeout_ms = 500;  // a no-close bug costs a deadline per run; valid traffic ends sooner anyway
  o->target.add_to(*sub);
  sub->add_option("--time", o->time, "stop generating after this long: 60s, 2m, 500ms (default 60s without --runs)");
  sub->add_option("--runs", o->runs, "stop after this many generated sequences");
  o->seed_option = sub->add_option("--seed", o->seed, "random seed (default: a fresh one, printed)");
  sub->add_option("--jobs", o->jobs, "parallel workers, each with its own connections")->check(CLI::Range(1, 64));
  sub->add_option("--out", o->out, "directory for reproducers (default corpus/findings)");
  sub->add_option("--max-failures", o->max_failures, "stop once this many distinct failures are saved")
      ->check(CLI::Range(1, 1000000));
  sub->add_option("--max-size", o->max_size, "largest RapidCheck size (default 100)")->check(CLI::Range(0, 1000));
  sub->add_option("--max-shrink-runs", o->shrink_runs, "server runs one failure's shrinking may take (default 1000)")
      ->check(CLI::Range(0, 1000000));
  sub->add_option("--json", o->json_path, "write the JSON summary here");

  return {sub, [o] {
            campaign_options opt;
            if (!o->seed_option->count()) o->seed = std::random_device{}() | std::uint64_t{std::random_device{}()} << 32;
            opt.seed = o->seed;
            opt.max_runs = o->runs;
            if (!o->time.empty()) opt.max_ms = duration_ms(o->time);
            if (o->time.empty() && o->runs == 0) opt.max_ms = 60000;
            opt.jobs = o->jobs;
            opt.max_failures = o->max_failures;
            opt.max_size = o->max_size;
            opt.run = o->target.timing;
            opt.shrink.max_tries = o->shrink_runs;
            opt.out_dir = o->out;
            opt.replay = "wsharness replay {file}" + o->target.replay_flags();

            auto target = o->target.make_adapter();
            std::cout << "wsharness " << WSH_VERSION << ": fuzzing " << target->name() << " " << target->version()
                      << " (" << target->policy().describe() << "), seed " << opt.seed << ", " << opt.jobs
                      << " job(s), reproducers in " << opt.out_dir << "/\n";
            std::cout.flush();

            // A progress line only on a terminal; CI logs get the findings and the summary.
            const bool tty = ::isatty(STDERR_FILENO) == 1;
            std::size_t shown = 0;
            auto on_failure = [&](const campaign_failure& f) {
              if (tty) std::cerr << "\r\033[K";
              print_campaign_failure(std::cout, f, ++shown);
              std::cout.flush();
            };
            auto on_progress = [&](const campaign_progress& p) {
              if (tty) std::cerr << progress_line(p) << std::flush;
            };
            const campaign_result r = run_campaign(*target, opt, on_failure, on_progress);
            if (tty) std::cerr << "\r\033[K";
            print_campaign_summary(std::cout, r);
            if (!o->seed_option->count()) std::cout << "repeat with --seed " << r.seed << " --jobs 1\n";
            if (!o->json_path.empty()) write_file_atomically(o->json_path, to_json(r));
            return r.failures.empty() ? exit_clean : exit_findings;
          }};
}

}  // namespace wsh::cli
