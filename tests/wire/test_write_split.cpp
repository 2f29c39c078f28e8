// wsh/write_split.hpp: the bad sequence of a message or close reason, and the write splits at its
// boundaries and at its frame's header, across fragments too.
#include <gtest/gtest.h>

#include "wsh/frame_codec.hpp"
#include "wsh/write_split.hpp"

using namespace wsh;

TEST(WriteSplit, TheBadSequenceRunsFromItsLeadByteThroughTheBadByte) {
  auto span_of = [](const char* s) {
    const auto r = first_invalid_sequence(to_bytes(s));
    return r ? std::pair{r->start, r->end} : std::pair<std::size_t, std::size_t>{99, 99};
  };
  EXPECT_EQ(span_of("ab\xED\xA0\x80"), (std::pair<std::size_t, std::size_t>{2, 4}));
  EXPECT_EQ(span_of("ab\x80" "cd"), (std::pair<std::size_t, std::size_t>{2, 3}));
  EXPECT_EQ(span_of("ab\xE2\x82"), (std::pair<std::size_t, std::size_t>{2, 4}));  // truncated: through the end
  EXPECT_EQ(span_of("\xE2\x82" "ab"), (std::pair<std::size_t, std::size_t>{0, 3}));
  EXPECT_EQ(span_of("\xFF"), (std::pair<std::size_t, std::size_t>{0, 1}));
  EXPECT_FALSE(first_invalid_sequence(to_bytes("\xCE\xBA")));
}

TEST(WriteSplit, EveryPointOfACloseReason) {
  const std::vector<frame> frames{text("hi"), close_frame(1000, to_bytes("ab\xED\xA0\x80z"))};
  const auto bad = find_bad_sequence(frames);
  ASSERT_TRUE(bad);
  EXPECT_TRUE(bad->in_close_reason);
  EXPECT_EQ(bad->start.frame, 1u);
  EXPECT_EQ(bad->start.offset, 4u);  // after the code and "ab"
  EXPECT_EQ(bad->end.offset, 6u);
  auto at = [&](split_point p) { return split_pause(frames, p, 7); };
  EXPECT_EQ(at(split_point::before_bad_sequence)->payload_bytes, 4u);
  EXPECT_EQ(at(split_point::inside_bad_sequence)->payload_bytes, 5u);
  EXPECT_EQ(at(split_point::after_bad_sequence)->payload_bytes, 6u);
  EXPECT_EQ(at(split_point::after_header)->payload_bytes, 0u);
  EXPECT_EQ(at(split_point::in_header)->header_bytes, 2u);
  for (int i = 0; i < split_point_count; ++i) {
    const auto p = at(static_cast<split_point>(i));
    EXPECT_EQ(p->frame_index, 1u);
    EXPECT_EQ(p->ms, 7);
    EXPECT_FALSE(p->fail_fast_probe);
  }
  // A bad sequence that ends the reason has nothing after it; a one-byte one nothing inside.
  const std::vector<frame> at_end{close_frame(1000, to_bytes("a\xFF"))};
  EXPECT_FALSE(split_pause(at_end, split_point::after_bad_sequence));
  EXPECT_FALSE(split_pause(at_end, split_point::inside_bad_sequence));
  EXPECT_FALSE(split_pause(std::vector<frame>{text("ok"), close_frame(1000, "fine")}, split_point::in_header));
}

TEST(WriteSplit, ASequenceAcrossFragmentsSplitsInTheFragmentThatHoldsTheByte) {
  // "a" ED | ping | A0 80 "z": the sequence starts in frame 0 and goes on in frame 2.
  const std::vector<frame> frames{text(to_bytes("a\xED"), false), ping(), continuation(to_bytes("\xA0\x80z"))};
  const auto bad = find_bad_sequence(frames);
  ASSERT_TRUE(bad);
  EXPECT_FALSE(bad->in_close_reason);
  EXPECT_EQ(bad->start.frame, 0u);
  EXPECT_EQ(bad->second.frame, 2u);
  EXPECT_EQ(bad->end.frame, 2u);
  EXPECT_EQ(split_pause(frames, split_point::before_bad_sequence)->payload_bytes, 1u);
  const auto inside = split_pause(frames, split_point::inside_bad_sequence);
  EXPECT_EQ(inside->frame_index, 2u);
  EXPECT_EQ(inside->payload_bytes, 0u);
  const auto after = split_pause(frames, split_point::after_bad_sequence);
  EXPECT_EQ(after->frame_index, 2u);
  EXPECT_EQ(after->payload_bytes, 1u);
  // An unfinished message is a prefix: a sequence open at its end is not (yet) bad.
  EXPECT_FALSE(find_bad_sequence(std::vector<frame>{text(to_bytes("a\xE2\x82"), false)}));
}
