// wsh/wire_input.hpp: the fuzz input format (header byte + client wire stream) and its inverse.
#include "wsh/wire_input.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "wsh/frame_codec.hpp"

using namespace wsh;

namespace {

bytes with_header(std::uint8_t header, const std::vector<frame>& frames) {
  bytes out{header};
  for (const auto& f : frames) {
    const bytes b = encode(f);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

}  // namespace

TEST(FuzzInput, EmptyInputIsTheDefaultPolicyAndNoFrames) {
  const wire_input in = decode_wire_input({});
  EXPECT_FALSE(in.policy.text_only);
  EXPECT_EQ(in.policy.binary_close_code, 1007);
  EXPECT_EQ(in.write_size, 0u);
  EXPECT_TRUE(in.frames.empty());
  EXPECT_EQ(in.ignored, 0u);
}

TEST(FuzzInput, HeaderByteCarriesPolicyAndWriteSize) {
  const wire_input in = decode_wire_input(bytes{static_cast<std::uint8_t>(1 | 2 | (5 << 2))});
  EXPECT_TRUE(in.policy.text_only);
  EXPECT_EQ(in.policy.binary_close_code, 1003);
  EXPECT_EQ(in.write_size, 5u);
  EXPECT_EQ(wire_input_header_byte(in.policy, in.write_size), 1 | 2 | (5 << 2));
}

TEST(FuzzInput, DecodesTheWireStreamIntoFramesWithTheirMaskKeys) {
  frame a = text("ab", false);
  a.mask = mask_key{1, 2, 3, 4};
  frame b = continuation("\xCE\xBA", true);
  frame c = ping();
  c.mask.reset();
  const bytes data = with_header(0, {a, b, c});
  const wire_input in = decode_wire_input(data);
  ASSERT_EQ(in.frames.size(), 3u);
  EXPECT_EQ(in.frames[0], a);
  EXPECT_EQ(in.frames[1], b);
  EXPECT_EQ(in.frames[2], c);
  EXPECT_EQ(in.stream(), bytes(data.begin() + 1, data.end()));
}

TEST(FuzzInput, KeepsNonMinimalLengthForms) {
  frame f = text("hi");
  f.length = length_form::bits64;
  frame g = text(bytes(300, 'x'));
  g.length = length_form::bits16;  // minimal for 300 bytes: decodes as `minimal`
  const wire_input in = decode_wire_input(with_header(0, {f, g}));
  ASSERT_EQ(in.frames.size(), 2u);
  EXPECT_EQ(in.frames[0].length, length_form::bits64);
  EXPECT_EQ(in.frames[1].length, length_form::minimal);
}

TEST(FuzzInput, TrailingPartialFrameIsIgnoredNotSent) {
  bytes data = with_header(0, {text("ok")});
  const bytes partial = encode(text("later"));
  data.insert(data.end(), partial.begin(), partial.end() - 1);
  const wire_input in = decode_wire_input(data);
  ASSERT_EQ(in.frames.size(), 1u);
  EXPECT_EQ(in.ignored, partial.size() - 1);
  EXPECT_EQ(in.stream(), encode(text("ok")));
}

TEST(FuzzInput, UnparseableHeaderEndsTheStream) {
  // 64-bit length with the top bit set: the parser refuses it, so it and all after is ignored.
  bytes data = with_header(0, {text("ok")});
  const bytes bad{0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
  data.insert(data.end(), bad.begin(), bad.end());
  const wire_input in = decode_wire_input(data);
  EXPECT_EQ(in.frames.size(), 1u);
  EXPECT_EQ(in.ignored, bad.size());
}

TEST(FuzzInput, EncodeIsTheInverseOfDecode) {
  const std::vector<frame> frames{text("a", false), ping(bytes{1, 2}), continuation("b"), close_frame(1000, "bye")};
  const endpoint_policy policy{true, 1003};
  const bytes data = encode_wire_input(frames, policy, 7);
  const wire_input in = decode_wire_input(data);
  EXPECT_EQ(in.frames, frames);
  EXPECT_TRUE(in.policy.text_only);
  EXPECT_EQ(in.policy.binary_close_code, 1003);
  EXPECT_EQ(in.write_size, 7u);
  EXPECT_EQ(encode_wire_input(in), data);
}

// Totality and the normalisation law on arbitrary bytes: decode never fails, and re-encoding
// gives back the input minus its ignored tail, with the header byte's meaning unchanged.
RC_GTEST_PROP(FuzzInputProperty, ReencodeKeepsTheSentBytes, (const std::vector<std::uint8_t>& data)) {
  const wire_input in = decode_wire_input(data);
  const bytes again = encode_wire_input(in);
  if (data.empty()) {
    RC_ASSERT(again.size() == 1u);
    return;
  }
  RC_ASSERT(again.size() == data.size() - in.ignored);
  RC_ASSERT(std::equal(again.begin() + 1, again.end(), data.begin() + 1));
  RC_ASSERT(again[0] == data[0]);  // every header bit has a meaning, so it survives unchanged
  RC_ASSERT(decode_wire_input(again).frames == in.frames);
}

// The stream a consumer sends is exactly the input's bytes after the header.
RC_GTEST_PROP(FuzzInputProperty, StreamIsTheInputsWireBytes, (const std::vector<std::uint8_t>& data)) {
  RC_PRE(!data.empty());
  const wire_input in = decode_wire_input(data);
  const bytes s = in.stream();
  RC_ASSERT(s.size() == data.size() - 1 - in.ignored);
  RC_ASSERT(std::equal(s.begin(), s.end(), data.begin() + 1));
}
