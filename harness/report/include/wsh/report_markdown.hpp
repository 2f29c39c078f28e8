// A short Markdown summary of one or several runs, for CI job summary pages (e.g. GitHub's
// $GITHUB_STEP_SUMMARY): a table of counts per target, then every non-passing case with its
// finding, why, and the one-line command that replays it.
#pragma once
#include <string>
#include <vector>

#include "wsh/report.hpp"

namespace wsh {

// One target of a run: its report, or why it could not be set up.
struct markdown_target {
  std::string name;
  const run_report* report = nullptr;  // null: `error` says why there is none
  std::string error;
};

// At most `max_cases_listed` non-passing cases per target are listed (the rest are counted), so
// the page stays small for a server that fails hundreds.
std::string to_markdown(const std::vector<markdown_target>& targets, std::size_t max_cases_listed = 50);
std::string to_markdown(const run_report& r, std::size_t max_cases_listed = 50);

}  // namespace wsh
