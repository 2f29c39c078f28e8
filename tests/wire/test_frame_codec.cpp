// wsh/frame_codec.hpp: byte-exact frame encoding and the incremental frame parser.
#include "wsh/frame_codec.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "wsh/frame.hpp"

namespace wsh {
// Lets RapidCheck print generated frames in counterexamples.
void showValue(const frame& f, std::ostream& os) {
  os << describe(f) << " form=" << static_cast<int>(f.length)
     << " rsv=" << f.rsv1 << f.rsv2 << f.rsv3 << " opcode=" << static_cast<int>(f.opcode);
  if (f.mask) os << " mask=" << to_hex(*f.mask);
}
void showValue(frame_parser::status s, std::ostream& os) {
  os << (s == frame_parser::status::need_more ? "need_more" : s == frame_parser::status::frame ? "frame" : "error");
}
}  // namespace wsh

namespace {

using wsh::bytes;
using wsh::frame;
using wsh::frame_parser;
using wsh::length_form;
using wsh::parsed_frame;
using status = frame_parser::status;

bytes hex(std::string_view h) {
  bytes out;
  if (!wsh::from_hex(h, out)) ADD_FAILURE() << "bad hex in test: " << h;
  return out;
}

frame unmasked(frame f) {
  f.mask.reset();
  return f;
}

bytes pattern(std::size_t n) {
  bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + (i >> 8));
  return b;
}

// Feeds `wire` split at the given chunk sizes (cycled; 0 entries count as 1) and drains every
// complete frame after each feed. Fails the test on a parser error.
std::vector<parsed_frame> parse_chunked(const bytes& wire, const std::vector<std::size_t>& chunks,
                                        frame_parser& p) {
  std::vector<parsed_frame> got;
  std::size_t at = 0, k = 0;
  while (at < wire.size()) {
    std::size_t n = chunks.empty() ? wire.size() : std::max<std::size_t>(1, chunks[k++ % chunks.size()]);
    n = std::min(n, wire.size() - at);
    p.feed(wire.data() + at, n);
    at += n;
    for (;;) {
      parsed_frame f;
      const status s = p.next(f);
      if (s == status::error) {
        ADD_FAILURE() << "parser error: " << p.error();
        return got;
      }
      if (s == status::need_more) break;
      got.push_back(std::move(f));
    }
  }
  return got;
}

std::vector<parsed_frame> parse_chunked(const bytes& wire, const std::vector<std::size_t>& chunks) {
  frame_parser p;
  auto got = parse_chunked(wire, chunks, p);
  EXPECT_EQ(p.buffered(), 0u);
  return got;
}

void expect_same(const parsed_frame& got, const frame& want) {
  EXPECT_EQ(got.fin, want.fin);
  EXPECT_EQ(got.rsv1, want.rsv1);
  EXPECT_EQ(got.rsv2, want.rsv2);
  EXPECT_EQ(got.rsv3, want.rsv3);
  EXPECT_EQ(got.opcode, want.opcode & 0x0F);
  EXPECT_EQ(got.masked, want.mask.has_value());
  EXPECT_EQ(got.payload, want.payload);
  EXPECT_EQ(got.wire_size, wsh::encode(want).size());
}

// ---- encode: RFC 6455 §5.7 examples -------------------------------------------------------

TEST(FrameEncode, Rfc6455SingleFrameUnmaskedText) {
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(unmasked(wsh::text("Hello")))), "81 05 48 65 6c 6c 6f");
}

TEST(FrameEncode, Rfc6455SingleFrameMaskedText) {
  frame f = wsh::text("Hello");
  f.mask = wsh::mask_key{0x37, 0xfa, 0x21, 0x3d};
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(f)), "81 85 37 fa 21 3d 7f 9f 4d 51 58");
}

TEST(FrameEncode, DefaultMaskIsTheRfcExampleKey) {
  // Builders mask with default_mask, so the RFC's masked example comes out unchanged.
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(wsh::text("Hello"))), "81 85 37 fa 21 3d 7f 9f 4d 51 58");
}

TEST(FrameEncode, Rfc6455FragmentedUnmaskedText) {
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(unmasked(wsh::text("Hel", false)))), "01 03 48 65 6c");
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(unmasked(wsh::continuation("lo", true)))), "80 02 6c 6f");
}

