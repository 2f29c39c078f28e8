// wsharness: the command line. Exit 0: no fail; 1: at least one fail; 2: usage or set-up error.
#include <iostream>

#include "command.hpp"
#include "wsh/interrupt.hpp"

int main(int argc, char** argv) {
  using namespace wsh::cli;
  CLI::App app{"wsharness: WebSocket close-code 1007 conformance and fuzzing harness"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("wsharness ") + WSH_VERSION);
  // One line per subcommand; each lives in its own file.
  const std::vector<command> commands{add_conformance(app), add_list_cases(app), add_targets(app), add_fuzz(app),
                                     add_replay(app), add_explain(app), add_autobahn(app),
                                     add_compare(app), add_baseline(app), add_gate(app), add_report(app),
                                     add_sweep(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "wsharness: error: " << e.what() << " (see --help)\n";
    return exit_usage;
  }

  wsh::install_interrupt_handlers();  // runs stop between cases; reports are still written
  try {
    for (const auto& c : commands)
      if (c.sub->parsed()) return c.run();
    return exit_usage;
  } catch (const std::exception& e) {  // setup_error and any other bad input
    std::cerr << "wsharness: error: " << e.what() << "\n";
    return exit_usage;
  }
}
