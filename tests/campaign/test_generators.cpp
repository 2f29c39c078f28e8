// The fuzz generators (wsh/generators.hpp), failure keys, live shrinking driven by an offline
// property, and the reproducer format's round trip through the case-file parser.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "wsh/case_file.hpp"
#include "wsh/failure_key.hpp"
#include "wsh/generators.hpp"
#include "wsh/live_shrink.hpp"
#include "wsh/oracle.hpp"
#include "wsh/reproducer.hpp"
#include "wsh/utf8_validator.hpp"
#include "wsh/utf8_vectors.hpp"

using namespace wsh;

namespace {

rc::Random random_for(std::uint64_t i) { return rc::Random(rc::Random::Key{7, i, 0, 0}); }

template <class T>
T sample(const rc::Gen<T>& g, std::uint64_t i, int size = 100) {
  return g(random_for(i), size).value();
}

bool is_data(const frame& f) { return !is_control(f.opcode); }

// Which split point a write split is, or -1 when it is not at one.
int split_point_of(const test_case& c, const send_pause& p) {
  for (int i = 0; i < split_point_count; ++i) {
    const auto q = split_pause(c.frames, static_cast<split_point>(i));
    if (q && q->frame_index == p.frame_index && q->payload_bytes == p.payload_bytes && q->header_bytes == p.header_bytes)
      return i;
  }
  return -1;
}

}  // namespace

// --- UTF-8 text ---------------------------------------------------------------------------

RC_GTEST_PROP(GeneratorProperty, CodePointsAreUnicodeScalarValues, ()) {
  const char32_t cp = *gen::code_point();
  RC_ASSERT(cp <= 0x10FFFF);
  RC_ASSERT(!(cp >= 0xD800 && cp <= 0xDFFF));
}

RC_GTEST_PROP(GeneratorProperty, ValidTextIsValidUtf8, ()) { RC_ASSERT(is_valid_utf8(*gen::valid_utf8())); }

RC_GTEST_PROP(GeneratorProperty, InvalidTextIsInvalidWhereverTheCorruptionLands, ()) {
  RC_ASSERT(!is_valid_utf8(*gen::invalid_utf8()));
}

TEST(Generators, TextIsWeightedTowardMultiByteAndEdgeCodePoints) {
  std::map<char32_t, int> seen;
  int multi_byte = 0;
  const int n = 6000;
  for (int i = 0; i < n; ++i) {
    const char32_t cp = sample(gen::code_point(), static_cast<std::uint64_t>(i));
    ++seen[cp];
    multi_byte += cp >= 0x80;
  }
  for (char32_t edge : gen::edge_code_points()) EXPECT_GT(seen[edge], 0) << "U+" << std::hex << static_cast<std::uint32_t>(edge);
  EXPECT_GT(multi_byte, n / 2);
  int four_byte = 0;
  for (const auto& [cp, count] : seen) four_byte += cp >= 0x10000 ? count : 0;
  EXPECT_GT(four_byte, n / 10);
}

// The corruption's name is the defect class the campaign keys failures by.
RC_GTEST_PROP(GeneratorProperty, EachCorruptionIsTheDefectItNames, ()) {
  const auto c = *gen::corruption_kind();
  const bytes bad = *gen::corruption_bytes(c);
  RC_ASSERT(defect_class(concat({to_bytes("a"), bad, to_bytes("b")})) == std::string(gen::to_string(c)));
}

TEST(Generators, EveryCorruptionKindDrawsRowsOfTheVectorTable) {
  std::set<std::string> rows;  // hex: std::set<bytes> trips a false g++ 12 warning
  for (const auto& v : utf8_vectors()) rows.insert(to_hex(v.data));
  std::set<gen::corruption> kinds;
  for (int k = 0; k < gen::corruption_count; ++k) {
    const auto c = static_cast<gen::corruption>(k);
    int from_table = 0;
    std::set<std::string> distinct;
    for (std::uint64_t i = 0; i < 300; ++i) {
      const bytes b = sample(gen::corruption_bytes(c), i);
      distinct.insert(to_hex(b));
      from_table += rows.count(to_hex(b)) && b.size() > 1;  // single bytes could come from either source
    }
    EXPECT_GT(distinct.size(), 5u) << gen::to_string(c);
    if (c != gen::corruption::invalid_byte) {
      EXPECT_GT(from_table, 0) << gen::to_string(c);
    }
  }
  for (std::uint64_t i = 0; i < 200; ++i) kinds.insert(sample(gen::corruption_kind(), i));
  EXPECT_EQ(kinds.size(), static_cast<std::size_t>(gen::corruption_count));
}

