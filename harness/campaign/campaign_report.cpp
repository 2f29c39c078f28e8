#include "wsh/campaign_report.hpp"

#include <cstdio>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "wsh/frame_codec.hpp"
#include "wsh/report.hpp"
#include "wsh/reproducer.hpp"

namespace wsh {

namespace {

std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000);
  return buf;
}

double per_second(std::uint64_t n, double ms) { return ms > 0 ? n * 1000.0 / ms : 0; }

std::string replay_of(const campaign_failure& f) {
  return f.file.empty() ? "(no reproducer written)" : f.replay;
}

}  // namespace

void print_campaign_failure(std::ostream& os, const campaign_failure& f, std::size_t number) {
  os << "\nfailure " << number << ": " << f.key << " (run " << f.run << ", found at " << seconds(f.found_ms)
     << "; shrunk " << f.original.frames.size() << " -> " << f.shrunk.frames.size() << " frame(s) in "
     << f.shrinking.steps << " steps, " << f.shrinking.tries << " server runs" << (f.shrinking.exhausted ? ", budget spent" : "")
     << ")\n";
  os << "  shape:    " << f.shape << "\n";
  // The console report's block, with the reproducer in place of the catalogue replay command.
  print_details(os, case_result{&f.shrunk, f.expected, f.observed, f.v, replay_of(f), {}});
  if (!f.file.empty()) os << "  saved:    " << f.file << "\n";
}

void print_campaign_summary(std::ostream& os, const campaign_result& r) {
  os << "\nfuzz " << r.target_name << " " << r.target_version << " (" << r.policy.describe() << "), seed " << r.seed
     << ", " << r.jobs << " job(s): " << r.runs << " sequences in " << seconds(r.duration_ms) << " ("
     << static_cast<long>(per_second(r.runs, r.duration_ms)) << "/s), " << r.passed << " pass, " << r.failed
     << " fail, " << r.non_strict << " non-strict, " << r.flaky << " flaky; stopped by " << r.stopped_by << "\n";
  if (r.first_failure_ms) os << "time to first finding: " << seconds(*r.first_failure_ms) << "\n";
  os << r.failures.size() << " distinct failure(s)" << (r.failures.empty() ? "" : ":") << "\n";
  for (const auto& f : r.failures)
    os << "  " << std::left << std::setw(48) << f.key << std::right << std::setw(3) << f.shrunk.frames.size()
       << " frame(s)  " << std::setw(6) << f.hits << " hit(s)  " << f.shape << (f.file.empty() ? "" : "  " + f.file)
       << "\n";
}

std::string progress_line(const campaign_progress& p) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "\r%llu runs (%.0f/s), %zu failure(s), %.1f s   ",
                static_cast<unsigned long long>(p.runs), per_second(p.runs, p.elapsed_ms), p.failures,
                p.elapsed_ms / 1000);
  return buf;
}

std::string to_json(const campaign_result& r) {
  using nlohmann::json;
  auto ms = [](double v) { return static_cast<long>(v); };
  json failures = json::array();
  for (const auto& f : r.failures) {
    json frames = json::array();
    for (const auto& fr : f.shrunk.frames) frames.push_back(to_hex(encode(fr)));
    failures.push_back({
        {"key", f.key},
        {"finding", to_string(f.v.kind)},
        {"violation", to_string(f.expected.kind)},
        {"shape", f.shape},
        {"frames", f.shrunk.frames.size()},
        {"original_frames", f.original.frames.size()},
        {"frames_hex", frames},
        {"case_id", f.shrunk.id},
        {"file", f.file.empty() ? json() : json(f.file)},
        {"run", f.run},
        {"size", f.size},
        {"hits", f.hits},
        {"found_ms", ms(f.found_ms)},
        {"saved_ms", ms(f.saved_ms)},
        {"shrink", {{"steps", f.shrinking.steps}, {"server_runs", f.shrinking.tries}, {"ms", ms(f.shrinking.ms)},
                    {"budget_spent", f.shrinking.exhausted}}},
        {"expected", {{"close_code", f.expected.close && !f.expected.close_codes.empty() ? json(f.expected.close_codes.front()) : json()},
                      {"reason", f.expected.reason}}},
        {"observed", {{"close_code", f.observed.close_code ? json(*f.observed.close_code) : json()},
                      {"close_frame", f.observed.close_received},
                      {"tcp_closed", f.observed.tcp_closed},
                      {"echoed", f.observed.messages.size()}}},
        {"why", f.v.why},
    });
  }
  json doc{
      {"tool", "wsharness"},
      {"version", WSH_VERSION},
      {"mode", "fuzz"},
      {"target", {{"name", r.target_name}, {"version", r.target_version}, {"policy", policy_words(r.policy)}}},
      {"seed", r.seed},
      {"jobs", r.jobs},
      {"runs", r.runs},
      {"runs_per_second", per_second(r.runs, r.duration_ms)},
      {"server_runs", r.server_runs},
      {"duration_ms", ms(r.duration_ms)},
      {"time_to_first_finding_ms", r.first_failure_ms ? json(ms(*r.first_failure_ms)) : json()},
      {"stopped_by", r.stopped_by},
      {"summary", {{"pass", r.passed}, {"fail", r.failed}, {"non_strict", r.non_strict}, {"flaky", r.flaky},
                   {"generator_errors", r.generator_errors}, {"distinct_failures", r.failures.size()}}},
      {"failures", failures},
  };
  return doc.dump(2) + "\n";
}

}  // namespace wsh