TEST(FrameEncode, Rfc6455UnmaskedPing) {
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(unmasked(wsh::ping(wsh::to_bytes("Hello"))))),
            "89 05 48 65 6c 6c 6f");
}

TEST(FrameEncode, Rfc6455MaskedPong) {
  frame f{.opcode = wsh::op::pong, .payload = wsh::to_bytes("Hello")};
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(f)), "8a 85 37 fa 21 3d 7f 9f 4d 51 58");
}

TEST(FrameEncode, Rfc6455Binary256Uses16BitLength) {
  const bytes payload = pattern(256);
  const bytes wire = wsh::encode(unmasked(wsh::binary(payload)));
  ASSERT_EQ(wire.size(), 4u + 256u);
  EXPECT_EQ(wsh::to_hex_spaced(bytes(wire.begin(), wire.begin() + 4)), "82 7e 01 00");
  EXPECT_EQ(bytes(wire.begin() + 4, wire.end()), payload);
}

TEST(FrameEncode, Rfc6455Binary64KiBUses64BitLength) {
  const bytes payload = pattern(65536);
  const bytes wire = wsh::encode(unmasked(wsh::binary(payload)));
  ASSERT_EQ(wire.size(), 10u + 65536u);
  EXPECT_EQ(wsh::to_hex_spaced(bytes(wire.begin(), wire.begin() + 10)), "82 7f 00 00 00 00 00 01 00 00");
  EXPECT_EQ(bytes(wire.begin() + 10, wire.end()), payload);
}

TEST(FrameEncode, MinimalLengthBoundaries) {
  struct {
    std::size_t n;
    std::string header;
  } cases[] = {
      {0, "82 00"},
      {125, "82 7d"},
      {126, "82 7e 00 7e"},
      {65535, "82 7e ff ff"},
      {65536, "82 7f 00 00 00 00 00 01 00 00"},
  };
  for (const auto& c : cases) {
    const bytes wire = wsh::encode(unmasked(wsh::binary(pattern(c.n))));
    const std::size_t hdr = (c.header.size() + 1) / 3;
    ASSERT_GE(wire.size(), hdr) << c.n;
    EXPECT_EQ(wsh::to_hex_spaced(bytes(wire.begin(), wire.begin() + hdr)), c.header) << c.n;
    EXPECT_EQ(wire.size(), hdr + c.n) << c.n;
  }
}

TEST(FrameEncode, MaskedLengthSetsMaskBitInEveryForm) {
  EXPECT_EQ(wsh::encode(wsh::binary(pattern(5)))[1], 0x85);
  EXPECT_EQ(wsh::encode(wsh::binary(pattern(200)))[1], 0xFE);
  EXPECT_EQ(wsh::encode(wsh::binary(pattern(70000)))[1], 0xFF);
}

TEST(FrameEncode, ForcedBits16ForShortPayload) {
  frame f = unmasked(wsh::text("Hello"));
  f.length = length_form::bits16;
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(f)), "81 7e 00 05 48 65 6c 6c 6f");
}

TEST(FrameEncode, ForcedBits64ForShortPayload) {
  frame f = unmasked(wsh::text("Hello"));
  f.length = length_form::bits64;
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(f)), "81 7f 00 00 00 00 00 00 00 05 48 65 6c 6c 6f");
}

TEST(FrameEncode, ForcedMaskedBits16WritesKeyAfterExtendedLength) {
  frame f = wsh::text("Hello");
  f.length = length_form::bits16;
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(f)), "81 fe 00 05 37 fa 21 3d 7f 9f 4d 51 58");
}

TEST(FrameEncode, ForcedBits7TooLongFallsBackToMinimal) {
  frame f = unmasked(wsh::binary(pattern(200)));
  f.length = length_form::bits7;
  const bytes wire = wsh::encode(f);
  ASSERT_EQ(wire.size(), 4u + 200u);
  EXPECT_EQ(wsh::to_hex_spaced(bytes(wire.begin(), wire.begin() + 4)), "82 7e 00 c8");
}