// --- fragments and connections --------------------------------------------------------------

RC_GTEST_PROP(GeneratorProperty, FragmentsConcatenateToThePayload, (bool finished, bool binary)) {
  const bytes payload = *gen::valid_utf8();
  const std::uint8_t opcode = binary ? op::binary : op::text;
  const auto frames = *gen::fragmented(opcode, payload, finished);
  bytes joined;
  std::size_t data = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const frame& f = frames[i];
    if (!is_data(f)) {
      RC_ASSERT(f.opcode == op::ping || f.opcode == op::pong);
      RC_ASSERT(f.fin);
      RC_ASSERT(f.payload.size() <= 125u);
      continue;
    }
    RC_ASSERT(f.opcode == (data == 0 ? opcode : op::continuation));
    joined.insert(joined.end(), f.payload.begin(), f.payload.end());
    ++data;
  }
  RC_ASSERT(joined == payload);
  std::size_t fins = 0;
  for (const auto& f : frames) fins += is_data(f) && f.fin;
  RC_ASSERT(fins == (finished ? 1u : 0u));
}

TEST(Generators, FragmentsSplitInsideCharactersAreEmptyAndCarryControlFrames) {
  const bytes payload = to_bytes("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z");
  bool inside_character = false, empty_fragment = false, control_between = false;
  for (std::uint64_t i = 0; i < 500; ++i) {
    const auto frames = sample(gen::fragmented(op::text, payload), i);
    utf8_validator v;
    bool open = false;
    for (const auto& f : frames) {
      if (!is_data(f)) {
        control_between |= open;
        continue;
      }
      v.feed(f.payload);
      empty_fragment |= f.payload.empty();
      inside_character |= !f.fin && !v.at_boundary();
      open = !f.fin;
    }
  }
  EXPECT_TRUE(inside_character);
  EXPECT_TRUE(empty_fragment);
  EXPECT_TRUE(control_between);
}

RC_GTEST_PROP(GeneratorProperty, ConnectionsNeverBreakTheFraming, (bool text_only)) {
  endpoint_policy policy;
  policy.text_only = text_only;
  const test_case c = *gen::connection({policy});
  RC_ASSERT(!c.frames.empty());
  for (const auto& f : c.frames) {
    RC_ASSERT(f.mask.has_value());
    RC_ASSERT(!(f.rsv1 || f.rsv2 || f.rsv3));
    RC_ASSERT(f.length == length_form::minimal);
  }
  const expectation e = derive(c, policy);
  RC_ASSERT(e.kind != violation::protocol);
  RC_CLASSIFY(e.kind == violation::none, "valid");
}

TEST(Generators, ConnectionsCoverEveryOutcomeAndWireForm) {
  endpoint_policy text_only;
  text_only.text_only = true;
  std::map<violation, int> kinds;
  int unfinished = 0, paused = 0, random_mask = 0, zero_mask = 0, len16 = 0, len64 = 0, several = 0, close_only = 0;
  for (std::uint64_t i = 0; i < 3000; ++i) {
    const endpoint_policy p = i % 2 ? text_only : endpoint_policy{};
    const test_case c = sample(gen::connection({p}), i, static_cast<int>(i % 101));
    const expectation e = derive(c, p);
    ++kinds[e.kind];
    unfinished += e.message_unfinished;
    paused += !c.pauses.empty();
    close_only += c.frames.size() == 1 && c.frames[0].opcode == op::close;
    std::size_t messages = 0;
    for (const auto& f : c.frames) {
      messages += f.opcode == op::text || f.opcode == op::binary;
      random_mask += f.mask != default_mask && f.mask != mask_key{0, 0, 0, 0};
      zero_mask += f.mask == mask_key{0, 0, 0, 0};
      len16 += f.payload.size() > 125 && f.payload.size() <= 0xFFFF;
      len64 += f.payload.size() > 0xFFFF;
    }
    several += messages > 2;
  }
  for (auto v : {violation::none, violation::invalid_utf8, violation::truncated_utf8, violation::binary_on_text_only,
                 violation::invalid_close_reason})
    EXPECT_GT(kinds[v], 30) << to_string(v);
  EXPECT_EQ(kinds[violation::protocol], 0);
  for (int n : {unfinished, paused, random_mask, zero_mask, len16, len64, several, close_only}) EXPECT_GT(n, 10);
}

