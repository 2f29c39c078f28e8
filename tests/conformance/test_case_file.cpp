// The declarative case format: what it accepts, and a one-line file:line error for what it does
// not; and the catalogue's write-split families generated from the vector table.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "wsh/case_file.hpp"
#include "wsh/catalogue.hpp"
#include "wsh/oracle.hpp"
#include "wsh/utf8_vectors.hpp"
#include "wsh/write_split.hpp"

using namespace wsh;

TEST(CaseFile, ParsesFramesPausesAndDefaults) {
  const auto cases = parse_case_file(R"(
# comment
rfc RFC 6455 §8.1: MUST fail
tags invalid
case a/b/one ref=6.4.1
  desc two fragments
  send text~ "ab\xF0" ; pause ; cont x:9f rsv1 ; pause 50
  send ping "p" ; close code:1000 "\xFF"*2
case a/b/two tags=valid,long
  desc one frame in two writes
  rfc own requirement
  send binary unmasked len64 "xy"*3 ; pause-in 2 7
)", "mem.cases");
  ASSERT_EQ(cases.size(), 2u);
  const auto& one = cases[0];
  EXPECT_EQ(one.id, "a/b/one");
  EXPECT_EQ(one.ref_id, "6.4.1");
  EXPECT_EQ(one.rfc, "RFC 6455 §8.1: MUST fail");
  EXPECT_EQ(one.tags, std::vector<std::string>{"invalid"});
  ASSERT_EQ(one.frames.size(), 4u);
  EXPECT_FALSE(one.frames[0].fin);
  EXPECT_EQ(one.frames[0].payload, to_bytes("ab\xF0"));
  EXPECT_EQ(one.frames[1].opcode, op::continuation);
  EXPECT_TRUE(one.frames[1].rsv1);
  EXPECT_EQ(one.frames[3].payload, (bytes{0x03, 0xE8, 0xFF, 0xFF}));
  ASSERT_EQ(one.pauses.size(), 2u);
  EXPECT_EQ(one.pauses[0].frame_index, 0u);
  EXPECT_EQ(one.pauses[0].ms, send_pause::run_default);
  EXPECT_EQ(one.pauses[1].ms, 50);
  const auto& two = cases[1];
  EXPECT_EQ(two.tags, (std::vector<std::string>{"valid", "long"}));
  EXPECT_EQ(two.rfc, "own requirement");
  EXPECT_FALSE(two.frames[0].mask.has_value());
  EXPECT_EQ(two.frames[0].length, length_form::bits64);
  EXPECT_EQ(two.frames[0].payload, to_bytes("xyxyxy"));
  EXPECT_EQ(two.pauses[0].payload_bytes, 2u);
  EXPECT_EQ(two.pauses[0].ms, 7);
}

TEST(CaseFile, WriteSplitsAreNoFailFastProbes) {
  const auto cases = parse_case_file(
      "case x\n  desc d\n  send close code:1000 \"ab\\xFF\" ; split-in 4 ; split-in-header 2 5 ; text \"a\" ; "
      "split\n",
      "s.cases");
  ASSERT_EQ(cases[0].pauses.size(), 3u);
  const auto& p = cases[0].pauses;
  EXPECT_EQ(p[0].payload_bytes, 4u);
  EXPECT_EQ(p[0].ms, send_pause::split_gap_ms);
  EXPECT_EQ(p[1].header_bytes, 2u);
  EXPECT_EQ(p[1].ms, 5);
  EXPECT_EQ(p[2].frame_index, 1u);
  for (const auto& q : p) EXPECT_FALSE(q.fail_fast_probe);
  for (const char* bad : {"split-in-header 6", "split-in-header 0", "split-in 5"}) {
    EXPECT_THROW(parse_case_file(std::string("case x\n  desc d\n  send text \"abc\" ; ") + bad + "\n", "b.cases"),
                 case_file_error)
        << bad;
  }
}

