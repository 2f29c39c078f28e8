// wsharness: the command line. Exit 0: no fail; 1: at least one fail; 2: usage or set-up error.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>

#include "catalogue.hpp"
#include "registry.hpp"
#include "wsh/selection.hpp"
#include "wsh/suite.hpp"

namespace {

constexpr int exit_clean = 0, exit_findings = 1, exit_usage = 2;

struct target_options {
  std::string target, url, command;
  bool text_only = false;
  int binary_close_code = 1007;
};

void add_target_options(CLI::App& cmd, target_options& o) {
  auto* t = cmd.add_option("--target", o.target, "built-in target (see `wsharness targets`)");
  auto* u = cmd.add_option("--url", o.url, "a running server, ws://HOST:PORT/PATH");
  auto* c = cmd.add_option("--command", o.command, "command that starts a server on {port}");
  t->excludes(u, c);
  u->excludes(c);
  cmd.add_flag("--text-only", o.text_only, "the endpoint accepts text only: binary must be refused");
  cmd.add_option("--binary-close-code", o.binary_close_code, "close code expected for binary on a text-only endpoint")
      ->check(CLI::IsMember({1007, 1003}));
}

std::unique_ptr<wsh::adapter> make_adapter(const target_options& o) {
  wsh::endpoint_policy policy{o.text_only, static_cast<std::uint16_t>(o.binary_close_code)};
  if (!o.url.empty()) return wsh::make_url_adapter(o.url, policy);
  if (!o.command.empty()) return wsh::make_command_adapter(o.command, policy);
  if (!o.target.empty()) return wsh::make_target(o.target, policy);
  throw wsh::setup_error("choose a server: --target NAME, --url URL or --command CMD");
}

// The flags that reproduce this target and policy, for replay commands.
std::string replay_prefix(const target_options& o, int timeout_ms) {
  std::string s = "wsharness conformance";
  if (!o.target.empty()) s += " --target " + wsh::shell_quote(o.target);
  if (!o.url.empty()) s += " --url " + wsh::shell_quote(o.url);
  if (!o.command.empty()) s += " --command " + wsh::shell_quote(o.command);
  if (o.text_only) s += " --text-only";
  if (o.binary_close_code != 1007) s += " --binary-close-code " + std::to_string(o.binary_close_code);
  if (timeout_ms != 2000) s += " --timeout-ms " + std::to_string(timeout_ms);
  return s;
}

std::vector<const wsh::test_case*> selected(const std::string& globs) {
  auto cases = wsh::select_cases(wsh::catalogue(), globs);
  if (cases.empty()) throw wsh::setup_error("no case matches --cases '" + globs + "' (see `wsharness list-cases`)");
  return cases;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"wsharness: WebSocket close-code 1007 conformance and fuzzing harness"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("wsharness ") + WSH_VERSION);

  auto* conformance = app.add_subcommand("conformance", "run the conformance catalogue against a server");
  target_options topt;
  std::string globs, json_path, junit_path;
  int timeout_ms = 2000;
  bool quiet = false;
  add_target_options(*conformance, topt);
  conformance->add_option("--cases", globs, "comma-separated globs over case ids and reference-suite ids");
  conformance->add_option("--timeout-ms", timeout_ms, "per-case deadline in ms")->check(CLI::Range(50, 600000));
  conformance->add_option("--json", json_path, "write the JSON report here");
  conformance->add_option("--junit", junit_path, "write a JUnit XML report here");
  conformance->add_flag("--quiet", quiet, "print only failures and the summary");

  auto* list = app.add_subcommand("list-cases", "list the catalogue");
  std::string list_globs;
  list->add_option("--cases", list_globs, "comma-separated globs over case ids and reference-suite ids");

  auto* targets = app.add_subcommand("targets", "list the built-in targets");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "wsharness: error: " << e.what() << " (see --help)\n";
    return exit_usage;
  }

  try {
    if (*targets) {
      for (const auto& t : wsh::builtin_targets())
        std::cout << std::left << std::setw(14) << t.name << std::setw(10) << t.version() << t.description << "\n";
      return exit_clean;
    }
    if (*list) {
      const auto cases = selected(list_globs);
      for (const auto* c : cases)
        std::cout << std::left << std::setw(56) << c->id << std::setw(8) << (c->ref_id.empty() ? "-" : c->ref_id)
                  << c->description << "\n";
      std::cout << cases.size() << " cases\n";
      return exit_clean;
    }

    const auto cases = selected(globs);
    auto target = make_adapter(topt);
    wsh::suite_options opt;
    opt.run.timeout_ms = timeout_ms;
    opt.replay_prefix = replay_prefix(topt, timeout_ms);
    std::cout << "wsharness " << WSH_VERSION << ": " << cases.size() << " cases against " << target->name() << " "
              << target->version() << " (" << target->policy().describe() << ")\n\n";
    const auto report = wsh::run_suite(*target, cases, opt, [&](const wsh::case_result& r) {
      if (!quiet || r.v.result != wsh::outcome::pass) wsh::print_case_line(std::cout, r);
      std::cout.flush();
    });
    for (const auto& r : report.results)
      if (r.v.result != wsh::outcome::pass) wsh::print_details(std::cout, r);
    wsh::print_summary(std::cout, report);
    if (!json_path.empty()) wsh::write_file_atomically(json_path, wsh::to_json(report));
    if (!junit_path.empty()) wsh::write_file_atomically(junit_path, wsh::to_junit(report));
    return report.count(wsh::outcome::fail) ? exit_findings : exit_clean;
  } catch (const wsh::setup_error& e) {
    std::cerr << "wsharness: error: " << e.what() << "\n";
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "wsharness: error: " << e.what() << "\n";
    return exit_usage;
  }
}