// A write split sits at a boundary of the first bad sequence or at its frame's header, and never
// claims a fail-fast point.
RC_GTEST_PROP(GeneratorProperty, WriteSplitsSitAtTheBadSequencesBoundaries, ()) {
  const test_case c = *gen::connection({});
  for (const auto& p : c.pauses) {
    if (p.fail_fast_probe) continue;
    RC_ASSERT(c.pauses.size() == 1u);
    RC_ASSERT(split_point_of(c, p) >= 0);
    RC_ASSERT(!derive(c, {}).strict_limit);
    RC_CLASSIFY(true, to_string(static_cast<split_point>(split_point_of(c, p))));
  }
}

TEST(Generators, ConnectionsSplitWritesAtEveryBoundaryOfTextAndCloseReasons) {
  std::map<std::string, int> seen;
  for (std::uint64_t i = 0; i < 3000; ++i) {
    const test_case c = sample(gen::connection({}), i, static_cast<int>(i % 101));
    for (const auto& p : c.pauses) {
      if (p.fail_fast_probe) continue;
      const int at = split_point_of(c, p);
      ASSERT_GE(at, 0) << c.description;
      const bool close = find_bad_sequence(c.frames)->in_close_reason;
      ++seen[std::string(close ? "close " : "text ") + to_string(static_cast<split_point>(at))];
    }
  }
  for (const char* kind : {"text ", "close "})
    for (int i = 0; i < split_point_count; ++i) {
      const std::string key = kind + std::string(to_string(static_cast<split_point>(i)));
      EXPECT_GT(seen[key], 3) << key;
    }
}

RC_GTEST_PROP(GeneratorProperty, WireVariationNeverChangesTheExpectation, ()) {
  const test_case c = *gen::connection({});
  test_case varied = c;
  for (auto& f : varied.frames) f = *gen::wire_variant(f);
  const expectation a = derive(c, {}), b = derive(varied, {});
  RC_ASSERT(a.kind == b.kind);
  RC_ASSERT(a.close_codes == b.close_codes);
  RC_ASSERT(a.echoes == b.echoes);
}

TEST(Generators, TheSameRandomAndSizeGiveTheSameCase) {
  for (std::uint64_t i = 0; i < 50; ++i) {
    const test_case a = sample(gen::connection({}), i, 60), b = sample(gen::connection({}), i, 60);
    EXPECT_EQ(a.frames, b.frames);
    EXPECT_EQ(a.pauses.size(), b.pauses.size());
  }
}

// --- failure keys ---------------------------------------------------------------------------

TEST(FailureKey, DefectClassesNameTheFirstDefect) {
  const std::map<std::string, std::string> cases{
      {"ab\x80", "lone-continuation"},  {"ab\xE2\x82", "truncated"},      {"\xE2\x82z", "truncated"},
      {"\xE0\x80\xAF", "overlong"},     {"\xC0\xAF", "c0-c1"},            {"\xC1", "c0-c1"},
      {"\xED\xA0\x80", "surrogate"},    {"\xF4\x90\x80\x80", "above-max"}, {"\xF5\x80\x80\x80", "above-max"},
      {"\xFF", "invalid-byte"},         {"\xCE\xBA\xE1\xBD\xB9", "none"},
  };
  for (const auto& [text, cls] : cases) EXPECT_EQ(defect_class(to_bytes(text)), cls) << to_hex(to_bytes(text));
  EXPECT_EQ(defect_class(to_bytes("ab\xE2\x82"), false), "none");  // a prefix may still continue
}

TEST(FailureKey, KeysNameFindingViolationAndDefect) {
  test_case c;
  c.frames = {text(to_bytes("ab"), false), ping(), continuation(to_bytes("\xED\xA0\x80"))};
  const expectation e = derive(c, {});
  verdict v;
  v.kind = finding::wrong_code;
  EXPECT_EQ(failure_key(c, e, v), "wrong_code/invalid_utf8/surrogate");
  EXPECT_EQ(violating_bytes(c, e), to_bytes("ab\xED\xA0\x80"));
  EXPECT_EQ(frame_shape(c), "text~ ping cont");
  test_case reason;
  reason.frames = {close_frame(1000, to_bytes("\xC0\xAF"))};
  EXPECT_EQ(expectation_key(reason, derive(reason, {})), "invalid_close_reason/c0-c1");
}

// --- live shrinking, with an offline stand-in for the server ---------------------------------

