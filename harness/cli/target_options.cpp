#include "command.hpp"
#include "registry.hpp"
#include "wsh/suite.hpp"

namespace wsh::cli {

void target_options::add_to(CLI::App& cmd) {
  auto* t = cmd.add_option("--target", target, "built-in target (see `wsharness targets`)");
  auto* u = cmd.add_option("--url", url, "a running server, ws://HOST:PORT/PATH or wss://HOST:PORT/PATH");
  auto* c = cmd.add_option("--command", command, "command that starts a server on {port}");
  t->excludes(u, c);
  u->excludes(c);
  cmd.add_option("--name", name, "with --command: the server's name in reports")->needs(c);
  cmd.add_option("--version-command", version_command,
                 "with --command: a command that prints the library version (first line)")
      ->needs(c);
  startup_option = cmd.add_option("--startup-timeout-ms", startup_timeout_ms,
                                  "with --command: how long the server may take to accept connections")
                       ->needs(c)
                       ->check(CLI::Range(100, 600000));
  auto* ca = cmd.add_option("--ca", ca_file, "with a wss:// URL: the CA certificate (PEM) to trust")
                ->check(CLI::ExistingFile)
                ->needs(u);
  cmd.add_flag("--insecure", insecure, "with a wss:// URL: skip every certificate check (reports say so)")
      ->needs(u)
      ->excludes(ca);
  cmd.add_option("--targets-file", targets_files, "JSON file of more targets for --target (see README)")
      ->check(CLI::ExistingFile);
  cmd.add_flag("--text-only", text_only, "the endpoint accepts text only: binary must be refused");
  code_option = cmd.add_option("--binary-close-code", binary_close_code,
                                "close code expected for binary on a text-only endpoint")
                    ->check(CLI::IsMember({1007, 1003}));
  cmd.add_option("--timeout-ms", timeout_ms, "per-case deadline in ms")->check(CLI::Range(50, 600000));
  cmd.add_option("--max-message", max_message, "largest server message the harness buffers, in bytes")
      ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{1} << 32));
  cmd.add_option("--pause-ms", pause_ms, "length of the pauses fail-fast cases make after the bad byte")
      ->check(CLI::Range(1, 10000));
}

endpoint_policy target_options::policy(const endpoint_policy& declared) const {
  endpoint_policy p = declared;
  if (text_only) p.text_only = true;
  if (code_option && code_option->count()) p.binary_close_code = static_cast<std::uint16_t>(binary_close_code);
  return p;
}

void target_options::load_targets_files() const {
  for (const auto& f : targets_files) load_targets_file(f);
}

std::unique_ptr<adapter> target_options::make_adapter() const {
  load_targets_files();
  if (!target.empty()) return make_adapter(find_target(target).policy);
  return make_adapter(endpoint_policy{});
}

std::unique_ptr<adapter> target_options::make_adapter(const endpoint_policy& declared) const {
  load_targets_files();
  if (!url.empty()) return make_url_adapter(url, policy(declared), tls_settings{ca_file, insecure});
  if (!command.empty()) {
    command_spec spec;
    spec.command = command;
    spec.name = name;
    // Read before the server starts: a broken probe is bad input, not a verdict.
    if (!version_command.empty()) spec.version = probe_version(version_command);
    spec.startup_timeout_ms = startup_timeout_ms;
    return make_command_adapter(spec, policy(declared));
  }
  if (!target.empty()) return make_target(find_target(target), policy(declared));
  throw setup_error("choose a server: --target NAME, --url URL or --command CMD");
}

run_options target_options::run() const {
  run_options r;
  r.timeout_ms = timeout_ms;
  r.pause_ms = pause_ms;
  r.max_message = max_message;
  return r;
}

std::string target_options::replay_flags() const {
  std::string s;
  for (const auto& f : targets_files) s += " --targets-file " + shell_quote(f);
  if (!target.empty()) s += " --target " + shell_quote(target);
  if (!url.empty()) s += " --url " + shell_quote(url);
  if (!ca_file.empty()) s += " --ca " + shell_quote(ca_file);
  if (insecure) s += " --insecure";
  if (!command.empty()) s += " --command " + shell_quote(command);
  if (!name.empty()) s += " --name " + shell_quote(name);
  if (startup_option && startup_option->count()) s += " --startup-timeout-ms " + std::to_string(startup_timeout_ms);
  if (text_only) s += " --text-only";
  if ((code_option && code_option->count()) || binary_close_code != 1007)
    s += " --binary-close-code " + std::to_string(binary_close_code);
  if (timeout_ms != 2000) s += " --timeout-ms " + std::to_string(timeout_ms);
  if (pause_ms != 100) s += " --pause-ms " + std::to_string(pause_ms);
  if (max_message != default_max_message) s += " --max-message " + std::to_string(max_message);
  return s;
}

}  // namespace wsh::cli
