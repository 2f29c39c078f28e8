// End-to-end: the HTML matrix of real runs, loaded in headless Chromium (Debian `chromium`,
// installed by scripts/install-deps.sh). Checks what the browser shows after its script ran:
// the summary counts and cell colours per target match the JSON reports, and a
// `#case=ID&target=N` link opens that cell's details (frames in hex, the oracle's reason, the
// replay command). Leaves the page and a screenshot in REPORT_TOOLS_OUT_DIR for people to look at.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_run.hpp"

using nlohmann::json;
using namespace wsh::test;

namespace {

const std::string chromium_flags =
    " --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    " --disable-sync --no-first-run --window-size=1400,900";

// One bounded Chromium run in a throw-away profile. `action`: "--dump-dom" or "--screenshot=PATH".
run_result chromium(const std::string& action, const std::string& url) {
  const std::string profile = temp_path(".chromium");
  std::filesystem::create_directories(profile);
  auto r = run_shell("timeout 60 chromium" + chromium_flags + " --user-data-dir=" + profile + " " + action + " '" +
                     url + "'");
  std::filesystem::remove_all(profile);
  return r;
}

// How text appears in Chromium's serialisation of the DOM.
std::string as_dom_text(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '&') out += "&amp;";
    else if (ch == '<') out += "&lt;";
    else if (ch == '>') out += "&gt;";
    else out += ch;
  }
  return out;
}

// The page's hex layout: "81 96 37 ..." with 16 bytes a line.
std::string hex_lines(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i) out += i % 32 == 0 ? "\n" : " ";
    out += hex.substr(i, 2);
  }
  return out;
}

std::string details_panel(const std::string& dom) {
  const auto start = dom.find("<aside id=\"details\"");
  const auto end = dom.find("</aside>", start);
  return start == std::string::npos || end == std::string::npos ? "" : dom.substr(start, end - start);
}

struct column {
  std::string report;
  json doc;
  std::map<std::string, int> count;  // verdict -> cases
};

}  // namespace

