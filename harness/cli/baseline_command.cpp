// `wsharness baseline REPORT.json [-o FILE]` writes a baseline accepting the report's current
// non-passes; `wsharness gate REPORT.json --baseline FILE` fails (exit 1) only on failures the
// baseline does not accept. Format and rules: wsh/baseline.hpp.
#include <iostream>

#include "command.hpp"
#include "wsh/baseline.hpp"

namespace wsh::cli {

command add_baseline(CLI::App& app) {
  auto paths = std::make_shared<std::pair<std::string, std::string>>();  // report, output
  auto* sub = app.add_subcommand("baseline", "write a baseline accepting a report's current non-passes");
  sub->add_option("REPORT", paths->first, "a JSON report (wsharness conformance --json)")->required();
  sub->add_option("-o,--output", paths->second, "write the baseline here (default: stdout)");
  return {sub, [paths] {
            const auto b = make_baseline(read_report_file(paths->first));
            if (paths->second.empty()) {
              std::cout << to_json(b);
            } else {
              write_file_atomically(paths->second, to_json(b));
              std::cout << "baseline: " << b.accepted.size() << " accepted non-pass(es) of " << b.target_name << " "
                        << b.target_version << " written to " << paths->second << "\n";
            }
            return exit_clean;
          }};
}

command add_gate(CLI::App& app) {
  auto paths = std::make_shared<std::pair<std::string, std::string>>();  // report, baseline
  auto* sub = app.add_subcommand("gate", "check a report against a baseline; exit 1 only on new failures");
  sub->add_option("REPORT", paths->first, "a JSON report (wsharness conformance --json)")->required();
  sub->add_option("--baseline", paths->second, "the accepted non-passes (wsharness baseline)")->required();
  auto strict_flaky = std::make_shared<bool>(false);
  sub->add_flag("--strict-flaky", *strict_flaky, "new flaky cases (conformance --confirm) block like new fails");
  return {sub, [paths, strict_flaky] {
            // Read the baseline first: a bad baseline is a set-up error whatever the report says.
            const auto b = read_baseline_file(paths->second);
            const auto g = apply_baseline(read_report_file(paths->first), b, *strict_flaky);
            print_gate(std::cout, g);
            return g.failed() ? exit_findings : exit_clean;
          }};
}

}  // namespace wsh::cli