TEST(FrameEncode, RsvBitsAndReservedOpcodesAreEncodedAsGiven) {
  frame f = unmasked(wsh::text("", false));
  f.rsv1 = true;
  f.rsv3 = true;
  f.opcode = 0x3;
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(f)), "53 00");

  f.fin = true;
  f.rsv2 = true;
  f.opcode = 0xB;
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(f)), "fb 00");

  f = unmasked(wsh::text("", true));
  f.rsv2 = true;
  f.opcode = 0xF;
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(f)), "af 00");
}

TEST(FrameEncode, CloseFrameCarriesCodeBigEndian) {
  EXPECT_EQ(wsh::to_hex_spaced(wsh::encode(unmasked(wsh::close_frame(1007, "x")))), "88 03 03 ef 78");
}

TEST(FrameEncode, HeaderSizeIsEncodedSizeMinusPayload) {
  std::vector<frame> frames;
  for (std::size_t n : {0u, 1u, 5u, 125u, 126u, 200u, 65535u, 65536u, 70000u})
    for (auto form : {length_form::minimal, length_form::bits7, length_form::bits16, length_form::bits64})
      for (bool masked : {false, true}) {
        frame f = wsh::binary(pattern(n));
        f.length = form;
        if (!masked) f.mask.reset();
        frames.push_back(std::move(f));
      }
  for (const auto& f : frames) {
    const bytes wire = wsh::encode(f);
    EXPECT_EQ(wsh::header_size(f), wire.size() - f.payload.size()) << wsh::describe(f);
  }
}

// A forced 7-bit length that cannot hold the payload falls back to the smallest form that can,
// and header_size() agrees (layout()'s payload offsets depend on it).
TEST(FrameEncode, HeaderSizeMatchesEncodeForTooLongForcedBits7) {
  for (std::size_t n : {126u, 200u, 65535u, 65536u, 70000u})
    for (bool masked : {false, true}) {
      frame f = wsh::binary(pattern(n));
      f.length = length_form::bits7;
      if (!masked) f.mask.reset();
      EXPECT_EQ(wsh::header_size(f), wsh::encode(f).size() - n) << wsh::describe(f);
    }
}

TEST(FrameEncode, HeaderSizeValues) {
  EXPECT_EQ(wsh::header_size(unmasked(wsh::text("Hello"))), 2u);
  EXPECT_EQ(wsh::header_size(wsh::text("Hello")), 6u);
  frame f = wsh::text("Hello");
  f.length = length_form::bits16;
  EXPECT_EQ(wsh::header_size(f), 8u);
  f.length = length_form::bits64;
  EXPECT_EQ(wsh::header_size(f), 14u);
  EXPECT_EQ(wsh::header_size(unmasked(wsh::binary(pattern(65536)))), 10u);
}

// A forced 16-bit length above 65535 bytes must not be truncated: it falls back to 64 bits.
TEST(FrameEncode, ForcedBits16TooLongKeepsTheLength) {
  frame f = unmasked(wsh::binary(pattern(65536)));
  f.length = length_form::bits16;
  const bytes wire = wsh::encode(f);
  ASSERT_GE(wire.size(), 10u);
  EXPECT_EQ(wsh::to_hex_spaced(bytes(wire.begin(), wire.begin() + 10)), "82 7f 00 00 00 00 00 01 00 00");
  frame_parser p;
  p.feed(wire);
  parsed_frame got;
  ASSERT_EQ(p.next(got), status::frame);
  EXPECT_EQ(got.payload.size(), 65536u);
  EXPECT_EQ(p.buffered(), 0u);
}

// ---- frame_parser -------------------------------------------------------------------------

