// `wsharness conformance`: the catalogue against one server, as a table and reports.
#include <iostream>

#include "catalogue.hpp"
#include "command.hpp"
#include "wsh/selection.hpp"
#include "wsh/suite.hpp"

namespace wsh::cli {

namespace {
struct conformance_options {
  target_options target;
  std::string globs, json_path, junit_path;
  bool quiet = false;
};
}  // namespace

std::vector<const test_case*> selected_cases(const std::string& globs) {
  auto cases = select_cases(catalogue(), globs);
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
  sub->add_flag("--quiet", o->quiet, "print only non-passing cases and the summary");

  return {sub, [o] {
            const auto cases = selected_cases(o->globs);
            auto target = o->target.make_adapter();
            suite_options opt;
            opt.run.timeout_ms = o->target.timeout_ms;
            opt.replay_prefix = "wsharness conformance" + o->target.replay_flags();
            std::cout << "wsharness " << WSH_VERSION << ": " << cases.size() << " cases against " << target->name()
                      << " " << target->version() << " (" << target->policy().describe() << ")\n\n";
            const auto report = run_suite(*target, cases, opt, [&](const case_result& r) {
              if (!o->quiet || r.v.result != outcome::pass) print_case_line(std::cout, r);
              std::cout.flush();
            });
            for (const auto& r : report.results)
              if (r.v.result != outcome::pass) print_details(std::cout, r);
            print_summary(std::cout, report);
            if (!o->json_path.empty()) write_file_atomically(o->json_path, to_json(report));
            if (!o->junit_path.empty()) write_file_atomically(o->junit_path, to_junit(report));
            return report.count(outcome::fail) ? exit_findings : exit_clean;
          }};
}

}  // namespace wsh::cli