TEST(E2eHtmlBrowser, MatrixShowsTheCountsAndALinkOpensACell) {
  ASSERT_EQ(run_shell("command -v chromium").exit_code, 0) << "chromium not installed: run scripts/install-deps.sh";
  // Four servers with different verdict mixes: all pass, two real findings, wrong codes
  // everywhere, and non-strict late closes.
  std::vector<column> cols;
  for (const std::string name : {"reference_server", "websocketpp", "faulty_wrong_code", "faulty_not_fail_fast"}) {
    const std::string server = name == "websocketpp" ? "--target websocketpp" : faulty(name);
    column c{temp_path("_" + name + ".json"), {}, {}};  // the file name heads the column
    const auto run = wsharness("conformance " + server + " --timeout-ms 1000 --quiet --json " + c.report);
    ASSERT_NE(run.exit_code, 2) << run.err;
    c.doc = json::parse(slurp(c.report));
    for (const auto& k : c.doc.at("cases")) ++c.count[k.at("verdict")];
    cols.push_back(std::move(c));
  }
  ASSERT_GT(cols[1].count["fail"], 0);
  ASSERT_GT(cols[3].count["non-strict"], 0);

  const std::string out_dir = REPORT_TOOLS_OUT_DIR;
  std::filesystem::create_directories(out_dir);
  const std::string html = out_dir + "/matrix.html", png = out_dir + "/matrix.png";
  std::filesystem::remove(png);
  std::string args = "report --html " + html;
  for (const auto& c : cols) args += " " + c.report;
  const auto made = wsharness(args);
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;

  // Open websocketpp's (column 1) cell of one of its real findings through the URL fragment.
  const json* c = nullptr;
  for (const auto& k : cols[1].doc.at("cases"))
    if (!c && k.at("verdict") == "fail") c = &k;
  ASSERT_NE(c, nullptr);
  const std::string id = c->at("id");
  const std::string url = "file://" + html + "#case=" + std::regex_replace(id, std::regex("/"), "%2F") + "&target=1";
  const auto start = std::chrono::steady_clock::now();
  const auto dump = chromium("--dump-dom", url);
  const double dump_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  const std::string& dom = dump.out;
  ASSERT_NE(dom.find("id=\"matrix\""), std::string::npos) << dom.substr(0, 2000);

  // Summary row: each target's counts as the JSON report has them.
  const std::regex summary(
      R"re(<td class="summary" data-target="(\d+)" data-pass="(\d+)" data-fail="(\d+)" data-non-strict="(\d+)" data-skipped="(\d+)"><span class="n-pass">(\d+)</span> / <span class="n-fail">(\d+)</span> / <span class="n-non-strict">(\d+)</span>)re");
  int summaries = 0;
  for (std::sregex_iterator it(dom.begin(), dom.end(), summary), end; it != end; ++it, ++summaries) {
    const auto& m = *it;
    const auto& c = cols.at(std::stoul(m.str(1)));
    const auto n = [&](const char* verdict) { return c.count.count(verdict) ? c.count.at(verdict) : 0; };
    EXPECT_EQ(std::stoi(m.str(6)), n("pass")) << m[0];
    EXPECT_EQ(std::stoi(m.str(7)), n("fail")) << m[0];
    EXPECT_EQ(std::stoi(m.str(8)), n("non-strict")) << m[0];
    EXPECT_EQ(std::stoi(m.str(5)), n("skipped")) << m[0];
  }
  EXPECT_EQ(summaries, 4);

  // Cells: one per case and target, coloured by that target's verdict.
  std::map<std::pair<int, std::string>, int> cells;
  const std::regex cell(R"re(<td class="cell v-([a-z-]+)( selected)?" data-target="(\d+)")re");
  for (std::sregex_iterator it(dom.begin(), dom.end(), cell), end; it != end; ++it) ++cells[{std::stoi(it->str(3)), it->str(1)}];
  for (int t = 0; t < 4; ++t)
    for (const auto& [verdict, n] : cols[t].count) EXPECT_EQ((cells[{t, verdict}]), n) << "target " << t << " " << verdict;
  EXPECT_EQ(cells.count({0, "missing"}), 0u);

  // The fragment opened the details panel (built by the page's script, not in the file).
  EXPECT_NE(dom.find("class=\"cell v-fail selected\" data-target=\"1\""), std::string::npos);
  const std::string panel = details_panel(dom);
  ASSERT_NE(panel.find("<aside id=\"details\" data-case=\"" + id + "\" data-target=\"1\">"), std::string::npos)
      << panel.substr(0, 300);
  const std::string finding = c->at("finding");
  EXPECT_NE(panel.find(">fail [" + finding + "]<"), std::string::npos) << panel;
  for (const auto& hex : c->at("frames_hex"))  // the page shows up to 1024 bytes of each frame
    EXPECT_NE(panel.find(hex_lines(hex.get<std::string>().substr(0, 2048))), std::string::npos) << hex << "\n" << panel;
  EXPECT_NE(panel.find(as_dom_text(c->at("expected").at("reason"))), std::string::npos) << panel;
  EXPECT_NE(panel.find(as_dom_text(c->at("replay"))), std::string::npos) << panel;
  if (c->at("expected").at("close") == true) {
    EXPECT_NE(panel.find("close with " + c->at("expected").at("close_codes").at(0).dump()), std::string::npos) << panel;
  }

  // A hand-typed link: '/' and '+' unencoded ('+' is part of the id, not a space).
  std::string plus_id;
  for (const auto& k : cols[2].doc.at("cases"))
    if (plus_id.empty() && k.at("id").get<std::string>().find('+') != std::string::npos) plus_id = k.at("id");
  ASSERT_FALSE(plus_id.empty()) << "no case id with '+' (u+XXXX) in the catalogue any more";
  const auto typed = chromium("--dump-dom", "file://" + html + "#case=" + plus_id + "&target=2");
  EXPECT_NE(details_panel(typed.out).find("data-case=\"" + plus_id + "\" data-target=\"2\""), std::string::npos)
      << details_panel(typed.out).substr(0, 300);

  // A screenshot with the cell open, for people. A blank page compresses to a few KB; the
  // coloured matrix with its details panel is far larger.
  const auto shot = chromium("--screenshot=" + png, url);
  EXPECT_EQ(shot.exit_code, 0) << shot.err;
  ASSERT_TRUE(std::filesystem::exists(png)) << shot.err;
  EXPECT_GT(std::filesystem::file_size(png), 50000u) << "blank screenshot? " << png;
  EXPECT_EQ(slurp(png).substr(1, 3), "PNG");
  std::cout << "chromium --dump-dom took " << dump_s << " s; page " << html << ", screenshot " << png << "\n";
}