TEST(FrameParser, ParsesRfcMaskedExample) {
  frame_parser p;
  p.feed(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
  parsed_frame f;
  ASSERT_EQ(p.next(f), status::frame);
  EXPECT_TRUE(f.fin);
  EXPECT_FALSE(f.rsv1 || f.rsv2 || f.rsv3);
  EXPECT_EQ(f.opcode, wsh::op::text);
  EXPECT_TRUE(f.masked);
  EXPECT_EQ(wsh::to_string(f.payload), "Hello");
  EXPECT_EQ(f.wire_size, 11u);
  EXPECT_EQ(p.buffered(), 0u);
  EXPECT_EQ(p.next(f), status::need_more);
}

TEST(FrameParser, ParsesRfcUnmaskedExample) {
  frame_parser p;
  p.feed(hex("81 05 48 65 6c 6c 6f"));
  parsed_frame f;
  ASSERT_EQ(p.next(f), status::frame);
  EXPECT_FALSE(f.masked);
  EXPECT_EQ(f.opcode, wsh::op::text);
  EXPECT_EQ(wsh::to_string(f.payload), "Hello");
  EXPECT_EQ(f.wire_size, 7u);
}

TEST(FrameParser, ParsesRsvBitsAndReservedOpcode) {
  frame_parser p;
  p.feed(hex("53 00 fb 01 41"));
  parsed_frame f;
  ASSERT_EQ(p.next(f), status::frame);
  EXPECT_FALSE(f.fin);
  EXPECT_TRUE(f.rsv1);
  EXPECT_FALSE(f.rsv2);
  EXPECT_TRUE(f.rsv3);
  EXPECT_EQ(f.opcode, 0x3);
  EXPECT_TRUE(f.payload.empty());
  ASSERT_EQ(p.next(f), status::frame);
  EXPECT_TRUE(f.fin && f.rsv1 && f.rsv2 && f.rsv3);
  EXPECT_EQ(f.opcode, 0xB);
  EXPECT_EQ(f.payload, bytes{0x41});
}

TEST(FrameParser, ByteAtATime) {
  const std::vector<frame> frames{wsh::text("Hello"), unmasked(wsh::ping(wsh::to_bytes("Hello"))),
                                  wsh::binary(pattern(300)), wsh::close_frame(1007, "bad utf-8")};
  bytes wire;
  for (const auto& f : frames) wire = wsh::concat({wire, wsh::encode(f)});

  frame_parser p;
  std::vector<parsed_frame> got;
  for (std::size_t i = 0; i < wire.size(); ++i) {
    p.feed(&wire[i], 1);
    parsed_frame f;
    const status s = p.next(f);
    ASSERT_NE(s, status::error) << p.error();
    if (s == status::frame) {
      got.push_back(f);
      // Only the last byte of a frame completes it.
      std::size_t end = 0;
      for (std::size_t k = 0; k < got.size(); ++k) end += wsh::encode(frames[k]).size();
      EXPECT_EQ(i + 1, end);
    }
  }
  ASSERT_EQ(got.size(), frames.size());
  for (std::size_t k = 0; k < frames.size(); ++k) expect_same(got[k], frames[k]);
}

TEST(FrameParser, EverySplitPointOfTwoFrames) {
  frame a = wsh::text("Hel", false);
  a.length = length_form::bits64;
  frame b = unmasked(wsh::continuation("lo"));
  b.length = length_form::bits16;
  const bytes wire = wsh::concat({wsh::encode(a), wsh::encode(b)});
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    frame_parser p;
    std::vector<parsed_frame> got;
    for (auto part : {wsh::byte_view(wire).first(cut), wsh::byte_view(wire).subspan(cut)}) {
      p.feed(part);
      parsed_frame f;
      while (p.next(f) == status::frame) got.push_back(f);
    }
    ASSERT_EQ(got.size(), 2u) << "cut at " << cut;
    expect_same(got[0], a);
    expect_same(got[1], b);
    EXPECT_TRUE(p.error().empty());
  }
}

TEST(FrameParser, FixedSplitPatterns) {
  std::vector<frame> frames{wsh::text("Hello"), wsh::binary(pattern(126)), unmasked(wsh::binary(pattern(70000))),
                            wsh::close_frame(1007)};
  frames[1].length = length_form::bits64;
  bytes wire;
  for (const auto& f : frames) wire = wsh::concat({wire, wsh::encode(f)});
  const std::vector<std::vector<std::size_t>> patterns{
      {}, {1}, {2}, {3}, {7}, {1, 2, 3, 5, 8, 13}, {4096}, {65536, 1}, {9, 70000}};
  for (const auto& chunks : patterns) {
    const auto got = parse_chunked(wire, chunks);
    ASSERT_EQ(got.size(), frames.size());
    for (std::size_t k = 0; k < frames.size(); ++k) expect_same(got[k], frames[k]);
  }
}

