// `wsharness conformance`: the catalogue against one server, as a table and reports; or against
// several built-in targets (--target a,b,c, --all-targets), see many_targets.hpp.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

#include "wsh/catalogue.hpp"
#include "command.hpp"
#include "many_targets.hpp"
#include "registry.hpp"
#include "wsh/baseline.hpp"
#include "wsh/report_markdown.hpp"
#include "wsh/selection.hpp"
#include "wsh/suite.hpp"

namespace wsh::cli {

namespace {
struct conformance_options {
  target_options target;
  std::string globs, json_path, junit_path, markdown_path;
  std::vector<std::string> case_files;
  profile judging = profile::strict;
  bool quiet = false;
  bool all_targets = false;
  int jobs = 1;
  std::string json_dir;
  std::string baseline_path;
  int max_time_s = 0;
  int confirm = 0;
  int connections = 1;
  bool strict_flaky = false;
  std::vector<test_case> all;  // kept alive: the report points into it
};

// How the cases run against one target `t`, and the command that replays one of them.
suite_options suite_options_for(const conformance_options& o, const target_options& t) {
  suite_options opt;
  opt.run = t.timing;
  opt.judging = o.judging;
  opt.max_time_ms = o.max_time_s * 1000;
  opt.confirm = o.confirm;
  // A built-in target takes at most the connections its row declares; a --url or --command
  // server takes what the user says.
  opt.connections = o.connections;
  if (!t.target.empty()) opt.connections = std::min(opt.connections, find_target(t.target).connections);
  opt.replay_prefix = "wsharness conformance" + t.replay_flags();
  if (o.connections != 1) opt.replay_prefix += " --connections " + std::to_string(o.connections);
  for (const auto& f : o.case_files) opt.replay_prefix += " --cases-file " + shell_quote(f);
  if (o.judging != profile::strict) opt.replay_prefix += " --profile " + std::string(to_string(o.judging));
  return opt;
}

// The built-in targets of a multi-target run; empty for a run against one server.
std::vector<std::string> many_target_names(const conformance_options& o) {
  const auto& t = o.target;
  t.load_targets_files();
  if (o.all_targets && !(t.target.empty() && t.url.empty() && t.command.empty()))
    throw setup_error("--all-targets runs every built-in target: drop --target, --url and --command");
  std::vector<std::string> names;
  if (o.all_targets) {
    for (const auto& list : {builtin_targets(), user_targets()})
      for (const auto& info : list) names.push_back(info.name);
  } else if (t.target.find(',') != std::string::npos || !o.json_dir.empty()) {
    if (t.target.empty())
      throw setup_error("--json-dir is for built-in targets (--target a,b,c or --all-targets); use --json");
    std::istringstream list(t.target);
    std::set<std::string> seen;
    for (std::string name; std::getline(list, name, ',');) {
      find_target(name);  // unknown names are bad input before anything starts
      if (!seen.insert(name).second) throw setup_error("target '" + name + "' is listed twice in --target");
      names.push_back(name);
    }
  }
  if (!names.empty() && !o.json_path.empty())
    throw setup_error("--json FILE takes one target; with several, --json-dir DIR writes one report each");
  if (!names.empty() && !o.junit_path.empty())
    throw setup_error("--junit FILE takes one target; with several, use --json-dir DIR");
  return names;
}
}  // namespace

std::vector<const test_case*> selected_cases(const std::vector<test_case>& all, const std::string& globs) {
  auto cases = select_cases(all, globs);
  if (cases.empty()) throw setup_error("no case matches --cases '" + globs + "' (see `wsharness list-cases`)");
  return cases;
}

command add_conformance(CLI::App& app) {
  auto o = std::make_shared<conformance_options>();
  auto* sub = app.add_subcommand("conformance", "run the conformance catalogue against a server");
  o->target.add_to(*sub);
  sub->add_option("--cases", o->globs, "comma-separated globs over case ids and reference-suite ids");
  sub->add_option("--json", o->json_path, "write the JSON report here");
  sub->add_option("--junit", o->junit_path, "write a JUnit XML report here");
  sub->add_option("--markdown", o->markdown_path,
                  "write a Markdown summary here (counts, non-passing cases, replay commands) for CI pages");
  sub->add_flag("--quiet", o->quiet, "print only non-passing cases and the summary");
  sub->add_flag("--all-targets", o->all_targets, "run every built-in target (see `wsharness targets`)");
  sub->add_option("--jobs", o->jobs, "with several targets: how many run at once")->check(CLI::Range(1, 16));
  sub->add_option("--json-dir", o->json_dir, "with built-in targets: write DIR/<target>.json and DIR/combined.json");
  sub->add_option("--cases-file", o->case_files, "extra case file(s) in the conformance/cases format")
      ->check(CLI::ExistingFile);
  sub->add_option("--baseline", o->baseline_path, "accepted non-passes (`wsharness baseline`): fail only on new ones")
      ->check(CLI::ExistingFile);
  sub->add_option("--max-time", o->max_time_s, "stop starting cases after this many seconds (report marked incomplete)")
      ->check(CLI::Range(1, 864000));
  sub->add_option("--confirm", o->confirm, "run a failing case again up to N times: a run that differs makes it flaky")
      ->check(CLI::Range(1, 20));
  sub->add_option("--connections", o->connections,
                  "how many connections the server takes at once: cases without pauses run in parallel, "
                  "fail-fast ones after, one at a time (default 1; a built-in target caps it at what its registry row declares)")
      ->check(CLI::Range(1, 64));
  sub->add_flag("--strict-flaky", o->strict_flaky, "flaky cases fail the run (and the --baseline gate) like fails");
  sub->add_option("--profile", o->judging, "strict (default) or autobahn (the reference suite's acceptance)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, profile>{{"strict", profile::strict},
                                                                        {"autobahn", profile::autobahn}}));

  return {sub, [o] {
            o->all = catalogue_with(o->case_files);
            const auto cases = selected_cases(o->all, o->globs);
            if (const auto names = many_target_names(*o); !names.empty()) {
              std::vector<suite_job> jobs;
              for (const auto& name : names) {
                target_options t = o->target;
                t.target = name;
                jobs.push_back({name, [t] { return t.make_adapter(); }, suite_options_for(*o, t)});
              }
              return run_many_targets(jobs, cases, o->jobs, {o->json_dir, o->quiet, o->markdown_path, o->strict_flaky});
            }
            if (!o->baseline_path.empty() && !o->json_dir.empty())
              throw setup_error("--baseline takes one target's run; gate several with `wsharness gate`");
            // A bad baseline is bad input: refuse it before any work.
            std::optional<baseline> accepted;
            if (!o->baseline_path.empty()) accepted = read_baseline_file(o->baseline_path);
            auto target = o->target.make_adapter();
            suite_options opt = suite_options_for(*o, o->target);
            // Keep the JSON report current while the run goes (at most once a second), so an
            // interrupted or killed run still leaves a valid report, marked incomplete.
            auto last_flush = std::chrono::steady_clock::now();
            if (!o->json_path.empty())
              opt.on_progress = [&, path = o->json_path](const run_report& partial) {
                if (std::chrono::steady_clock::now() - last_flush < std::chrono::seconds(1)) return;
                write_file_atomically(path, to_json(partial));
                last_flush = std::chrono::steady_clock::now();
              };
            std::cout << "wsharness " << WSH_VERSION << ": " << cases.size() << " cases against " << target->name()
                      << " " << target->version() << " (" << target->policy().describe() << ")\n";
            if (o->target.insecure)
              std::cout << "INSECURE: the server's TLS certificate is not checked (--insecure)\n";
            std::cout << "\n";
            const auto report = run_suite(*target, cases, opt, [&](const case_result& r) {
              if (!o->quiet || r.v.result != outcome::pass) print_case_line(std::cout, r);
              std::cout.flush();
            });
            for (const auto& r : report.results)
              if (r.v.result != outcome::pass) print_details(std::cout, r);
            print_summary(std::cout, report);
            if (!o->json_path.empty()) write_file_atomically(o->json_path, to_json(report));
            if (!o->junit_path.empty()) write_file_atomically(o->junit_path, to_junit(report));
            if (!o->markdown_path.empty()) write_file_atomically(o->markdown_path, to_markdown(report));
            if (accepted) {
              const gate_result g = apply_baseline(report, *accepted, o->strict_flaky);
              print_gate(std::cout, g);
              return g.failed() || !report.complete ? exit_findings : exit_clean;
            }
            // An incomplete run proves nothing clean: it exits 1 like a finding.
            const bool flaky_fails = o->strict_flaky && report.count(outcome::flaky);
            return report.count(outcome::fail) || flaky_fails || !report.complete ? exit_findings : exit_clean;
          }};
}

}  // namespace wsh::cli
