// How `explain` shows its judgement: a console page per connection and a JSON document.
#pragma once
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "wsh/explain.hpp"

namespace wsh {

struct explain_source {
  std::string kind;  // "capture", "raw", "case"
  std::string path;
  std::vector<std::string> notes;  // about the input as a whole (skipped packets, other TCP connections)
};

struct explain_print_options {
  bool all_frames = false;  // else long connections show the frames around what matters
};

void print_explanation(std::ostream& out, const connection_explanation& x, const explain_print_options& opt);
// The closing lines: one per connection and the totals.
void print_explain_summary(std::ostream& out, const explain_source& src, const std::vector<connection_explanation>& xs);

nlohmann::json to_json(const explain_source& src, const std::vector<connection_explanation>& xs);

}  // namespace wsh
