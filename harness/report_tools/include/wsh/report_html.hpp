// The HTML matrix (`wsharness report --html OUT.html REPORT.json...`): one self-contained page,
// rows = cases grouped by their group, columns = targets (one per report), each cell coloured by
// verdict and showing the observed close code ("drop": TCP ended without a close frame; "—":
// no close). Clicking a cell opens its details: frames in hex, expected vs observed, the oracle's
// reason and the replay command. `#case=ID&target=N` in the URL opens a cell at load, so a link
// can point at one result.
//
// No external resources (inline CSS and script, no fonts, no network), so the file can be
// archived as a CI artifact and opened anywhere. Every text from a report is escaped: case ids,
// reasons and commands go into the table as escaped markup, and the details data into a
// JSON script block with '<', '>' and '&' written as \u escapes so no payload can end the script.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "wsh/report_file.hpp"

namespace wsh {

struct html_options {
  std::string title = "wsharness conformance matrix";
  // Frames longer than this are shown up to here in the details (the JSON report has them all).
  std::size_t max_frame_bytes = 1024;
};

std::string to_html_matrix(const std::vector<report_file>& reports, const html_options& opt = {});

}  // namespace wsh
