// `wsharness sweep ECO:PACKAGE@V1,V2 | ECO:PACKAGE@FROM..TO`: one library across its released
// versions (wsh/sweep.hpp). Each version is installed on its own into a cache, its ecosystem's
// echo server started on it, the selected cases run. Exit 2: bad spec, unknown package or
// version, registry unreachable; 1: a version could not run or has a `fail`; 0 otherwise.
#include <iostream>
#include <map>

#include "command.hpp"
#include "wsh/catalogue.hpp"
#include "wsh/install_cache.hpp"
#include "wsh/interrupt.hpp"
#include "wsh/sweep_output.hpp"
#include "wsh/sweep_spec.hpp"

namespace wsh::cli {

namespace {
struct sweep_cli_options {
  std::string spec, globs, json_path, html_path, cache_dir, interpreter;
  bool bisect = false, per_minor = false, prereleases = false;
  run_options timing;
  int install_timeout_s = 600, list_timeout_s = 120, startup_timeout_ms = 20000, max_time_s = 600;
  int max_versions = 200;
  profile judging = profile::strict;
  std::vector<test_case> all;  // kept alive: reports point into it
};

// The versions the spec stands for, checked against the registry and in the ecosystem's order.
std::vector<std::string> sweep_versions(sweep_spec spec, const ecosystem& eco, const sweep_cli_options& o) {
  const auto published = list_versions(eco, spec.package, o.list_timeout_s);
  const std::string latest = newest_release(eco.scheme, published);
  // `latest`: the newest release; `6.2.x`: the newest release of that series.
  for (auto* v : {&spec.from, &spec.to})
    *v = *v == "latest" ? latest : newest_of_series(eco.scheme, published, *v);
  for (auto& v : spec.versions) v = v == "latest" ? latest : newest_of_series(eco.scheme, published, v);
  std::vector<std::string> versions;
  if (spec.is_range()) {
    try {
      versions = select_range(eco.scheme, published, spec.from, spec.to, o.prereleases);
    } catch (const setup_error& e) {
      throw setup_error(eco.name + ":" + spec.package + ": " + e.what() + " in " + eco.registry);
    }
  } else {
    for (const auto& v : spec.versions) {
      if (std::find(published.begin(), published.end(), v) == published.end())
        throw setup_error("version " + v + " of " + eco.name + ":" + spec.package + " does not exist in " + eco.registry);
      versions.push_back(v);
    }
    sort_versions(eco.scheme, versions);
  }
  if (o.per_minor) versions = last_patch_per_minor(eco.scheme, versions);
  if (static_cast<int>(versions.size()) > o.max_versions)
    throw setup_error(std::to_string(versions.size()) + " versions to sweep, more than --max-versions " +
                      std::to_string(o.max_versions) + " (narrow the range, or --per-minor, or --bisect)");
  if (o.bisect && versions.size() < 2) throw setup_error("--bisect needs at least two versions");
  return versions;
}

// Thrown out of a bisection probe on Ctrl-C/SIGTERM: the versions already run are still reported.
struct sweep_interrupted {};

// One line as each version finishes; `total` 0: not known in advance (bisection).
void print_progress(std::ostream& os, const version_run& r, std::size_t n, std::size_t total) {
  os << "[" << n << (total ? "/" + std::to_string(total) : std::string{}) << "] " << r.version << ": ";
  if (r.report)
    os << r.report->count(outcome::pass) << " pass, " << r.report->count(outcome::fail) << " fail, "
       << r.report->count(outcome::non_strict) << " non-strict";
  if (!r.error.empty()) os << (r.report ? " (" + r.error + ")" : "NOT RUN: " + r.error);
  os << (r.installed_from_cache ? "  [cached install]" : "") << "\n";
  os.flush();
}
}  // namespace

command add_sweep(CLI::App& app) {
  auto o = std::make_shared<sweep_cli_options>();
  auto* sub = app.add_subcommand("sweep", "one library across its released versions: install each, run, compare, bisect");
  sub->add_option("SPEC", o->spec,
                  "ECO:PACKAGE@V1,V2,... or ECO:PACKAGE@FROM..TO (npm, pypi, go, crates, maven; e.g. "
                  "npm:ws@7.5.9,8.13.0, npm:ws@7.0.0..latest, maven:org.springframework:spring-websocket@5.3.0..6.2.x)")
      ->required();
  sub->add_option("--cases", o->globs, "comma-separated globs over case ids and reference-suite ids");
  sub->add_option("--json", o->json_path, "write the sweep as JSON here (every version's report inside)");
  sub->add_option("--html", o->html_path, "write the matrix here: rows = cases, columns = versions");
  sub->add_flag("--bisect", o->bisect,
                "run only the versions needed to find where the selected cases' verdicts change (O(log n) per change)");
  sub->add_flag("--per-minor", o->per_minor, "only the last patch of every minor version");
  sub->add_flag("--prereleases", o->prereleases, "keep pre-releases inside a range");
  sub->add_option("--cache-dir", o->cache_dir, "where versions are installed (default ~/.cache/wsharness/sweep)");
  sub->add_option("--interpreter", o->interpreter,
                  "what runs the echo servers: node (npm), python3 (pypi; the venvs are made with it), go, "
                  "cargo (which build them), java (maven): e.g. an older python3 for releases that do not run on "
                  "the newest");
  add_timing_options(*sub, o->timing);
  sub->add_option("--install-timeout", o->install_timeout_s, "seconds one version's install may take")
      ->check(CLI::Range(5, 7200));
  sub->add_option("--list-timeout", o->list_timeout_s, "seconds the registry may take to list versions")
      ->check(CLI::Range(5, 600));
  sub->add_option("--startup-timeout-ms", o->startup_timeout_ms, "how long a version's server may take to accept")
      ->check(CLI::Range(100, 600000));
  sub->add_option("--max-time", o->max_time_s, "seconds one version's run may take (then marked incomplete)")
      ->check(CLI::Range(1, 86400));
  sub->add_option("--max-versions", o->max_versions, "refuse sweeps of more versions than this")
      ->check(CLI::Range(1, 10000));
  sub->add_option("--profile", o->judging, "strict (default) or autobahn (the reference suite's acceptance)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, profile>{{"strict", profile::strict},
                                                                        {"autobahn", profile::autobahn}}));
  return {sub, [o] {
            // Everything that can be refused without the network is refused first.
            const sweep_spec spec = parse_sweep_spec(o->spec);
            const ecosystem& eco = find_ecosystem(spec.ecosystem);
            echo_program(eco, spec.package);  // a package without an echo server: refused before the network
            o->all = catalogue_with({});
            const auto cases = selected_cases(o->all, o->globs);
            const auto versions = sweep_versions(spec, eco, *o);

            sweep_options opt;
            opt.cache_root = o->cache_dir.empty() ? default_sweep_cache() : o->cache_dir;
            opt.targets_src_dir = WSH_TARGETS_SRC_DIR;
            opt.interpreter = o->interpreter;
            opt.install_timeout_s = o->install_timeout_s;
            opt.startup_timeout_ms = o->startup_timeout_ms;
            opt.suite.run = o->timing;
            opt.suite.judging = o->judging;
            opt.suite.max_time_ms = o->max_time_s * 1000;

            std::cout << "wsharness " << WSH_VERSION << ": sweep " << eco.name << ":" << spec.package << ", "
                      << versions.size() << " versions" << (o->bisect ? " (bisection)" : "") << ", " << cases.size()
                      << " cases; installs in " << opt.cache_root << "\n";
            sweep_result result;
            result.ecosystem = eco.name;
            result.package = spec.package;
            result.candidates = versions;
            result.bisected = o->bisect;
            std::map<std::string, version_run> done;
            std::size_t n = 0;
            const auto run_one = [&](const std::string& v) -> const version_run& {
              auto it = done.find(v);
              if (it == done.end()) {
                it = done.emplace(v, run_version(eco, spec.package, v, cases, opt)).first;
                print_progress(std::cout, it->second, ++n, o->bisect ? 0 : versions.size());
              }
              return it->second;
            };
            if (o->bisect) {
              std::vector<std::string> ids;
              for (const auto* c : cases) ids.push_back(c->id);
              try {
                const auto b = bisect_versions(
                    versions,
                    [&](const std::string& v) {
                      if (interrupted()) throw sweep_interrupted{};
                      return verdicts_of(run_one(v), ids);
                    },
                    true);
                for (const auto& bound : b.boundaries)
                  result.boundaries.emplace_back(versions[bound.last_unchanged], versions[bound.first_changed]);
              } catch (const sweep_interrupted&) {
                result.complete = false;
              }
            } else {
              for (const auto& v : versions) {
                if (interrupted()) {
                  result.complete = false;
                  break;
                }
                run_one(v);
              }
            }
            for (const auto& v : versions)
              if (const auto it = done.find(v); it != done.end()) result.runs.push_back(it->second);
            result.changes = consecutive_changes(result.runs);

            print_sweep(std::cout, result);
            if (!o->json_path.empty()) write_file_atomically(o->json_path, to_json(result));
            if (!o->html_path.empty()) write_file_atomically(o->html_path, to_html(result));
            // An interrupted sweep proves nothing clean: exit 1 like a finding.
            bool any_fail = result.failed_versions() > 0 || !result.complete;
            for (const auto& r : result.runs) any_fail = any_fail || (r.report && r.report->count(outcome::fail) > 0);
            return any_fail ? exit_findings : exit_clean;
          }};
}

}  // namespace wsh::cli