TEST(FrameParser, SeveralFramesInOneFeed) {
  const std::vector<frame> frames{unmasked(wsh::text("Hel", false)), unmasked(wsh::continuation("lo")),
                                  unmasked(wsh::ping(wsh::to_bytes("Hello")))};
  frame_parser p;
  p.feed(hex("01 03 48 65 6c 80 02 6c 6f 89 05 48 65 6c 6c 6f"));
  for (const auto& want : frames) {
    parsed_frame f;
    ASSERT_EQ(p.next(f), status::frame);
    expect_same(f, want);
  }
  parsed_frame f;
  EXPECT_EQ(p.next(f), status::need_more);
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(FrameParser, LentBufferIsReadInPlaceAndItsRestKept) {
  const bytes wire = hex("01 03 48 65 6c 80 02 6c 6f");  // "Hel" + "lo", unmasked
  frame_parser p;
  {
    bytes first(wire.begin(), wire.begin() + 7);  // the first frame and 2 bytes of the second
    p.lend(first);
    parsed_frame f;
    ASSERT_EQ(p.next(f), status::frame);
    EXPECT_EQ(wsh::to_string(f.payload), "Hel");
    EXPECT_EQ(p.next(f), status::need_more);
    EXPECT_EQ(p.buffered(), 2u);
    p.keep();
    std::fill(first.begin(), first.end(), std::uint8_t{0});
  }
  p.lend(wsh::byte_view(wire).subspan(7));  // bytes are buffered: copied after them
  parsed_frame f;
  ASSERT_EQ(p.next(f), status::frame);
  EXPECT_EQ(wsh::to_string(f.payload), "lo");
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(FrameParser, NonMinimalLengthsDecodeToTheSamePayload) {
  for (auto form : {length_form::bits7, length_form::bits16, length_form::bits64})
    for (bool masked : {false, true}) {
      frame f = wsh::text("Hello");
      f.length = form;
      if (!masked) f.mask.reset();
      frame_parser p;
      p.feed(wsh::encode(f));
      parsed_frame got;
      ASSERT_EQ(p.next(got), status::frame);
      expect_same(got, f);
      EXPECT_EQ(wsh::to_string(got.payload), "Hello");
    }
}

TEST(FrameParser, NeedMoreOnPartialHeader) {
  const auto need_more_after = [](std::string_view h) {
    frame_parser p;
    p.feed(hex(h));
    parsed_frame f;
    return p.next(f) == status::need_more && p.error().empty();
  };
  EXPECT_TRUE(need_more_after(""));
  EXPECT_TRUE(need_more_after("81"));
  EXPECT_TRUE(need_more_after("82 7e"));
  EXPECT_TRUE(need_more_after("82 7e 01"));
  EXPECT_TRUE(need_more_after("82 7f 00 00 00 00 00 00 01"));
  EXPECT_TRUE(need_more_after("81 85 37 fa 21"));                 // mask key incomplete
  EXPECT_TRUE(need_more_after("81 85 37 fa 21 3d 7f 9f 4d 51"));  // payload incomplete
  EXPECT_TRUE(need_more_after("81 05 48 65 6c 6c"));
  // ...and a complete one is not.
  EXPECT_FALSE(need_more_after("81 05 48 65 6c 6c 6f"));
}

TEST(FrameParser, NeedMoreKeepsBufferedBytes) {
  frame_parser p;
  p.feed(hex("81 85 37 fa"));
  parsed_frame f;
  EXPECT_EQ(p.next(f), status::need_more);
  EXPECT_EQ(p.buffered(), 4u);
  p.feed(hex("21 3d 7f 9f 4d 51 58"));
  ASSERT_EQ(p.next(f), status::frame);
  EXPECT_EQ(wsh::to_string(f.payload), "Hello");
}

TEST(FrameParser, Rejects64BitLengthWithMsbSet) {
  frame_parser p;
  p.feed(hex("82 7f 80 00 00 00 00 00 00 00"));
  parsed_frame f;
  EXPECT_EQ(p.next(f), status::error);
  EXPECT_FALSE(p.error().empty());
  // The error sticks, even when more bytes arrive.
  p.feed(hex("81 00"));
  EXPECT_EQ(p.next(f), status::error);
}

TEST(FrameParser, Rejects64BitLengthWithMsbSetEvenWithHugeCap) {
  frame_parser p(~std::uint64_t{0});
  p.feed(hex("82 ff ff ff ff ff ff ff ff ff 37 fa 21 3d"));
  parsed_frame f;
  EXPECT_EQ(p.next(f), status::error);
  EXPECT_NE(p.error().find("most significant"), std::string::npos) << p.error();
}

TEST(FrameParser, RejectsLengthAboveCapFromHeaderAlone) {
  // 2^62 bytes announced: rejected as soon as the header is in, nothing allocated for it.
  frame_parser p;
  p.feed(hex("82 7f 40 00 00 00 00 00 00 00"));
  parsed_frame f;
  EXPECT_EQ(p.next(f), status::error);
  EXPECT_FALSE(p.error().empty());
  EXPECT_TRUE(f.payload.empty());
  EXPECT_EQ(p.buffered(), 10u);
}

TEST(FrameParser, RespectsConfiguredCap) {
  {
    frame_parser p(1000);
    p.feed(hex("82 7e 03 e9"));  // 1001 > 1000
    parsed_frame f;
    EXPECT_EQ(p.next(f), status::error);
    EXPECT_NE(p.error().find("1001"), std::string::npos) << p.error();
  }
  {
    frame_parser p(1000);
    p.feed(wsh::encode(wsh::binary(pattern(1000))));  // exactly at the cap is fine
    parsed_frame f;
    ASSERT_EQ(p.next(f), status::frame) << p.error();
    EXPECT_EQ(f.payload, pattern(1000));
  }
  {
    frame_parser p(4);
    p.feed(hex("81 05"));  // 7-bit lengths are capped too
    parsed_frame f;
    EXPECT_EQ(p.next(f), status::error);
  }
}

TEST(FrameParser, ManyFramesWithInterleavedFeeds) {
  // Enough traffic that the parser compacts its buffer while frames are still pending.
  std::vector<frame> frames;
  for (int i = 0; i < 300; ++i) {
    frame f = wsh::binary(pattern(static_cast<std::size_t>(i * 13 % 400)));
    f.payload.push_back(static_cast<std::uint8_t>(i));
    if (i % 3 == 0)
      f.mask.reset();
    else if (i % 5 == 0)
      f.mask = wsh::mask_key{static_cast<std::uint8_t>(i), 1, 2, 3};
    frames.push_back(std::move(f));
  }
  frame_parser p;
  std::size_t next_to_feed = 0, parsed = 0;
  while (parsed < frames.size()) {
    for (int k = 0; k < 7 && next_to_feed < frames.size(); ++k) p.feed(wsh::encode(frames[next_to_feed++]));
    parsed_frame f;
    for (int k = 0; k < 5; ++k) {
      const status s = p.next(f);
      ASSERT_NE(s, status::error) << p.error();
      if (s == status::need_more) break;
      expect_same(f, frames[parsed++]);
    }
  }
  EXPECT_EQ(p.buffered(), 0u);
}

// ---- properties ---------------------------------------------------------------------------

rc::Gen<bytes> gen_payload() {
  // Mostly small; sometimes right at the 7/16/64-bit length boundaries; occasionally large.
  const auto sized = [](std::size_t n, std::uint32_t seed) {
    bytes b(n);
    std::uint32_t x = seed | 1;
    for (auto& c : b) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      c = static_cast<std::uint8_t>(x);
    }
    return b;
  };
  return rc::gen::weightedOneOf<bytes>({
      {85, rc::gen::container<bytes>(rc::gen::arbitrary<std::uint8_t>())},
      {10, rc::gen::apply(sized, rc::gen::element<std::size_t>(124, 125, 126, 127, 65535, 65536),
                          rc::gen::arbitrary<std::uint32_t>())},
      {5, rc::gen::apply(sized, rc::gen::inRange<std::size_t>(126, 70001), rc::gen::arbitrary<std::uint32_t>())},
  });
}

rc::Gen<frame> gen_frame() {
  return rc::gen::apply(
      [](bool fin, bool rsv1, bool rsv2, bool rsv3, std::uint8_t opcode, rc::Maybe<std::uint32_t> key,
         length_form form, bytes payload) {
        frame f{.fin = fin, .rsv1 = rsv1, .rsv2 = rsv2, .rsv3 = rsv3, .opcode = opcode, .length = form,
                .payload = std::move(payload)};
        if (key)
          f.mask = wsh::mask_key{std::uint8_t(*key >> 24), std::uint8_t(*key >> 16), std::uint8_t(*key >> 8),
                                 std::uint8_t(*key)};
        else
          f.mask.reset();
        return f;
      },
      rc::gen::arbitrary<bool>(), rc::gen::arbitrary<bool>(), rc::gen::arbitrary<bool>(), rc::gen::arbitrary<bool>(),
      rc::gen::inRange<std::uint8_t>(0, 16), rc::gen::maybe(rc::gen::arbitrary<std::uint32_t>()),
      rc::gen::element(length_form::minimal, length_form::bits7, length_form::bits16, length_form::bits64),
      gen_payload());
}

RC_GTEST_PROP(FrameCodecProperty, EncodeThenParseInArbitraryChunksRoundTrips, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(1, 6);
  const auto frames = *rc::gen::container<std::vector<frame>>(count, gen_frame());
  // Chunk sizes are cycled over the whole stream; 1 to a few hundred bytes, sometimes whole frames.
  const auto chunks = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::size_t>>(
      rc::gen::weightedOneOf<std::size_t>({{6, rc::gen::inRange<std::size_t>(1, 16)},
                                           {3, rc::gen::inRange<std::size_t>(16, 600)},
                                           {1, rc::gen::inRange<std::size_t>(600, 80000)}})));

  bytes wire;
  std::size_t total = 0;
  for (const auto& f : frames) {
    const bytes e = wsh::encode(f);
    RC_ASSERT(wsh::header_size(f) == e.size() - f.payload.size());
    total += f.payload.size();
    wire.insert(wire.end(), e.begin(), e.end());
  }
  RC_CLASSIFY(total > 65535, "large");
  // Lent reads (the session's): each piece is parsed where it lies, its rest kept, then the
  // piece is overwritten and freed, so a frame read from it afterwards would show.
  const bool lend = *rc::gen::arbitrary<bool>();
  RC_CLASSIFY(lend, "lent");

  frame_parser p;
  std::vector<parsed_frame> got;
  std::size_t at = 0, k = 0;
  while (at < wire.size()) {
    const std::size_t n = std::min(chunks[k++ % chunks.size()], wire.size() - at);
    bytes piece(wire.begin() + static_cast<std::ptrdiff_t>(at), wire.begin() + static_cast<std::ptrdiff_t>(at + n));
    if (lend)
      p.lend(piece);
    else
      p.feed(piece);
    at += n;
    for (;;) {
      parsed_frame f;
      const status s = p.next(f);
      if (s == status::error) RC_FAIL("parser error: " + p.error());
      if (s == status::need_more) break;
      got.push_back(std::move(f));
    }
    p.keep();
    std::fill(piece.begin(), piece.end(), std::uint8_t{0xEE});
  }
  RC_ASSERT(p.buffered() == 0u);
  RC_ASSERT(got.size() == frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const frame& want = frames[i];
    RC_ASSERT(got[i].fin == want.fin);
    RC_ASSERT(got[i].rsv1 == want.rsv1);
    RC_ASSERT(got[i].rsv2 == want.rsv2);
    RC_ASSERT(got[i].rsv3 == want.rsv3);
    RC_ASSERT(got[i].opcode == want.opcode);
    RC_ASSERT(got[i].masked == want.mask.has_value());
    RC_ASSERT(got[i].payload == want.payload);
    RC_ASSERT(got[i].wire_size == wsh::encode(want).size());
  }
}

RC_GTEST_PROP(FrameCodecProperty, TruncatedFrameNeedsMore, ()) {
  const frame f = *gen_frame();
  const bytes wire = wsh::encode(f);
  const auto cut = *rc::gen::inRange<std::size_t>(0, wire.size());
  frame_parser p;
  p.feed(wsh::byte_view(wire).first(cut));
  parsed_frame out;
  RC_ASSERT(p.next(out) == status::need_more);
  p.feed(wsh::byte_view(wire).subspan(cut));
  RC_ASSERT(p.next(out) == status::frame);
  RC_ASSERT(out.payload == f.payload);
}

}  // namespace
