// `wsharness list-cases` and `wsharness targets`: what can be run.
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "wsh/catalogue.hpp"
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

namespace {

// One target as `wsharness targets` sees it now: its version is read from the library at run time.
struct target_status {
  std::string version = "-";  // "-": a dependency is missing; "probe failed": the probe did not answer
  std::string missing;        // what is missing and its install command (empty: all present)
};

target_status status_of(const target_info& t) {
  target_status s;
  s.missing = missing_dependency(t);
  if (!s.missing.empty()) return s;
  try {
    s.version = target_version(t);
  } catch (const setup_error&) {
    s.version = "probe failed";
  }
  return s;
}

nlohmann::json target_json(const target_info& t, const target_status& s) {
  return {{"name", t.name},
          {"library", t.library},
          {"language", t.language},
          {"version", s.version == "-" || s.version == "probe failed" ? nlohmann::json(nullptr) : nlohmann::json(s.version)},
          {"started", how_started(t)},
          {"in_process", how_started(t) == "in-process"},
          {"policy", {{"text_only", t.policy.text_only}, {"binary_close_code", t.policy.binary_close_code}}},
          {"dependencies_present", s.missing.empty()},
          {"missing", s.missing.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.missing)},
          {"version_probe_failed", s.version == "probe failed"}};
}

}  // namespace

command add_targets(CLI::App& app) {
  auto* sub = app.add_subcommand("targets", "list the built-in targets, their library version and dependencies");
  auto as_json = std::make_shared<bool>(false);
  auto files = std::make_shared<std::vector<std::string>>();
  sub->add_flag("--json", *as_json, "one JSON document on stdout: every target with its language, version and policy");
  sub->add_option("--targets-file", *files, "JSON file of more targets to list (see README)")->check(CLI::ExistingFile);
  return {sub, [as_json, files] {
            for (const auto& f : *files) load_targets_file(f);
            std::vector<const target_info*> all;
            for (const auto& list : {builtin_targets(), user_targets()})
              for (const auto& t : list) all.push_back(&t);
            if (*as_json) {
              nlohmann::json list = nlohmann::json::array();
              for (const auto* t : all) list.push_back(target_json(*t, status_of(*t)));
              std::cout << nlohmann::json{{"tool", "wsharness"}, {"kind", "targets"}, {"targets", list}}.dump(2) << "\n";
              return exit_clean;
            }
            std::cout << std::left << std::setw(22) << "target" << std::setw(20) << "version" << std::setw(10) << "deps"
                      << std::setw(30) << "policy" << "library\n";
            for (const auto* tp : all) {
              const target_info& t = *tp;
              const target_status s = status_of(t);
              // One space at least after each column, so a long name or version never runs on.
              std::cout << std::setw(21) << t.name << ' ' << std::setw(19) << s.version << ' ' << std::setw(10)
                        << (s.missing.empty() ? "ok" : "MISSING") << std::setw(30) << t.policy.describe() << t.library
                        << "\n"
                        << "    started: " << how_started(t) << "\n";
              if (!s.missing.empty()) std::cout << "    install: " << s.missing << "\n";
            }
            return exit_clean;
          }};
}

}  // namespace wsh::cli
