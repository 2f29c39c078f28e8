#include "command.hpp"
#include "registry.hpp"
#include "wsh/suite.hpp"

namespace wsh::cli {

void target_options::add_to(CLI::App& cmd) {
  auto* t = cmd.add_option("--target", target, "built-in target (see `wsharness targets`)");
  auto* u = cmd.add_option("--url", url, "a running server, ws://HOST:PORT/PATH");
  auto* c = cmd.add_option("--command", command, "command that starts a server on {port}");
  t->excludes(u, c);
  u->excludes(c);
  cmd.add_flag("--text-only", text_only, "the endpoint accepts text only: binary must be refused");
  cmd.add_option("--binary-close-code", binary_close_code, "close code expected for binary on a text-only endpoint")
      ->check(CLI::IsMember({1007, 1003}));
  cmd.add_option("--timeout-ms", timeout_ms, "per-case deadline in ms")->check(CLI::Range(50, 600000));
}

endpoint_policy target_options::policy() const {
  return {text_only, static_cast<std::uint16_t>(binary_close_code)};
}

std::unique_ptr<adapter> target_options::make_adapter() const {
  if (!url.empty()) return make_url_adapter(url, policy());
  if (!command.empty()) return make_command_adapter(command, policy());
  if (!target.empty()) return make_target(target, policy());
  throw setup_error("choose a server: --target NAME, --url URL or --command CMD");
}

std::string target_options::replay_flags() const {
  std::string s;
  if (!target.empty()) s += " --target " + shell_quote(target);
  if (!url.empty()) s += " --url " + shell_quote(url);
  if (!command.empty()) s += " --command " + shell_quote(command);
  if (text_only) s += " --text-only";
  if (binary_close_code != 1007) s += " --binary-close-code " + std::to_string(binary_close_code);
  if (timeout_ms != 2000) s += " --timeout-ms " + std::to_string(timeout_ms);
  return s;
}

}  // namespace wsh::cli
