// `wsharness compare OLD.json NEW.json`: what changed between two runs, case by case. Exit 1 if
// anything regressed (see wsh/report_diff.hpp for the rule), 0 otherwise, 2 for bad input.
#include <iostream>

#include "command.hpp"
#include "wsh/report.hpp"
#include "wsh/report_diff.hpp"

namespace wsh::cli {

namespace {
struct compare_options {
  std::string old_path, new_path, json_path, junit_path;
};
}  // namespace

command add_compare(CLI::App& app) {
  auto o = std::make_shared<compare_options>();
  auto* sub = app.add_subcommand("compare", "compare two JSON reports case by case; exit 1 on a regression");
  sub->add_option("OLD", o->old_path, "the earlier report (wsharness conformance --json)")->required();
  sub->add_option("NEW", o->new_path, "the later report")->required();
  sub->add_option("--json", o->json_path, "write the comparison as JSON here");
  sub->add_option("--junit", o->junit_path, "write the comparison as JUnit XML here (regressions are failures)");
  return {sub, [o] {
            const auto diff = diff_reports(read_report_file(o->old_path), read_report_file(o->new_path));
            print_diff(std::cout, diff);
            if (!o->json_path.empty()) write_file_atomically(o->json_path, to_json(diff));
            if (!o->junit_path.empty()) write_file_atomically(o->junit_path, to_junit(diff));
            return diff.regressed() ? exit_findings : exit_clean;
          }};
}

}  // namespace wsh::cli
