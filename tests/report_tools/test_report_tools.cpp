// Unit tests for the tools over saved reports: reading reports back, compare (report_diff),
// baselines and the gate, and the HTML matrix. Reports are built in memory; the end-to-end tests
// (e2e_report_tools_test.cpp, e2e_html_browser_test.cpp) do the same on reports of real runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "wsh/baseline.hpp"
#include "wsh/oracle.hpp"
#include "wsh/report_diff.hpp"
#include "wsh/report_file.hpp"
#include "wsh/report_html.hpp"

using namespace wsh;
using nlohmann::json;

namespace {

// One case of a JSON report, as `wsharness conformance --json` writes it. code: the observed
// close code; -1: TCP dropped without a close frame; 0: nothing (still open).
json make_case(const std::string& id, const std::string& verdict, const std::string& finding, int code) {
  return {{"id", id},
          {"ref_id", nullptr},
          {"group", id.substr(0, id.rfind('/'))},
          {"description", "case " + id},
          {"verdict", verdict},
          {"finding", finding},
          {"why", verdict == "pass" ? "as expected" : "closed with " + std::to_string(code) + ", expected 1007"},
          {"expected", {{"close", true}, {"close_code", 1007}, {"close_codes", {1007}}, {"echoes", 0},
                        {"violation", "invalid_utf8"}, {"reason", "invalid UTF-8 -> 1007 (RFC 6455 §8.1)"}}},
          {"observed", {{"upgraded", true}, {"setup_error", nullptr},
                        {"close_code", code > 0 ? json(code) : json()}, {"close_frame", code > 0},
                        {"close_reason_hex", ""}, {"server_initiated_close", code > 0}, {"tcp_closed", code != 0},
                        {"echoed", 0}, {"bytes_sent", 8}, {"bytes_total", 8}, {"ms", 3}, {"close_ms", nullptr}}},
          {"frames_hex", {"818237fa213dd259"}},
          {"replay", "wsharness conformance --target t --cases " + id}};
}

std::string report_json(const std::string& target, const std::vector<json>& cases, bool text_only = false) {
  return json{{"tool", "wsharness"},
              {"version", "0.1.0"},
              {"target", {{"name", target}, {"version", "1.0"}, {"policy", {{"text_only", text_only}, {"binary_close_code", 1007}}}}},
              {"duration_ms", 10},
              {"summary", {{"pass", 0}, {"fail", 0}, {"non_strict", 0}}},
              {"cases", cases}}
      .dump();
}

report_file report(const std::string& target, const std::vector<json>& cases, bool text_only = false) {
  return parse_report(report_json(target, cases, text_only), target + ".json");
}

// A catalogue-like case without relying on test_case's member order.
test_case make_test_case(const std::string& id, const std::string& ref_id, std::vector<frame> frames) {
  test_case c;
  c.id = id;
  c.ref_id = ref_id;
  c.description = "test " + id;
  c.rfc = "RFC 6455 \u00a78.1: MUST _Fail the WebSocket Connection_";
  c.frames = std::move(frames);
  return c;
}

const case_change* change_of(const report_diff& d, const std::string& id) {
  for (const auto& c : d.changes)
    if (c.id == id) return &c;
  return nullptr;
}

const gate_entry* entry_of(const gate_result& g, const std::string& id) {
  for (const auto& e : g.entries)
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace

// ---- reading reports ----------------------------------------------------------------------------

// The writer (to_json of a real run_report) and the reader must agree on every field the tools use.
TEST(ReportFile, ReadsBackWhatToJsonWrites) {
  const test_case bad = make_test_case("8.1/invalid/x", "6.3.1", {text("a\xFF")});
  run_report run;
  run.target_name = "t";
  run.target_version = "9";
  run.policy = {true, 1003};
  case_result r{&bad, derive(bad, run.policy), {}, {}, "wsharness conformance --cases 8.1/invalid/x", {}};
  r.observed.upgraded = true;
  r.observed.close_received = true;
  r.observed.server_initiated_close = true;
  r.observed.close_code = 1002;
  r.observed.tcp_closed = true;
  r.v = judge(r.expected, r.observed);
  run.results.push_back(r);

  const report_file f = parse_report(to_json(run), "mem");
  EXPECT_EQ(f.target_name, "t");
  EXPECT_EQ(f.target_version, "9");
  EXPECT_TRUE(f.text_only);
  EXPECT_EQ(f.binary_close_code, 1003);
  ASSERT_EQ(f.cases.size(), 1u);
  const auto& c = f.cases[0];
  EXPECT_EQ(c.id, "8.1/invalid/x");
  EXPECT_EQ(c.ref_id, "6.3.1");
  EXPECT_EQ(c.rfc, bad.rfc);
  EXPECT_EQ(c.group, "8.1/invalid");
  EXPECT_EQ(c.verdict, outcome::fail);
  EXPECT_EQ(c.finding, "wrong_code");
  EXPECT_EQ(c.expected.close_codes, std::vector<int>{1007});
  EXPECT_EQ(c.expected.reason, r.expected.reason);
  EXPECT_EQ(c.observed.close_code, 1002);
  EXPECT_EQ(observed_label(c), "1002");
  ASSERT_EQ(c.frames_hex.size(), 1u);
  EXPECT_EQ(c.frames_hex[0].substr(0, 4), "8182");
  EXPECT_EQ(c.replay, r.replay);
}

TEST(ReportFile, ObservedLabelSaysWhatTheServerDid) {
  const auto f = report("t", {make_case("a/code", "pass", "none", 1007), make_case("a/drop", "fail", "tcp_drop", -1),
                              make_case("a/open", "fail", "no_close", 0)});
  EXPECT_EQ(observed_label(f.cases[0]), "1007");
  EXPECT_EQ(observed_label(f.cases[1]), "drop");
  EXPECT_EQ(observed_label(f.cases[2]), "\u2014");
  auto no_code = make_case("a/nocode", "fail", "wrong_code", 0);
  no_code["observed"]["close_frame"] = true;
  EXPECT_EQ(observed_label(report("t", {no_code}).cases[0]), "close");
}

TEST(ReportFile, MalformedInputIsOneLineNamingTheProblem) {
  const auto ok = make_case("a/b", "pass", "none", 1007);
  auto bad_verdict = ok, no_id = ok, wrong_type = ok;
  bad_verdict["verdict"] = "passed";
  no_id.erase("id");
  wrong_type["observed"]["close_code"] = "1007";
  const std::vector<std::pair<std::string, std::string>> bad{
      {"{", "not JSON"},
      {"[]", "is not an object"},
      {R"({"tool":"other","target":{"name":"t"},"cases":[]})", "not a wsharness report"},
      {R"({"tool":"wsharness","cases":[]})", "\"name\""},
      {R"({"tool":"wsharness","target":{"name":"t"}})", "\"cases\""},
      {R"({"tool":"wsharness","kind":"baseline","target":{"name":"t"},"cases":[]})", "baseline file, not a report"},
      {report_json("t", {bad_verdict}), "cases[0] (a/b) verdict \"passed\""},
      {report_json("t", {no_id}), "cases[0] has no \"id\""},
      {report_json("t", {wrong_type}), "observed field \"close_code\" is not an integer"},
      {report_json("t", {ok, ok}), "\"a/b\" appears twice"},
  };
  for (const auto& [text, want] : bad) {
    try {
      parse_report(text, "in.json");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const report_error& e) {
      const std::string msg = e.what();
      EXPECT_EQ(msg.rfind("in.json:", 0), 0u) << msg;
      EXPECT_NE(msg.find(want), std::string::npos) << "want '" << want << "' in: " << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
  }
  EXPECT_THROW(read_report_file("/nonexistent/report.json"), report_error);
}

// ---- compare -------------------------------------------------------------------------------------

TEST(ReportDiff, IdenticalRunsDoNotDiffEvenIfTimingsAndWordingDiffer) {
  auto a = make_case("g/a", "fail", "wrong_code", 1002);
  auto b = a;
  b["observed"]["ms"] = 999;
  b["why"] = "other words";
  const auto d = diff_reports(report("t", {a}), report("t", {b}));
  EXPECT_TRUE(d.changes.empty());
  EXPECT_EQ(d.unchanged, std::vector<std::string>{"g/a"});
  EXPECT_FALSE(d.regressed());
}

TEST(ReportDiff, ClassifiesEveryKindOfChange) {
  const auto before = report("t", {
                                      make_case("g/pass-fail", "pass", "none", 1007),
                                      make_case("g/pass-ns", "pass", "none", 1007),
                                      make_case("g/ns-fail", "non-strict", "late_close", 1007),
                                      make_case("g/fail-pass", "fail", "wrong_code", 1002),
                                      make_case("g/fail-ns", "fail", "no_close", 0),
                                      make_case("g/finding", "fail", "no_close", 0),
                                      make_case("g/code", "fail", "wrong_code", 1002),
                                      make_case("g/same", "pass", "none", 1007),
                                      make_case("g/gone", "pass", "none", 1007),
                                  });
  const auto after = report("t", {
                                     make_case("g/pass-fail", "fail", "wrong_code", 1002),
                                     make_case("g/pass-ns", "non-strict", "late_close", 1007),
                                     make_case("g/ns-fail", "fail", "not_fail_fast", 0),
                                     make_case("g/fail-pass", "pass", "none", 1007),
                                     make_case("g/fail-ns", "non-strict", "late_close", 1007),
                                     make_case("g/finding", "fail", "tcp_drop", -1),
                                     make_case("g/code", "fail", "wrong_code", 1003),
                                     make_case("g/same", "pass", "none", 1007),
                                     make_case("g/new", "fail", "no_close", 0),
                                 });
  const auto d = diff_reports(before, after);
  const std::map<std::string, change_kind> want{
      {"g/pass-fail", change_kind::regressed}, {"g/pass-ns", change_kind::regressed},
      {"g/ns-fail", change_kind::regressed},   {"g/fail-pass", change_kind::improved},
      {"g/fail-ns", change_kind::improved},    {"g/finding", change_kind::changed},
      {"g/code", change_kind::changed},        {"g/new", change_kind::added},
      {"g/gone", change_kind::removed},
  };
  for (const auto& [id, kind] : want) {
    const auto* c = change_of(d, id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_EQ(c->kind, kind) << id << ": " << c->describe();
  }
  EXPECT_EQ(d.changes.size(), want.size());
  EXPECT_EQ(d.unchanged, std::vector<std::string>{"g/same"});
  EXPECT_TRUE(d.regressed());
  EXPECT_EQ(d.count(change_kind::regressed), 3);
  EXPECT_EQ(change_of(d, "g/pass-fail")->describe(), "pass -> fail [wrong_code], close 1007 -> 1002");
  EXPECT_EQ(change_of(d, "g/finding")->describe(), "fail [no_close] -> fail [tcp_drop], close \u2014 -> drop");
  EXPECT_EQ(change_of(d, "g/new")->describe(), "added: fail [no_close], close \u2014");
  EXPECT_EQ(change_of(d, "g/gone")->describe(), "removed (was pass, close 1007)");
  EXPECT_EQ(d.changes.back().id, "g/gone");  // removed cases come last
}

TEST(ReportDiff, OnlyImprovementsAreNotARegression) {
  const auto d = diff_reports(report("t", {make_case("g/a", "fail", "wrong_code", 1002)}),
                              report("t", {make_case("g/a", "pass", "none", 1007)}));
  EXPECT_FALSE(d.regressed());
  EXPECT_EQ(d.count(change_kind::improved), 1);
}

TEST(ReportDiff, DifferentPoliciesAreNoted) {
  const auto d = diff_reports(report("t", {}, false), report("t", {}, true));
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_NE(d.notes[0].find("policies differ"), std::string::npos);
}

TEST(ReportDiff, ViewsCarryTheChangesAndEscapeIds) {
  const std::string nasty = "g/<b>&\"x\"";
  const auto d = diff_reports(report("t", {make_case(nasty, "pass", "none", 1007), make_case("g/ok", "pass", "none", 1007)}),
                              report("t", {make_case(nasty, "fail", "wrong_code", 1002), make_case("g/ok", "pass", "none", 1007)}));
  const json j = json::parse(to_json(d));
  EXPECT_EQ(j.at("kind"), "compare");
  EXPECT_EQ(j.at("regressed"), true);
  EXPECT_EQ(j.at("summary").at("regressed"), 1);
  EXPECT_EQ(j.at("summary").at("unchanged"), 1);
  EXPECT_EQ(j.at("changes").at(0).at("id"), nasty);
  EXPECT_EQ(j.at("changes").at(0).at("after").at("close"), "1002");

  const std::string xml = to_junit(d);
  EXPECT_NE(xml.find("tests=\"2\" failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"g/&lt;b&gt;&amp;&quot;x&quot;\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<b>"), std::string::npos) << xml;

  std::ostringstream console;
  print_diff(console, d);
  EXPECT_NE(console.str().find("REGRESSED"), std::string::npos);
  EXPECT_NE(console.str().find("replay: wsharness conformance --target t --cases " + nasty), std::string::npos);
  EXPECT_NE(console.str().find("1 regressed, 0 improved, 0 changed, 0 added, 0 removed, 1 unchanged: REGRESSED"),
            std::string::npos)
      << console.str();
}

// ---- baselines and the gate ---------------------------------------------------------------------

TEST(Baseline, MadeFromAReportListsItsNonPassesAndRoundTrips) {
  const auto r = report("lib", {make_case("g/a", "pass", "none", 1007), make_case("g/b", "fail", "wrong_code", 1002),
                                make_case("g/c", "non-strict", "late_close", 1007)});
  const baseline b = make_baseline(r);
  ASSERT_EQ(b.accepted.size(), 2u);
  EXPECT_EQ(b.accepted[0].id, "g/b");
  EXPECT_EQ(b.accepted[1].verdict, outcome::non_strict);
  const std::string text = to_json(b);
  EXPECT_LT(text.find("\"id\""), text.find("\"verdict\""));  // hand-editable: id first
  const baseline back = parse_baseline(text, "b.json");
  EXPECT_EQ(back.target_name, "lib");
  EXPECT_EQ(back.from, "lib.json");
  ASSERT_EQ(back.accepted.size(), 2u);
  EXPECT_EQ(back.accepted[0].finding, std::optional<std::string>("wrong_code"));
  EXPECT_EQ(back.accepted[1].id, "g/c");
}

TEST(Baseline, MalformedBaselinesAreRejected) {
  const std::vector<std::pair<std::string, std::string>> bad{
      {"nope", "not JSON"},
      {R"({"tool":"wsharness","accepted":[]})", "not a wsharness baseline"},
      {R"({"tool":"wsharness","kind":"baseline","format":2,"accepted":[]})", "format 2"},
      {R"({"tool":"wsharness","kind":"baseline"})", "no \"accepted\""},
      {R"({"tool":"wsharness","kind":"baseline","accepted":[{"verdict":"fail"}]})", "accepted[0] has no \"id\""},
      {R"({"tool":"wsharness","kind":"baseline","accepted":[{"id":"a","verdict":"pass"}]})", "accepts \"pass\""},
      {R"({"tool":"wsharness","kind":"baseline","accepted":[{"id":"a","verdict":"bad"}]})", "\"bad\""},
      {R"({"tool":"wsharness","kind":"baseline","accepted":[{"id":"a","verdict":"fail"},{"id":"a","verdict":"fail"}]})",
       "listed twice"},
  };
  for (const auto& [text, want] : bad) {
    try {
      parse_baseline(text, "b.json");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const report_error& e) {
      EXPECT_NE(std::string(e.what()).find(want), std::string::npos) << "want '" << want << "' in: " << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
  }
}

TEST(Gate, FailsOnlyOnNewFailures) {
  const baseline b = parse_baseline(R"({"tool":"wsharness","kind":"baseline","target":{"name":"t","version":"1.0"},
    "accepted":[{"id":"g/known","verdict":"fail","finding":"wrong_code"},
                {"id":"g/any","verdict":"fail"},
                {"id":"g/changed","verdict":"fail","finding":"no_close"},
                {"id":"g/fixed","verdict":"fail","finding":"no_close"},
                {"id":"g/elsewhere","verdict":"fail","finding":"no_close"}]})",
                                    "b.json");
  const auto r = report("t", {
                                 make_case("g/known", "fail", "wrong_code", 1002),
                                 make_case("g/any", "fail", "tcp_drop", -1),
                                 make_case("g/changed", "fail", "wrong_code", 1002),
                                 make_case("g/fixed", "pass", "none", 1007),
                                 make_case("g/new", "fail", "wrong_code", 1002),
                                 make_case("g/new-ns", "non-strict", "late_close", 1007),
                                 make_case("g/ok", "pass", "none", 1007),
                             });
  const gate_result g = apply_baseline(r, b);
  const std::map<std::string, gate_class> want{
      {"g/known", gate_class::known}, {"g/any", gate_class::known},         {"g/changed", gate_class::changed},
      {"g/fixed", gate_class::fixed}, {"g/new", gate_class::new_},          {"g/new-ns", gate_class::new_},
      {"g/elsewhere", gate_class::not_run},
  };
  for (const auto& [id, cls] : want) {
    const auto* e = entry_of(g, id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_EQ(e->cls, cls) << id << " is " << to_string(e->cls);
  }
  EXPECT_EQ(g.entries.size(), want.size());
  EXPECT_EQ(g.passed, 1);
  EXPECT_EQ(g.blocking(), 2);  // g/new and g/changed; a new non-strict does not block
  EXPECT_TRUE(g.failed());
  EXPECT_TRUE(g.notes.empty());

  std::ostringstream os;
  print_gate(os, g);
  EXPECT_NE(os.str().find("2 new, 1 changed, 2 known, 1 fixed, 1 not-run, 1 pass: FAIL (2 new failures)"),
            std::string::npos)
      << os.str();
  EXPECT_NE(os.str().find("remove it from the baseline"), std::string::npos);
}

// How a real server's end of TCP without a close frame arrives (FIN or RST) can be timing alone:
// a baseline that accepts one accepts the other; no other finding stands in for another.
TEST(Gate, TcpDropAndTcpResetAcceptEachOther) {
  const baseline b = parse_baseline(R"({"tool":"wsharness","kind":"baseline","target":{"name":"t","version":"1.0"},
    "accepted":[{"id":"g/drop","verdict":"fail","finding":"tcp_drop"},
                {"id":"g/reset","verdict":"fail","finding":"tcp_reset"},
                {"id":"g/code","verdict":"fail","finding":"wrong_code"}]})",
                                    "b.json");
  const auto r = report("t", {make_case("g/drop", "fail", "tcp_reset", -1), make_case("g/reset", "fail", "tcp_drop", -1),
                              make_case("g/code", "fail", "tcp_drop", -1)});
  const gate_result g = apply_baseline(r, b);
  EXPECT_EQ(entry_of(g, "g/drop")->cls, gate_class::known);
  EXPECT_EQ(entry_of(g, "g/reset")->cls, gate_class::known);
  EXPECT_EQ(entry_of(g, "g/code")->cls, gate_class::changed);
  EXPECT_TRUE(repeats(finding::tcp_drop, finding::tcp_reset));
  EXPECT_FALSE(repeats(finding::tcp_drop, finding::no_close));
}

TEST(Gate, PassesWhenEveryFailureIsKnownAndNotesAnotherTarget) {
  const auto r = report("other", {make_case("g/a", "fail", "wrong_code", 1002), make_case("g/b", "non-strict", "late_close", 1007)});
  baseline b = make_baseline(report("t", {make_case("g/a", "fail", "wrong_code", 1002)}));
  const gate_result g = apply_baseline(r, b);
  EXPECT_FALSE(g.failed());
  EXPECT_EQ(g.count(gate_class::known), 1);
  EXPECT_EQ(g.count(gate_class::new_), 1);  // reported, but non-strict
  ASSERT_EQ(g.notes.size(), 1u);
  EXPECT_NE(g.notes[0].find("written for t 1.0"), std::string::npos) << g.notes[0];
}

// What `conformance --baseline` uses: a run still in memory gates exactly like its saved report.
TEST(Gate, AppliesToALiveRunReport) {
  const test_case bad = make_test_case("8.1/invalid/y", "", {text("\xC0\xAF")});
  run_report run;
  run.target_name = "t";
  case_result r{&bad, derive(bad, run.policy), {}, {}, "replay", {}};
  r.observed.upgraded = true;  // left open: no_close
  r.v = judge(r.expected, r.observed);
  run.results.push_back(r);
  ASSERT_EQ(r.v.result, outcome::fail);

  baseline empty;
  EXPECT_TRUE(apply_baseline(run, empty).failed());
  baseline accepts;
  accepts.accepted.push_back({"8.1/invalid/y", outcome::fail, std::string(to_string(r.v.kind)), ""});
  const gate_result g = apply_baseline(run, accepts);
  EXPECT_FALSE(g.failed());
  EXPECT_EQ(g.count(gate_class::known), 1);
}

// ---- HTML matrix --------------------------------------------------------------------------------

namespace {
int count_of(const std::string& hay, const std::string& needle) {
  int n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}
}  // namespace

TEST(ReportHtml, OneColumnPerReportOneRowPerCaseGroupedWithSummaries) {
  const auto a = report("alpha", {make_case("g1/a", "pass", "none", 1007), make_case("g1/b", "fail", "wrong_code", 1002),
                                  make_case("g2/c", "non-strict", "late_close", 1007)});
  const auto b = report("beta", {make_case("g1/a", "fail", "tcp_drop", -1), make_case("g2/c", "pass", "none", 1007),
                                 make_case("g2/d", "pass", "none", 1007)});
  const std::string html = to_html_matrix({a, b});
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count_of(html, "<th class=\"target\""), 2);
  EXPECT_EQ(count_of(html, "<tr class=\"case\""), 4);  // the union of both reports' cases
  EXPECT_EQ(count_of(html, "<tr class=\"group\""), 2);
  EXPECT_LT(html.find(">g1<"), html.find(">g2<"));
  EXPECT_NE(html.find("data-target=\"0\" data-pass=\"1\" data-fail=\"1\" data-non-strict=\"1\""), std::string::npos);
  EXPECT_NE(html.find("data-target=\"1\" data-pass=\"2\" data-fail=\"1\" data-non-strict=\"0\""), std::string::npos);
  EXPECT_EQ(count_of(html, "class=\"cell v-fail\" data-target"), 2);
  EXPECT_EQ(count_of(html, "class=\"cell v-missing\" data-target"), 2);  // g1/b in beta, g2/d in alpha
  EXPECT_NE(html.find("title=\"fail [tcp_drop]: closed with -1, expected 1007\">drop</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"case\" data-case=\"g1/b\" data-non-pass=\"1\" data-differ=\"1\">"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"case\" data-case=\"g2/d\" data-differ=\"1\">"), std::string::npos);
  // Self-contained: nothing is fetched.
  for (const char* external : {"src=", "href=", "@import", "url("}) EXPECT_EQ(html.find(external), std::string::npos) << external;
}

TEST(ReportHtml, ReportTextCannotBecomeMarkupOrEndTheScript) {
  const std::string evil = "</script><script>alert(1)</script><!--&\"'";
  auto c = make_case("g/" + evil, "fail", "wrong_code", 1002);
  c["description"] = evil;
  c["why"] = evil;
  c["expected"]["reason"] = evil + " \u00a78.1";
  c["replay"] = "wsharness conformance --cases '" + evil + "'";
  auto r = parse_report(report_json(evil, {c}), evil);
  const std::string html = to_html_matrix({r});

  EXPECT_EQ(count_of(html, "<script"), 2);  // the data block and the page script, nothing else
  EXPECT_EQ(count_of(html, "</script>"), 2);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--&amp;&quot;&#39;"), std::string::npos);

  // The data block still holds the exact text: a JSON parse gives it back unchanged.
  const std::regex block(R"re(<script type="application/json" id="wsh-data">([\s\S]*?)</script>)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, block));
  const json data = json::parse(m[1].str());
  const json& details = data.at("targets").at(0).at("cases").at("g/" + evil);
  EXPECT_EQ(details.at("expected").at("reason"), evil + " \u00a78.1");
  EXPECT_EQ(details.at("replay"), "wsharness conformance --cases '" + evil + "'");
  EXPECT_EQ(data.at("targets").at(0).at("label"), evil + " 1.0");
}

TEST(ReportHtml, LongFramesAreCutInTheDetails) {
  auto c = make_case("g/big", "pass", "none", 1007);
  c["frames_hex"] = {std::string(2 * 5000, 'a'), "8100"};
  html_options opt;
  opt.max_frame_bytes = 100;
  const std::string html = to_html_matrix({report("t", {c})}, opt);
  EXPECT_NE(html.find("{\"bytes\":5000,\"hex\":\"" + std::string(200, 'a') + "\"}"), std::string::npos);
  EXPECT_EQ(html.find(std::string(202, 'a')), std::string::npos);
  EXPECT_NE(html.find("{\"bytes\":2,\"hex\":\"8100\"}"), std::string::npos);
}

// ---- skipped cases (the server declined what the case needs) ------------------------------------

TEST(SkippedCases, IsNeitherARegressionNorAFailure) {
  const auto before = report("t", {make_case("g/a", "pass", "none", 1000), make_case("g/b", "fail", "wrong_code", 1002),
                                   make_case("g/c", "skipped", "not_negotiated", 1000)});
  const auto after = report("t", {make_case("g/a", "skipped", "not_negotiated", 1000),
                                  make_case("g/b", "skipped", "not_negotiated", 1000),
                                  make_case("g/c", "fail", "wrong_code", 1002)});
  const auto d = diff_reports(before, after);
  EXPECT_FALSE(d.regressed());
  EXPECT_EQ(d.count(change_kind::changed), 3);
  EXPECT_EQ(change_of(d, "g/c")->describe(), "skipped [not_negotiated] -> fail [wrong_code], close 1000 -> 1002");

  // A baseline never accepts a skip; a skipped baseline entry was not judged (not-run).
  const baseline b = make_baseline(before);
  ASSERT_EQ(b.accepted.size(), 1u);
  EXPECT_EQ(b.accepted[0].id, "g/b");
  const gate_result g = apply_baseline(after, b);
  EXPECT_EQ(entry_of(g, "g/b")->cls, gate_class::not_run);
  EXPECT_EQ(entry_of(g, "g/c")->cls, gate_class::new_);
  EXPECT_EQ(entry_of(g, "g/a"), nullptr);
  EXPECT_EQ(g.skipped, 1);
  EXPECT_EQ(g.blocking(), 1);
  EXPECT_THROW(parse_baseline(R"({"tool":"wsharness","kind":"baseline","accepted":[{"id":"a","verdict":"skipped"}]})", "b"),
               report_error);

  const std::string html = to_html_matrix({after});
  EXPECT_EQ(count_of(html, "class=\"cell v-skipped\" data-target"), 2);
  EXPECT_NE(html.find(">skip</td>"), std::string::npos);
  EXPECT_NE(html.find("data-skipped=\"2\""), std::string::npos);
  EXPECT_NE(html.find("+2 skipped"), std::string::npos);
}

TEST(JudgingProfiles, DifferentProfilesAreNoted) {
  auto strict = json::parse(report_json("t", {make_case("g/a", "pass", "none", 1007)}));
  auto autobahn = strict;
  strict["profile"] = "strict";
  autobahn["profile"] = "autobahn";
  const auto a = parse_report(strict.dump(), "a"), b = parse_report(autobahn.dump(), "b");
  EXPECT_EQ(b.profile, "autobahn");
  EXPECT_EQ(report("t", {}).profile, "strict");  // older reports have no profile field
  const auto d = diff_reports(a, b);
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_NE(d.notes[0].find("profiles differ"), std::string::npos);
  const gate_result g = apply_baseline(b, make_baseline(a));
  ASSERT_EQ(g.notes.size(), 1u);
  EXPECT_NE(g.notes[0].find("strict profile"), std::string::npos) << g.notes[0];
  EXPECT_NE(to_html_matrix({b}).find("autobahn profile"), std::string::npos);
}

// ---- combined reports of multi-target runs ------------------------------------------------------

TEST(CombinedReport, StandsForItsPerTargetReports) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / ("wsh_combined_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.json") << report_json("a", {make_case("g/x", "pass", "none", 1007)});
  std::ofstream(dir / "b.json") << report_json("b", {make_case("g/x", "fail", "wrong_code", 1002)});
  const json combined{{"tool", "wsharness"},
                      {"kind", "combined"},
                      {"targets",
                       {{{"name", "a"}, {"report", "a.json"}, {"error", nullptr}},
                        {{"name", "broken"}, {"report", nullptr}, {"error", "node not installed"}},
                        {{"name", "b"}, {"report", (dir / "b.json").string()}, {"error", nullptr}}}}};
  std::ofstream(dir / "combined.json") << combined.dump();

  std::vector<std::string> notes;
  const auto paths = expand_report_path((dir / "combined.json").string(), notes);
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(read_report_file(paths[0]).target_name, "a");  // relative: next to combined.json
  EXPECT_EQ(read_report_file(paths[1]).target_name, "b");  // absolute: as given
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("broken has no report (node not installed)"), std::string::npos) << notes[0];
  // A plain report stands for itself; a combined one is not a report on its own.
  EXPECT_EQ(expand_report_path((dir / "a.json").string(), notes), std::vector<std::string>{(dir / "a.json").string()});
  try {
    read_report_file((dir / "combined.json").string());
    ADD_FAILURE() << "a combined report was read as a report";
  } catch (const report_error& e) {
    EXPECT_NE(std::string(e.what()).find("is a combined report"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}