// One family per class of invalid vectors, text and close reason, at every split point that
// exists: the second write of a before-bad-sequence split starts with the bad bytes.
TEST(Catalogue, WriteSplitsCoverEveryClassAndBoundary) {
  std::set<std::string> classes, text_classes, close_classes;
  for (const auto& v : utf8_vectors())
    if (!v.valid) classes.insert(v.cls);
  std::map<std::string, int> points;
  for (const auto& c : cases::write_splits()) {
    ASSERT_EQ(c.frames.size(), 1u) << c.id;
    ASSERT_EQ(c.pauses.size(), 1u) << c.id;
    EXPECT_FALSE(c.pauses[0].fail_fast_probe) << c.id;
    EXPECT_FALSE(c.rfc.empty()) << c.id;
    const bool close = c.id.starts_with("5.5.1/close-reason/split-write/");
    EXPECT_TRUE(close || c.id.starts_with("8.1/split-write/")) << c.id;
    const std::string point = c.group().substr(c.group().rfind('/') + 1);
    ++points[(close ? "close " : "text ") + point];
    const auto bad = find_bad_sequence(c.frames);
    ASSERT_TRUE(bad) << c.id;
    EXPECT_EQ(bad->in_close_reason, close) << c.id;
    const auto w = layout(c);
    const std::size_t cut = write_plan(c, w).front().end;
    std::size_t want = cut;
    if (point == "before-bad-sequence") want = w.payload_start[0] + bad->start.offset;
    if (point == "after-bad-sequence") want = w.payload_start[0] + bad->end.offset;
    if (point == "after-header") want = w.payload_start[0];
    if (point == "in-header") want = 2;
    EXPECT_EQ(cut, want) << c.id;
    const violation kind = derive(c, {}).kind;
    if (close) EXPECT_EQ(kind, violation::invalid_close_reason) << c.id;
    else EXPECT_TRUE(kind == violation::invalid_utf8 || kind == violation::truncated_utf8) << c.id;
    const std::string vector = c.id.substr(c.id.rfind('/') + 1);
    for (const auto& v : utf8_vectors())
      if (v.name == vector) (close ? close_classes : text_classes).insert(v.cls);
  }
  EXPECT_EQ(text_classes, classes);
  EXPECT_EQ(close_classes, classes);
  for (const char* kind : {"text ", "close "})
    for (int i = 0; i < split_point_count; ++i)
      EXPECT_GT(points[kind + std::string(to_string(static_cast<split_point>(i)))], 0) << kind << i;
  EXPECT_EQ(cases::write_splits().size(), 76u);  // README.md, conformance/README.md
}

TEST(CaseFile, MalformedInputNamesFileAndLine) {
  const std::vector<std::pair<std::string, std::string>> bad{
      {"case x\n  desc d\n  send text \"unterminated\n", "bad.cases:3: unterminated string"},
      {"case x\n  desc d\n  send texty \"a\"\n", "bad.cases:3: unknown frame kind 'texty'"},
      {"case x\n  desc d\n  send text x:abc\n", "bad.cases:3: bad hex"},
      {"case x\n  desc d\n  send pause ; text \"a\"\n", "bad.cases:3: 'pause' before any frame"},
      {"case x\n  desc d\n  send text \"ab\" ; pause-in 5\n", "bad.cases:3: pause-in must split inside the payload"},
      {"desc d\n", "bad.cases:1: 'desc' outside a case"},
      {"case x\n  desc d\n  frobnicate\n", "bad.cases:3: unknown directive 'frobnicate'"},
      {"case x\n  desc d\n", "bad.cases:1: case x sends nothing"},
      {"case x\n  send text \"a\"\n", "bad.cases:1: case x has no desc"},
      {"case x*y\n", "bad.cases:1: case id 'x*y'"},
      {"case x\n  desc d\n  send text \"\\q\"\n", "bad.cases:3: unknown escape \\q"},
  };
  for (const auto& [text, message] : bad) {
    try {
      parse_case_file(text, "bad.cases");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const case_file_error& e) {
      EXPECT_EQ(std::string(e.what()).rfind(message, 0), 0u) << e.what() << "\n  wanted: " << message;
    }
  }
}

TEST(CaseFile, EveryEmbeddedFileParsesAndDuplicatesAreRejected) {
  for (const auto& f : cases::embedded_files()) EXPECT_FALSE(parse_case_file(f.text, f.name).empty()) << f.name;
  const std::string dup = ::testing::TempDir() + "dup.cases";
  FILE* out = std::fopen(dup.c_str(), "w");
  std::fputs("case 6.1/zero-length/whatever\n desc d\n send text \"a\"\ncase 8.1/zero-length/empty-message\n desc d\n send text \"\"\n", out);
  std::fclose(out);
  EXPECT_THROW(catalogue_with({dup}), case_file_error);
}
