// `wsharness list-cases` and `wsharness targets`: what can be run.
#include <iomanip>
#include <iostream>
#include <map>

#include "catalogue.hpp"
#include "command.hpp"
#include "registry.hpp"

namespace wsh::cli {

namespace {
struct list_options {
  std::string globs;
  std::vector<std::string> case_files;
  bool by_group = false;
};
}  // namespace

command add_list_cases(CLI::App& app) {
  auto o = std::make_shared<list_options>();
  auto* sub = app.add_subcommand("list-cases", "list the catalogue");
  sub->add_option("--cases", o->globs, "comma-separated globs over case ids and reference-suite ids");
  sub->add_option("--cases-file", o->case_files, "extra case file(s)")->check(CLI::ExistingFile);
  sub->add_flag("--groups", o->by_group, "count cases per group instead of listing them");
  return {sub, [o] {
            const auto all = catalogue_with(o->case_files);
            const auto cases = selected_cases(all, o->globs);
            if (o->by_group) {
              std::map<std::string, std::pair<int, int>> groups;  // group -> (cases, with a reference id)
              for (const auto* c : cases) {
                auto& g = groups[c->group()];
                ++g.first;
                g.second += !c->ref_id.empty();
              }
              for (const auto& [name, n] : groups)
                std::cout << std::left << std::setw(48) << name << std::right << std::setw(5) << n.first << "  ("
                          << n.second << " with a reference id)\n";
              std::cout << cases.size() << " cases\n";
              return exit_clean;
            }
            for (const auto* c : cases)
              std::cout << std::left << std::setw(56) << c->id << std::setw(8) << (c->ref_id.empty() ? "-" : c->ref_id)
                        << c->description << "\n";
            std::cout << cases.size() << " cases\n";
            return exit_clean;
          }};
}

command add_targets(CLI::App& app) {
  auto* sub = app.add_subcommand("targets", "list the built-in targets, their library version and dependencies");
  return {sub, [] {
            std::cout << std::left << std::setw(22) << "target" << std::setw(20) << "version" << std::setw(10) << "deps"
                      << std::setw(30) << "policy" << "library\n";
            for (const auto& t : builtin_targets()) {
              const std::string missing = missing_dependency(t);
              std::string version = "-";
              if (missing.empty()) {
                try {
                  version = target_version(t);  // read from the library or its package, now
                } catch (const setup_error& e) {
                  version = "probe failed";
                }
              }
              std::cout << std::setw(22) << t.name << std::setw(20) << version << std::setw(10)
                        << (missing.empty() ? "ok" : "MISSING") << std::setw(30) << t.policy.describe() << t.library
                        << "\n"
                        << "    started: " << how_started(t) << "\n";
              if (!missing.empty()) std::cout << "    install: " << missing << "\n";
            }
            return exit_clean;
          }};
}

}  // namespace wsh::cli
