#include "wsh/sweep.hpp"

#include <map>

#include "wsh/bounded_command.hpp"
#include "wsh/install_cache.hpp"
#include "wsh/report_diff.hpp"

namespace wsh {

namespace {
std::string detail(const case_record& c) {
  std::string s = to_string(c.verdict);
  if (c.finding != "none") s += " [" + c.finding + "]";
  return s + " " + observed_label(c);
}

// The flags that make a replay judge by the same policy as the sweep did.
std::string policy_flags(const endpoint_policy& p) {
  std::string s;
  if (p.text_only) s += " --text-only --binary-close-code " + std::to_string(p.binary_close_code);
  if (p.max_message_size) s += " --max-message-size " + std::to_string(*p.max_message_size);
  return s;
}
}  // namespace

version_run run_version(const ecosystem& eco, const std::string& package, const std::string& version,
                        const std::vector<const test_case*>& cases, const sweep_options& opt) {
  version_run v;
  v.version = version;
  const auto installed =
      install_version(eco, package, version, opt.cache_root, opt.install_timeout_s, opt.interpreter, opt.targets_src_dir);
  v.installed_from_cache = installed.cached;
  if (!installed.ok) {
    v.error = installed.error;
    return v;
  }
  const std::string interp = opt.interpreter.empty() ? eco.interpreter : opt.interpreter;
  const std::map<std::string, std::string> vars{
      {"dir", installed.dir}, {"pkg", package}, {"src", opt.targets_src_dir}, {"interp", interp}};
  // Go programs print the module version without its `v`; the Spring echo server adds what it
  // runs on after the version ("5.3.39 (Spring Boot 2.7.18, Tomcat 9.0.83)"), kept in the report.
  const auto same_version = [&](const std::string& reported) {
    return reported == version || (version.size() > 1 && version[0] == 'v' && reported == version.substr(1)) ||
           reported.rfind(version + " (", 0) == 0;
  };
  // The installed library says which version it is; a library that cannot even load fails here.
  const int probe_s = std::max(10, opt.startup_timeout_ms / 1000);
  const auto probed = run_bounded(expand_command(eco.version_command, vars), probe_s);
  if (!probed.ok()) {
    v.error = "start failed: " + probed.last_line();
    return v;
  }
  std::string reported = probed.out.substr(0, probed.out.find('\n'));
  command_spec spec;
  spec.command = expand_command(eco.server_command, vars);
  spec.name = eco.name + ":" + package + (interp == eco.interpreter ? "" : " on " + interp);
  spec.version = !same_version(reported)         ? version + " (reports " + reported + ")"
                 : reported.rfind(version, 0) == 0 ? reported
                                                   : version;
  spec.startup_timeout_ms = opt.startup_timeout_ms;
  spec.warm_up = true;
  try {
    auto target = make_command_adapter(spec, eco.policy);
    suite_options so = opt.suite;
    so.replay_prefix = "wsharness conformance --command " + shell_quote(spec.command) + " --name " +
                       shell_quote(spec.name) + policy_flags(eco.policy);
    const auto report = run_suite(*target, cases, so);
    v.report_json = to_json(report);
    v.report = parse_report(v.report_json, spec.name + "@" + version);
    if (!report.complete) v.error = "run incomplete: " + report.stopped_reason;
    if (!report.complete && report.results.empty()) v.report.reset();
  } catch (const std::exception& e) {
    v.error = std::string("start failed: ") + e.what();
    v.report.reset();
  }
  return v;
}

verdict_vector verdicts_of(const version_run& run, const std::vector<std::string>& ids) {
  // Not the message itself: it names the version's own directory, and two versions that fail
  // alike must compare equal.
  if (!run.report) return {run.error.rfind("install", 0) == 0 ? "error: install" : "error: start"};
  verdict_vector out;
  for (const auto& id : ids) {
    const auto* c = run.report->find(id);
    out.push_back(c ? std::string(to_string(c->verdict)) + " " + c->finding : "-");
  }
  return out;
}

std::vector<verdict_change> consecutive_changes(const std::vector<version_run>& runs) {
  std::vector<verdict_change> out;
  const version_run* prev = nullptr;
  for (const auto& r : runs) {
    if (!r.report) continue;  // versions without a report are skipped: compare the ones around them
    if (prev) {
      for (const auto& c : diff_reports(*prev->report, *r.report).changes) {
        if (!c.before || !c.after) continue;
        const bool verdict = c.before->verdict != c.after->verdict;
        if (!verdict && c.before->finding == c.after->finding) continue;
        out.push_back({c.id, prev->version, r.version, verdict ? "verdict" : "finding", to_string(c.before->verdict),
                       to_string(c.after->verdict), detail(*c.before), detail(*c.after)});
      }
    }
    prev = &r;
  }
  return out;
}

int sweep_result::failed_versions() const {
  int n = 0;
  for (const auto& r : runs) n += r.ok() ? 0 : 1;
  return n;
}

}  // namespace wsh
