// `wsharness report --html OUT.html REPORT.json...`: the matrix of several reports (one column
// per report) as one self-contained HTML page. A combined report of a multi-target run stands
// for its per-target reports.
#include <iostream>

#include "command.hpp"
#include "wsh/report.hpp"
#include "wsh/report_html.hpp"

namespace wsh::cli {

namespace {
struct report_options {
  std::vector<std::string> inputs;
  std::string html_path, title;
};
}  // namespace

command add_report(CLI::App& app) {
  auto o = std::make_shared<report_options>();
  auto* sub = app.add_subcommand("report", "render JSON reports as one HTML matrix (cases x targets)");
  sub->add_option("REPORTS", o->inputs, "JSON reports (or combined.json of a multi-target run), one column each")
      ->required();
  sub->add_option("--html", o->html_path, "write the HTML page here")->required();
  sub->add_option("--title", o->title, "page title");
  return {sub, [o] {
            std::vector<report_file> reports;
            std::vector<std::string> notes;
            for (const auto& input : o->inputs)
              for (const auto& path : expand_report_path(input, notes)) reports.push_back(read_report_file(path));
            for (const auto& n : notes) std::cout << "note: " << n << "\n";
            if (reports.empty()) throw report_error("no report to show (" + o->inputs.front() + " lists none)");
            html_options opt;
            if (!o->title.empty()) opt.title = o->title;
            write_file_atomically(o->html_path, to_html_matrix(reports, opt));
            std::size_t fails = 0;
            for (const auto& r : reports) fails += r.count(outcome::fail);
            std::cout << "report: " << reports.size() << " report(s), " << fails << " fail cell(s) -> " << o->html_path
                      << "\n";
            return exit_clean;
          }};
}

}  // namespace wsh::cli
