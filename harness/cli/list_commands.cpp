// `wsharness list-cases` and `wsharness targets`: what can be run.
#include <iomanip>
#include <iostream>

#include "catalogue.hpp"
#include "command.hpp"
#include "registry.hpp"

namespace wsh::cli {

std::vector<const test_case*> selected_cases(const std::string& globs);

command add_list_cases(CLI::App& app) {
  auto globs = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("list-cases", "list the catalogue");
  sub->add_option("--cases", *globs, "comma-separated globs over case ids and reference-suite ids");
  return {sub, [globs] {
            const auto cases = selected_cases(*globs);
            for (const auto* c : cases)
              std::cout << std::left << std::setw(56) << c->id << std::setw(8) << (c->ref_id.empty() ? "-" : c->ref_id)
                        << c->description << "\n";
            std::cout << cases.size() << " cases\n";
            return exit_clean;
          }};
}

command add_targets(CLI::App& app) {
  auto* sub = app.add_subcommand("targets", "list the built-in targets");
  return {sub, [] {
            for (const auto& t : builtin_targets())
              std::cout << std::left << std::setw(14) << t.name << std::setw(10) << t.version() << t.description << "\n";
            return exit_clean;
          }};
}

}  // namespace wsh::cli
