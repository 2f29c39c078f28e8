#include "many_targets.hpp"

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "registry.hpp"
#include "wsh/report_markdown.hpp"

namespace wsh::cli {

namespace {

void print_block(std::ostream& os, const suite_outcome& o, bool quiet) {
  std::ostringstream block;  // one write, so parallel targets do not interleave
  if (!o.report) {
    block << "\n" << o.name << ": NOT RUN: " << o.error << "\n";
  } else {
    if (!quiet) {
      block << "\n";
      for (const auto& r : o.report->results)
        if (r.v.result != outcome::pass) print_case_line(block, r);
    }
    print_summary(block, *o.report);
  }
  os << block.str() << std::flush;
}

void print_matrix(std::ostream& os, const std::vector<suite_outcome>& outcomes) {
  os << "\n"
     << std::left << std::setw(22) << "target" << std::setw(20) << "version" << std::setw(30) << "policy" << std::right
     << std::setw(6) << "pass" << std::setw(6) << "fail" << std::setw(12) << "non-strict" << std::setw(9) << "skipped"
     << std::setw(9) << "ms"
     << "\n";
  for (const auto& o : outcomes) {
    os << std::left << std::setw(22) << o.name;
    if (!o.report) {
      os << "not run (set-up error)\n";
      continue;
    }
    const run_report& r = *o.report;
    os << std::setw(19) << r.target_version << ' ' << std::setw(30) << r.policy.describe() << std::right << std::setw(6)
       << r.count(outcome::pass) << std::setw(6) << r.count(outcome::fail) << std::setw(12)
       << r.count(outcome::non_strict) << std::setw(9) << r.count(outcome::skipped) << std::setw(9)
       << static_cast<long>(r.duration_ms) << "\n";
  }
}

}  // namespace

int run_many_targets(const std::vector<suite_job>& jobs, const std::vector<const test_case*>& cases, int parallel,
                     const many_targets_output& out) {
  std::string missing;
  for (const auto& j : jobs)
    if (const auto m = missing_dependency(find_target(j.name)); !m.empty())
      missing += (missing.empty() ? "" : "; ") + m;
  if (!missing.empty()) throw setup_error(missing);
  if (!out.json_dir.empty()) std::filesystem::create_directories(out.json_dir);

  std::cout << "wsharness " << WSH_VERSION << ": " << cases.size() << " cases against " << jobs.size() << " targets, "
            << std::min<std::size_t>(static_cast<std::size_t>(parallel), jobs.size()) << " at a time\n";
  const auto start = std::chrono::steady_clock::now();
  const auto outcomes =
      run_suites(jobs, cases, parallel, [&](const suite_outcome& o) { print_block(std::cout, o, out.quiet); });
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  print_matrix(std::cout, outcomes);

  const auto file_of = [](const std::string& name) { return name + ".json"; };
  if (!out.json_dir.empty()) {
    const std::filesystem::path dir(out.json_dir);
    for (const auto& o : outcomes)
      if (o.report) write_file_atomically((dir / file_of(o.name)).string(), to_json(*o.report));
    write_file_atomically((dir / "combined.json").string(), to_combined_json(outcomes, ms, parallel, file_of));
  }
  if (!out.markdown.empty()) {
    std::vector<markdown_target> md;
    for (const auto& o : outcomes) md.push_back({o.name, o.report ? &*o.report : nullptr, o.error});
    write_file_atomically(out.markdown, to_markdown(md));
  }

  std::string errors;
  bool failed = false;
  for (const auto& o : outcomes) {
    if (!o.report)
      errors += (errors.empty() ? "" : "; ") + o.name + ": " + o.error;
    else
      failed |= o.report->count(outcome::fail) > 0 || (out.strict_flaky && o.report->count(outcome::flaky) > 0);
  }
  if (!errors.empty()) throw setup_error("target(s) not run: " + errors);
  return failed ? exit_findings : exit_clean;
}

}  // namespace wsh::cli
