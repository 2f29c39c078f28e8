// check_in_memory and run_input: the in-memory check every libFuzzer target runs (the user's
// own through check_in_memory, the bundled ones through run_input with their models), here
// against the example's correct echo server and a mute one that never answers after the 101.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "my_echo_server.hpp"  // examples/in_process_server: a correct memory_server
#include "wsh/frame_codec.hpp"
#include "wsh/memory_check.hpp"
#include "wsh/wire_input.hpp"

namespace {

using namespace wsh;

// The example server with everything after its 101 dropped: it never echoes and never closes.
class mute_server final : public memory_server {
 public:
  explicit mute_server(const echo_options& o) : inner_(o) {}
  void feed(const std::uint8_t* data, std::size_t n) override { inner_.feed(data, n); }
  void drain(std::string& to) override {
    std::string out;
    inner_.drain(out);
    if (!answered_ && !out.empty()) to += out.substr(0, out.find("\r\n\r\n") + 4), answered_ = true;
  }
  bool ended() const override { return false; }

 private:
  my_echo_server inner_;
  bool answered_ = false;
};

memory_server_factory correct() {
  return [](const echo_options& o) { return std::make_unique<my_echo_server>(o); };
}
memory_server_factory mute() {
  return [](const echo_options& o) { return std::make_unique<mute_server>(o); };
}

const frame invalid_text = text(bytes{0xC3, 0x28});  // a lead byte, then no continuation byte

TEST(MemoryCheck, ACorrectServerPassesValidAndInvalidText) {
  const bytes valid = encode_wire_input({text("hello")}, {});
  const memory_check a = check_in_memory(valid, correct());
  EXPECT_TRUE(a.ok()) << describe(a);
  ASSERT_EQ(a.got.messages.size(), 1u);
  EXPECT_EQ(a.got.messages[0].payload, (bytes{'h', 'e', 'l', 'l', 'o'}));

  const memory_check b = check_in_memory(encode_wire_input({invalid_text}, {}, 1), correct());
  EXPECT_TRUE(b.ok()) << describe(b);
  EXPECT_EQ(b.got.close_code, 1007);
}

TEST(MemoryCheck, AServerThatNeverClosesFailsWithAReadableReport) {
  const memory_check r = check_in_memory(encode_wire_input({text("ok"), invalid_text}, {}), mute());
  EXPECT_FALSE(r.ok());
  const std::string s = describe(r);
  EXPECT_NE(s.find("disagrees with the oracle"), std::string::npos) << s;
  EXPECT_NE(s.find("frame 2: "), std::string::npos) << s;
  EXPECT_NE(s.find(to_hex_spaced(encode(invalid_text))), std::string::npos) << s;
  EXPECT_NE(s.find("got:      0 messages, no close"), std::string::npos) << s;
}

// A model that cuts the input (fuzzers/server_model.hpp) gets only the frames before the cut sent.
TEST(MemoryCheck, RunInputSendsOnlyTheFramesBeforeACut) {
  const bytes data = encode_wire_input({text("a"), invalid_text}, {});
  const wire_input in = decode_wire_input(data);
  ASSERT_EQ(in.frames.size(), 2u);
  const expectation e = derive(std::span<const frame>(in.frames).first(1), in.policy);
  transcript got = run_input(data, in, e, 1, correct());
  verdict v = judge(e, got);
  EXPECT_EQ(v.result, outcome::pass) << v.why;
  EXPECT_EQ(got.bytes_total, encode(in.frames[0]).size());
  EXPECT_FALSE(got.close_received && got.close_code == 1007);  // the invalid frame was never sent
  EXPECT_NE(describe_input(in, 1).find("(only the first 1 frames were sent)"), std::string::npos);

  // Uncut, the same input is sent whole, its trailing partial frame left out.
  bytes partial = data;
  partial.push_back(0x81);
  const wire_input in2 = decode_wire_input(partial);
  EXPECT_EQ(in2.ignored, 1u);
  const expectation e2 = derive(in2.frames, in2.policy);
  got = run_input(partial, in2, e2, std::nullopt, correct());
  v = judge(e2, got);
  EXPECT_EQ(v.result, outcome::pass) << v.why;
  EXPECT_EQ(got.bytes_total, data.size() - 1);
  EXPECT_EQ(got.close_code, 1007);
  EXPECT_NE(describe_input(in2).find("(1 trailing bytes are not a frame: not sent)"), std::string::npos);
}

TEST(MemoryCheck, TheReportShowsTheCloseReason) {
  transcript t;
  t.close_received = true;
  t.close_code = 1007;
  t.close_reason = bytes{'b', 'a', 'd'};
  EXPECT_EQ(describe_got(t), "  got:      0 messages, close 1007 'bad'\n");
}

}  // namespace
