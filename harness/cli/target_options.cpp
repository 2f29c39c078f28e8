#include <limits>

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
  cmd.add_option("--max-message-size", max_message_size,
                 "the endpoint closes a message above N bytes with 1009, its size limit (RFC 6455 §7.4.1): such a "
                 "message expects 1009; over a built-in target's declared limit; 0: no limit")
      ->check(CLI::Range(std::uint64_t{0}, std::numeric_limits<std::uint64_t>::max()));
  add_timing_options(cmd, timing);
  cmd.add_option("--max-message", timing.max_message, "largest server message the harness buffers, in bytes")
      ->check(CLI::Range(std::uint64_t{1024}, std::uint64_t{1} << 32));
}

void add_timing_options(CLI::App& cmd, run_options& r) {
  cmd.add_option("--timeout-ms", r.timeout_ms, "per-case deadline in ms")->check(CLI::Range(50, 600000));
  cmd.add_option("--pause-ms", r.pause_ms, "length of the pauses fail-fast cases make after the bad byte")
      ->check(CLI::Range(1, 10000));
  cmd.add_option("--probe-grace-ms", r.probe_grace_ms,
                 "where the server stays quiet after invalid data, a ping follows; once it answered, a close may "
                 "still come for this long (at least 4 x the ping's round trip) before the case ends as 'no close'. "
                 "Raise it for a server that checks UTF-8 in another layer than the one answering pings; 0: no "
                 "ping, wait out --timeout-ms")
      ->check(CLI::Range(0, 600000));
}

std::string timing_flags(const run_options& r) {
  const run_options d;
  std::string s;
  if (r.timeout_ms != d.timeout_ms) s += " --timeout-ms " + std::to_string(r.timeout_ms);
  if (r.pause_ms != d.pause_ms) s += " --pause-ms " + std::to_string(r.pause_ms);
  if (r.probe_grace_ms != d.probe_grace_ms) s += " --probe-grace-ms " + std::to_string(r.probe_grace_ms);
  if (r.max_message != d.max_message) s += " --max-message " + std::to_string(r.max_message);
  return s;
}

endpoint_policy target_options::policy(const endpoint_policy& declared) const {
  endpoint_policy p = declared;
  if (text_only) p.text_only = true;
  if (code_option && code_option->count()) p.binary_close_code = static_cast<std::uint16_t>(binary_close_code);
  if (max_message_size) p.max_message_size = *max_message_size ? max_message_size : std::nullopt;
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
  if (max_message_size) s += " --max-message-size " + std::to_string(*max_message_size);
  return s + timing_flags(timing);
}

}  // namespace wsh::cli
