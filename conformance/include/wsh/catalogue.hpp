// The conformance catalogue. Cases are data: conformance/cases/*.cases (embedded at build time),
// one case per row of the UTF-8 vector table, and systematic variants derived from those rows.
// No case carries an expectation; the oracle derives it from the frames and the target's policy.
#pragma once
#include <string>
#include <vector>

#include "wsh/test_case.hpp"

namespace wsh {

// Every built-in case, in a stable order. Ids are unique (checked on assembly).
const std::vector<test_case>& catalogue();

// The catalogue plus the cases of extra case files (--cases-file); throws case_file_error for a
// malformed file or a duplicate id.
std::vector<test_case> catalogue_with(const std::vector<std::string>& case_files);

namespace cases {
struct embedded_file {
  const char* name;
  const char* text;
};
std::vector<embedded_file> embedded_files();  // generated from cases/*.cases

std::vector<test_case> from_vectors();          // 8.1/vector/...: one text message per vector
std::vector<test_case> split_variants();        // 8.1/split/...: invalid vectors split around the bad byte
// 8.1/split-write/<point>/<vector> and 5.5.1/close-reason/split-write/<point>/<vector>: one text
// frame and one close frame per class of invalid vectors, each in two TCP writes at every
// split_point (wsh/write_split.hpp) that exists for it.
std::vector<test_case> write_splits();
}  // namespace cases

}  // namespace wsh