namespace {

// The first generated connection (from run `from` on) whose expectation has this key.
std::pair<rc::Shrinkable<test_case>, test_case> first_with(const std::string& key, std::uint64_t from = 0) {
  const auto g = gen::connection({});
  for (std::uint64_t i = from;; ++i) {
    auto s = g(random_for(i), 100);
    const test_case c = s.value();
    if (c.frames.size() >= 3 && expectation_key(c, derive(c, {})) == key) return {s, c};
  }
}

}  // namespace

TEST(LiveShrink, ASurrogateShrinksToOneMinimalFrame) {
  auto [start, original] = first_with("invalid_utf8/surrogate");
  std::size_t calls = 0;
  shrink_stats stats;
  const test_case c = shrink_live(start, [&](const test_case& x) {
                        ++calls;
                        return expectation_key(x, derive(x, {})) == "invalid_utf8/surrogate";
                      },
                      {}, stats)
                          .value();
  ASSERT_EQ(c.frames.size(), 1u) << original.frames.size();
  EXPECT_EQ(c.frames[0].opcode, op::text);
  EXPECT_TRUE(c.frames[0].fin);
  EXPECT_EQ(c.frames[0].payload, (bytes{0xED, 0xA0, 0x80}));
  EXPECT_EQ(c.frames[0].mask, default_mask);
  EXPECT_TRUE(c.pauses.empty());
  EXPECT_GT(stats.steps, 0u);
  EXPECT_EQ(calls, stats.tries);
  EXPECT_FALSE(stats.exhausted);
}

// faulty_fragment_validation's bug, offline: valid text split inside a character.
TEST(LiveShrink, ASplitCharacterShrinksToTwoFragmentsOfOneCharacter) {
  auto split_inside_character = [](const test_case& x) {
    if (derive(x, {}).kind != violation::none) return false;
    utf8_validator v;
    for (const auto& f : x.frames) {
      if (f.opcode == op::text) v.reset();
      if (f.opcode != op::text && f.opcode != op::continuation) continue;
      v.feed(f.payload);
      if (!f.fin && !v.at_boundary()) return true;
    }
    return false;
  };
  // A start without the padding's filler (126+ bytes): dropping the filler draws the fragments
  // afresh, so a padded start can stop at 126 bytes, a floor this test is not about.
  auto unpadded = [](const test_case& x) {
    return std::all_of(x.frames.begin(), x.frames.end(), [](const frame& f) { return f.payload.size() < 126; });
  };
  const auto g = gen::connection({});
  std::uint64_t i = 0;
  for (; i < 20000; ++i) {
    const test_case x = g(random_for(i), 100).value();
    if (x.frames.size() >= 4 && unpadded(x) && split_inside_character(x)) break;
  }
  ASSERT_LT(i, 20000u);
  shrink_stats stats;
  const test_case c = shrink_live(g(random_for(i), 100), split_inside_character, {}, stats).value();
  ASSERT_EQ(c.frames.size(), 2u);
  EXPECT_EQ(frame_shape(c), "text~ cont");
  EXPECT_EQ(c.frames[0].payload.size() + c.frames[1].payload.size(), 2u);  // U+0080, the smallest 2-byte character
}

// The real server's gap, offline: a close whose second write starts with the reason's bad
// bytes. Shrinking keeps the split where it belongs while the frames shrink around it.
TEST(LiveShrink, ASplitBeforeABadCloseReasonShrinksToOneCloseFrameSplitThere) {
  auto second_write_starts_bad = [](const test_case& x) {
    const auto bad = find_bad_sequence(x.frames);
    if (!bad || !bad->in_close_reason || x.pauses.size() != 1 || x.pauses[0].fail_fast_probe) return false;
    return split_point_of(x, x.pauses[0]) == static_cast<int>(split_point::before_bad_sequence);
  };
  const auto g = gen::connection({});
  std::uint64_t i = 0;
  for (; i < 20000; ++i) {
    const test_case x = g(random_for(i), 100).value();
    if (x.frames.size() >= 3 && second_write_starts_bad(x)) break;
  }
  ASSERT_LT(i, 20000u) << "the generator never split a close frame before its bad reason";
  shrink_stats stats;
  const test_case c = shrink_live(g(random_for(i), 100), second_write_starts_bad, {}, stats).value();
  ASSERT_EQ(c.frames.size(), 1u) << frame_shape(c);
  EXPECT_EQ(c.frames[0].opcode, op::close);
  ASSERT_EQ(c.pauses.size(), 1u);
  EXPECT_EQ(c.pauses[0].payload_bytes, 2u);  // right after the status code: the reason is the bad bytes
  EXPECT_LE(c.frames[0].payload.size(), 4u);
  EXPECT_GT(stats.steps, 0u);
  // The reproducer says so, and reads back the same.
  reproducer_info info;
  info.key = "k";
  const std::string text = reproducer_text(c, info, case_result{&c, derive(c, {}), transcript{}, verdict{}, "", {}});
  EXPECT_NE(text.find("split-in 2 "), std::string::npos) << text;
  const auto parsed = parse_case_file(text, "r.cases");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(wire_identity(parsed[0]), wire_identity(c));
}

