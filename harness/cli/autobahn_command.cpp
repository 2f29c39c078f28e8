// `wsharness autobahn SPEC.json`: a project's existing fuzzingclient spec for the reference suite
// (Autobahn|Testsuite), run with our cases for the ids it selects, written as its reports
// (OUTDIR/index.json and one file per case) so CI parsers of those reports keep working. Our own
// report goes beside them (OUTDIR/wsharness-<agent>.json).
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "command.hpp"
#include "wsh/autobahn_format.hpp"
#include "wsh/catalogue.hpp"
#include "wsh/report_file.hpp"
#include "wsh/suite.hpp"

namespace wsh::cli {

namespace {

struct autobahn_options {
  std::string spec_path;
  run_options timing;
  bool quiet = false;
};

// Ids the spec names exactly that no case of ours carries: listed as not run, never as a verdict.
std::vector<std::string> not_covered(const autobahn_spec& spec, const std::set<std::string>& ours) {
  std::vector<std::string> out;
  for (const auto& p : spec.cases)
    if (p.find('*') == std::string::npos && !ours.count(p)) out.push_back(p);
  return out;
}

}  // namespace

command add_autobahn(CLI::App& app) {
  auto o = std::make_shared<autobahn_options>();
  auto* sub = app.add_subcommand("autobahn", "run a reference-suite fuzzingclient spec and write its reports");
  sub->add_option("spec", o->spec_path, "the fuzzingclient spec (JSON: outdir, servers, cases, exclude-cases, ...)")
      ->required();
  add_timing_options(*sub, o->timing);
  sub->add_flag("--quiet", o->quiet, "print only non-passing cases and the summaries");
  return {sub, [o] {
            const autobahn_spec spec = parse_autobahn_spec(read_text_file(o->spec_path));
            std::set<std::string> ours;
            for (const auto& c : catalogue())
              if (!c.ref_id.empty()) ours.insert(c.ref_id);
            for (const auto& id : not_covered(spec, ours))
              std::cout << "not run: " << id << " (wsharness covers the reference suite's UTF-8 groups 6.* and 7.5.1)\n";

            suite_options opt;
            opt.run = o->timing;
            opt.judging = profile::autobahn;  // the reference suite's acceptance, as its users expect
            std::vector<run_report> reports;
            std::map<std::string, std::vector<autobahn_case>> index;
            for (const auto& server : spec.servers) {
              std::vector<const test_case*> cases;
              for (const auto& c : catalogue())
                if (!c.ref_id.empty() && autobahn_selected(spec, server.agent, c.ref_id)) cases.push_back(&c);
              if (cases.empty()) {
                std::cout << server.agent << ": no case of ours selected\n";
                index[server.agent];
                continue;
              }
              auto target = make_url_adapter(server.url, {});
              opt.replay_prefix = "wsharness conformance --profile autobahn --url " + shell_quote(server.url);
              std::cout << server.agent << " (" << server.url << "): " << cases.size() << " cases\n";
              run_report r = run_suite(*target, cases, opt, [&](const case_result& c) {
                if (!o->quiet || c.v.result != outcome::pass) print_case_line(std::cout, c);
              });
              r.target_name = server.agent;
              print_summary(std::cout, r);
              for (const auto& c : r.results) index[server.agent].push_back(to_autobahn_case(server.agent, c));
              reports.push_back(std::move(r));
            }

            // Everything is written at the end, each file atomically: a run that stopped on bad
            // input leaves nothing half-written.
            std::filesystem::create_directories(spec.outdir);
            const std::filesystem::path dir(spec.outdir);
            bool failed = false;
            for (const auto& r : reports) {
              for (const auto& c : r.results) {
                write_file_atomically((dir / autobahn_report_file(r.target_name, c.c->ref_id)).string(),
                                      autobahn_case_json(r.target_name, c));
                failed |= c.v.result == outcome::fail;
              }
              write_file_atomically((dir / ("wsharness-" + autobahn_file_stem(r.target_name) + ".json")).string(),
                                    to_json(r));
            }
            write_file_atomically((dir / "index.json").string(), autobahn_index_json(index));
            std::cout << "\nreports: " << (dir / "index.json").string() << "\n";
            return failed ? exit_findings : exit_clean;
          }};
}

}  // namespace wsh::cli
