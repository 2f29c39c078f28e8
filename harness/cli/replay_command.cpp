// `wsharness replay`: re-runs one reproducer (a `wsharness fuzz` file, wsh/reproducer.hpp) or
// one libFuzzer input (wsh/wire_input.hpp) against a server and prints the verdict.
// Exit 1: it still fails; 0: it passes now; 2: unreadable or malformed input.
#include <iostream>
#include <sstream>

#include "wsh/case_file.hpp"
#include "command.hpp"
#include "wsh/wire_input.hpp"
#include "wsh/report_file.hpp"
#include "wsh/reproducer.hpp"
#include "wsh/suite.hpp"

namespace wsh::cli {

namespace {

struct replay_options {
  target_options target;
  std::string file, libfuzzer_input;
};

struct replay_input {
  test_case c;
  endpoint_policy policy;
};

replay_input from_reproducer(const std::string& path) {
  const std::string text = read_text_file(path);
  auto cases = parse_case_file(text, path);
  if (cases.size() != 1)
    throw setup_error(path + ": a reproducer holds exactly one case, found " + std::to_string(cases.size()));
  return {std::move(cases.front()), reproducer_policy(text).value_or(endpoint_policy{})};
}

// The input's frames, sent in writes of its write size (wsh::pauses_for_write_size: 1 ms after
// each write so the server sees the pieces apart).
replay_input from_libfuzzer(const std::string& path) {
  const std::string raw = read_text_file(path);
  const wire_input in = decode_wire_input(as_bytes(raw));
  if (in.frames.empty()) throw setup_error(path + ": no complete frame in this libFuzzer input");
  replay_input r;
  r.policy = in.policy;
  r.c.id = "libfuzzer/input";
  r.c.description = "libFuzzer input " + path + ": " + std::to_string(in.frames.size()) + " frame(s)" +
                    (in.write_size ? ", in writes of " + std::to_string(in.write_size) + " bytes" : "") +
                    (in.ignored ? ", " + std::to_string(in.ignored) + " trailing bytes not sent" : "");
  r.c.frames = in.frames;
  r.c.pauses = pauses_for_write_size(in.frames, in.write_size);
  return r;
}

}  // namespace

command add_replay(CLI::App& app) {
  auto o = std::make_shared<replay_options>();
  auto* sub = app.add_subcommand("replay", "re-run a fuzz reproducer (or a libFuzzer input) and print the verdict");
  sub->add_option("file", o->file, "reproducer written by `wsharness fuzz`");
  sub->add_option("--libfuzzer-input", o->libfuzzer_input, "a libFuzzer input (crash file, corpus entry) instead");
  o->target.add_to(*sub);

  return {sub, [o] {
            if (o->file.empty() == o->libfuzzer_input.empty())
              throw setup_error("give one reproducer FILE or --libfuzzer-input FILE");
            const replay_input in = o->file.empty() ? from_libfuzzer(o->libfuzzer_input) : from_reproducer(o->file);
            // The input's policy, unless --text-only / --binary-close-code say otherwise.
            auto target = o->target.make_adapter(in.policy);

            suite_options opt;
            opt.run = o->target.timing;
            std::cout << "wsharness " << WSH_VERSION << ": replaying " << in.c.id << " against " << target->name() << " "
                      << target->version() << " (" << target->policy().describe() << ")\n\n";
            auto report = run_suite(*target, {&in.c}, opt);
            auto& r = report.results.front();
            r.replay = "wsharness replay " +
                       (o->file.empty() ? "--libfuzzer-input " + shell_quote(o->libfuzzer_input) : shell_quote(o->file)) +
                       o->target.replay_flags();
            print_case_line(std::cout, r);
            print_details(std::cout, r);
            const bool fails = r.v.result == outcome::fail;
            std::cout << "\n" << (fails ? "still failing: " + std::string(to_string(r.v.kind)) : "passes now") << "\n";
            return fails ? exit_findings : exit_clean;
          }};
}

}  // namespace wsh::cli