TEST(LiveShrink, TheBudgetStopsItAndRepeatsAreNotRun) {
  auto [start, original] = first_with("invalid_utf8/surrogate", 100);
  std::set<std::string> seen;
  std::size_t calls = 0;
  shrink_budget budget;
  budget.max_tries = 3;
  shrink_stats stats;
  shrink_live(start, [&](const test_case& x) {
    ++calls;
    EXPECT_TRUE(seen.insert(wire_identity(x)).second) << "a candidate was run twice";
    return false;  // nothing "fails": it would try every shrink, but the budget stops it
  },
              budget, stats);
  EXPECT_EQ(calls, 3u);
  EXPECT_TRUE(stats.exhausted);
}

// --- reproducers ------------------------------------------------------------------------------

RC_GTEST_PROP(ReproducerProperty, RoundTripsThroughTheCaseFileParser, (bool text_only)) {
  test_case c = *gen::connection({});
  c.id = "fuzz/some/key/0123abcd";
  reproducer_info info;
  info.policy.text_only = text_only;
  info.policy.binary_close_code = text_only ? 1003 : 1007;
  info.key = "some/key/-";
  info.replay = "wsharness replay FILE --target x";
  const expectation e = derive(c, info.policy);
  const case_result last{&c, e, transcript{}, verdict{}, info.replay, {}};
  const std::string text = reproducer_text(c, info, last);

  const auto parsed = parse_case_file(text, "reproducer.cases");
  RC_ASSERT(parsed.size() == 1u);
  RC_ASSERT(parsed[0].id == c.id);
  RC_ASSERT(parsed[0].frames == c.frames);
  RC_ASSERT(parsed[0].pauses.size() == c.pauses.size());
  for (std::size_t i = 0; i < c.pauses.size(); ++i) {
    RC_ASSERT(parsed[0].pauses[i].frame_index == c.pauses[i].frame_index);
    RC_ASSERT(parsed[0].pauses[i].payload_bytes == c.pauses[i].payload_bytes);
    RC_ASSERT(parsed[0].pauses[i].header_bytes == c.pauses[i].header_bytes);
    RC_ASSERT(parsed[0].pauses[i].fail_fast_probe == c.pauses[i].fail_fast_probe);
    RC_ASSERT(parsed[0].pauses[i].ms == c.pauses[i].ms);
  }
  const auto policy = reproducer_policy(text);
  RC_ASSERT(policy.has_value());
  RC_ASSERT(policy->text_only == text_only);
  RC_ASSERT(policy->binary_close_code == info.policy.binary_close_code);
}

TEST(Reproducer, ItemsAreByteExactAndReadable) {
  frame f = text(to_bytes("\xED\xA0\x80"), false);
  EXPECT_EQ(case_file_item(f), "text~ x:eda080");
  f.mask = mask_key{0, 0, 0, 0};
  EXPECT_EQ(case_file_item(f), "text~ mask:00000000 x:eda080");
  EXPECT_EQ(case_file_item(close_frame(1000, to_bytes("\xFF"))), "close code:1000 x:ff");
  EXPECT_EQ(case_file_item(continuation(bytes{})), "cont");
  EXPECT_FALSE(reproducer_policy("case x\n  desc y\n  send text\n").has_value());
  test_case c;
  c.frames = {text("a")};
  EXPECT_EQ(reproducer_file_name("wrong_code/invalid_utf8/surrogate", c).rfind("wrong_code-invalid_utf8-surrogate-", 0), 0u);
  EXPECT_EQ(reproducer_case_id("k/v/d", c).rfind("fuzz/k/v/d/", 0), 0u);
}

TEST(Reproducer, AMalformedMaskIsAParseError) {
  EXPECT_THROW(parse_case_file("case x\n  desc y\n  send text mask:0102\n", "f"), case_file_error);
  EXPECT_EQ(parse_case_file("case x\n  desc y\n  send text mask:01020304\n", "f")[0].frames[0].mask,
            (mask_key{1, 2, 3, 4}));
}
