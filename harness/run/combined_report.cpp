// The combined JSON of a multi-target run: a view over the per-target reports, judging nothing.
#include <nlohmann/json.hpp>

#include "wsh/multi_suite.hpp"

namespace wsh {

std::string to_combined_json(const std::vector<suite_outcome>& outcomes, double duration_ms, int parallel,
                             const std::function<std::string(const std::string&)>& report_file) {
  using nlohmann::json;
  json targets = json::array();
  int pass = 0, fail = 0, non_strict = 0, skipped = 0, errors = 0;
  for (const auto& o : outcomes) {
    if (!o.report) {
      ++errors;
      targets.push_back({{"name", o.name}, {"report", json()}, {"error", o.error}});
      continue;
    }
    const run_report& r = *o.report;
    json not_passing = json::array();
    for (const auto& c : r.results) {
      if (c.v.result == outcome::pass) continue;
      const auto& t = c.observed;
      not_passing.push_back({{"id", c.c->id},
                             {"verdict", to_string(c.v.result)},
                             {"finding", to_string(c.v.kind)},
                             {"close_code", t.close_code ? json(*t.close_code) : json()}});
    }
    const int p = r.count(outcome::pass), f = r.count(outcome::fail), n = r.count(outcome::non_strict),
              k = r.count(outcome::skipped);
    pass += p, fail += f, non_strict += n, skipped += k;
    targets.push_back(
        {{"name", o.name},
         {"version", r.target_version},
         {"policy", {{"text_only", r.policy.text_only}, {"binary_close_code", r.policy.binary_close_code}}},
         {"report", report_file(o.name)},
         {"duration_ms", static_cast<long>(r.duration_ms)},
         {"summary", {{"cases", r.results.size()}, {"pass", p}, {"fail", f}, {"non_strict", n}, {"skipped", k}}},
         {"not_passing", not_passing},
         {"error", json()}});
  }
  const json doc{
      {"tool", "wsharness"},
      {"version", WSH_VERSION},
      {"kind", "combined"},
      {"duration_ms", static_cast<long>(duration_ms)},
      {"jobs", parallel},
      {"summary",
       {{"targets", outcomes.size()},
        {"errors", errors},
        {"pass", pass},
        {"fail", fail},
        {"non_strict", non_strict},
        {"skipped", skipped}}},
      {"targets", targets},
  };
  return doc.dump(2) + "\n";
}

}  // namespace wsh
