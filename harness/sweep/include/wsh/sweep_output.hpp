// Views of a sweep: the console table (per-version summaries, then the verdict changes from one
// version to the next, then bisection's boundaries), the JSON document and the HTML matrix
// (rows = cases, columns = versions; a version that did not run is a column saying why).
#pragma once
#include <iosfwd>
#include <string>

#include "wsh/sweep.hpp"

namespace wsh {

void print_sweep(std::ostream& os, const sweep_result& s);

// {package, ecosystem, candidates, bisected, complete (false: interrupted),
//  versions: [{version, error, summary: {pass, fail, non_strict, skipped}, report}],
//  changes: [{id, from, to, kind, before, after, before_detail, after_detail}]: kind "verdict",
//    or "finding" when only the finding changed (before == after: the verdicts),
//  first_changed, last_unchanged, boundaries: [{last_unchanged, first_changed}]}
// first_changed / last_unchanged: the first boundary (null when nothing changed; then
// last_unchanged is the last version); absent when the bisection was interrupted.
std::string to_json(const sweep_result& s);

std::string to_html(const sweep_result& s);

}  // namespace wsh
