// derive: walks the frames one side sent like a correct receiver would and stops at the first
// reason to fail (RFC 6455 §5, §8.1): the expectation judge() holds a transcript against.
#include <algorithm>
#include <concepts>
#include <cstdint>
#include <utility>

#include "wsh/frame_codec.hpp"
#include "wsh/oracle.hpp"
#include "wsh/utf8_defect.hpp"
#include "wsh/utf8_validator.hpp"

namespace wsh {

namespace {

bool is_reserved_opcode(std::uint8_t opcode) { return (opcode >= 3 && opcode <= 7) || opcode >= 0xB; }

// The walk reads frames we send (frame) and frames a transcript recorded (received_frame) in
// place: judge walks the server's frames on every run, the fuzzers on every input, so they are
// not copied into frames first. These say what the two spell differently.
bool masked(const frame& f) { return f.mask.has_value(); }
bool masked(const received_frame& f) { return f.masked; }
std::size_t wire_header_size(const frame& f) { return header_size(f); }
std::size_t wire_header_size(const received_frame& f) { return header_size(f.length, f.payload.size(), f.masked); }

// The stream's layout when deflate or pauses shape it (where each frame and payload starts), and
// its size. Without them every offset follows from the headers (encode(f) is header_size(f) plus
// the payload): no layout is built and offsets are summed when asked (deriver::frame_start), as
// only a walk's end asks for them and derive runs on every fuzz input.
template <class Frame>
wire_layout offsets(std::span<const Frame> frames, const test_case* c, std::size_t& size) {
  if (c && (c->deflate || !c->pauses.empty())) {
    wire_layout w = layout(*c);
    size = w.stream.size();
    return w;
  }
  size = 0;
  for (const Frame& f : frames) size += wire_header_size(f) + f.payload.size();
  return {};
}

// Walks the frames like a correct server would and stops at the first reason to fail. `c` is the
// case the frames come from (its pauses and deflate), or null for frames sent back to back.
template <class Frame>
class deriver {
 public:
  // `wire_deflate`: frames as received with permessage-deflate negotiated (compressed payloads).
  // `received`: derive_received's walk, whose caller reads only what was broken (kind, rule,
  // frame, reason), so it keeps no echoes, no close codes and no reason for a clean walk (judge
  // runs it on every transcript, the fuzzers on every input: what it does not allocate is speed).
  deriver(std::span<const Frame> frames, const test_case* c, const endpoint_policy& p, role r,
          bool wire_deflate = false, bool received = false)
      : frames_(frames),
        received_(received),
        terse_(reasons_are_terse()),
        c_(c),
        deflate_((c && c->deflate) || wire_deflate),
        wire_compressed_(wire_deflate),
        policy_(p),
        role_(r),
        receiver_(r == role::client_frames ? "the server" : "the client"),
        w_(offsets(frames, c, size_)) {}

  expectation run() {
    if (!received_) {  // one allocation for the echoes, not one per doubling
      std::size_t messages = 0;
      for (const Frame& f : frames_) messages += !is_control(f.opcode) && f.fin;
      e_.echoes.reserve(messages);
    }
    for (i_ = 0; i_ < frames_.size(); ++i_) {
      if (step(frames_[i_])) return finish();
    }
    if (received_ || terse_) return finish();
    e_.reason = role_ == role::client_frames
                    ? "every text message is valid UTF-8 and the framing is valid: each complete message is "
                      "echoed unchanged and the server must not close (RFC 6455 §8.1, §5.4)"
                    : "every text message is valid UTF-8 and the framing is valid: the client must not close "
                      "(RFC 6455 §8.1, §5.4)";
    return finish();
  }

 private:
  std::size_t frame_start(std::size_t i) const {
    if (!w_.frame_start.empty()) return w_.frame_start[i];
    std::size_t at = 0;
    for (std::size_t j = 0; j < i; ++j) at += wire_header_size(frames_[j]) + frames_[j].payload.size();
    return at;
  }
  std::size_t payload_start(std::size_t i) const {
    return w_.payload_start.empty() ? frame_start(i) + wire_header_size(frames_[i]) : w_.payload_start[i];
  }
  std::size_t frame_end(std::size_t i) const {
    if (!w_.frame_start.empty()) return i + 1 < w_.frame_start.size() ? w_.frame_start[i + 1] : size_;
    return i + 1 < frames_.size() ? frame_start(i + 1) : size_;
  }

  // The receiver closes because of frame i_ (with `code`, if any: none answers a close without
  // one), once it has read up to `fail_offset`; returns true so the walk stops. `reason()` makes
  // the sentence, unless reasons are terse (see terse_reasons).
  template <class Reason>
  bool closes(std::optional<std::uint16_t> code, std::size_t fail_offset, Reason&& reason) {
    e_.close = true;
    if (code && !received_) e_.close_codes = {*code};
    e_.violating_frame = i_;
    e_.fail_offset = fail_offset;
    if (!terse_) e_.reason = reason();
    return true;
  }
  // Records the violation: the receiver fails the connection with `code`.
  template <class Reason>
  bool fail(violation kind, std::uint16_t code, std::size_t fail_offset, Reason&& reason) {
    e_.kind = kind;
    return closes(code, fail_offset, std::forward<Reason>(reason));
  }
  template <class What>
    requires std::invocable<What&>
  bool protocol(frame_rule rule, What&& what) {
    e_.rule = rule;
    return fail(violation::protocol, 1002, frame_start(i_) + 2, [&] {
      return "frame " + std::to_string(i_ + 1) + ": " + std::string(what()) + ": " + receiver_ +
             " must fail the connection with 1002";
    });
  }
  bool protocol(frame_rule rule, const char* what) {
    return protocol(rule, [what] { return what; });
  }

  bool step(const Frame& f) {
    // RSV1 marks a compressed message (RFC 7692 §6) on the first frame of a message only.
    const bool compressed_start = deflate_ && f.rsv1 && (f.opcode == op::text || f.opcode == op::binary);
    if ((f.rsv1 && !compressed_start) || f.rsv2 || f.rsv3)
      return protocol(frame_rule::rsv_bits, deflate_ ? "RSV bits set other than RSV1 on a message's first frame (RFC 7692 §6)"
                                                     : "RSV bits set with no extension negotiated (§5.2)");
    // A client masks every frame, a server none (§5.1).
    if (role_ == role::client_frames && !masked(f))
      return protocol(frame_rule::unmasked, "client frame is not masked (§5.1)");
    if (role_ == role::server_frames && masked(f))
      return protocol(frame_rule::masked, "server frame is masked (§5.1: a server MUST NOT mask, a client MUST close "
                                          "the connection when it sees one)");
    if (is_reserved_opcode(f.opcode))
      return protocol(frame_rule::reserved_opcode, [&] { return "reserved opcode " + std::to_string(f.opcode) + " (§5.2)"; });
    // The shortest length form is a MUST for every sender (§5.2); servers are not asked to fail a
    // client for it (many accept it), a strict client fails a server.
    if (role_ == role::server_frames && f.length != length_form::minimal)
      return protocol(frame_rule::non_minimal_length, [&] {
        return "payload length " + std::to_string(f.payload.size()) + " not in its minimal encoding (§5.2)";
      });
    if (is_control(f.opcode)) return control(f);
    return data(f);
  }

  bool control(const Frame& f) {
    if (f.payload.size() > 125)
      return protocol(frame_rule::control_too_long, [&] {
        return "control frame with " + std::to_string(f.payload.size()) + " bytes of payload, above 125 (§5.5)";
      });
    if (!f.fin) return protocol(frame_rule::fragmented_control, "control frame without FIN: fragmented (§5.5)");
    if (f.opcode != op::close) return false;  // ping/pong: no effect on the message stream
    e_.client_closes = true;
    if (f.payload.size() == 1) return protocol(frame_rule::close_one_byte, "close frame with a 1-byte payload (§5.5.1)");
    if (f.payload.empty())
      return closes(std::nullopt, frame_end(i_), [&] {
        return "frame " + std::to_string(i_ + 1) + ": " + sender() + " closes without a code; " + receiver_ +
               " answers with a close frame (§5.5.1)";
      });
    const std::uint16_t code = close_code_of(f.payload);
    if (!sendable_close_code(code))
      return protocol(frame_rule::unsendable_close_code,
                      [&] { return "close code " + std::to_string(code) + " may not be sent on the wire (§7.4)"; });
    const byte_view reason = byte_view(f.payload).subspan(2);
    if (auto bad = first_invalid_offset(reason)) {
      e_.payload_offset = *bad;
      return fail(violation::invalid_close_reason, 1007,
                  std::min(payload_start(i_) + 2 + *bad + 1, frame_end(i_)), [&] {
                    return "frame " + std::to_string(i_ + 1) + ": close reason is not valid UTF-8 (" +
                           utf8_defect(reason) + "): the reason is UTF-8 text (§5.5.1), so " + receiver_ +
                           " fails with 1007 (§8.1, §7.4.1)";
                  });
    }
    return closes(code, frame_end(i_), [&] {
      return "frame " + std::to_string(i_ + 1) + ": " + sender() + " closes with " + std::to_string(code) + "; " +
             receiver_ + " echoes the code in its close frame (§5.5.1)";
    });
  }

  bool data(const Frame& f) {
    if (f.opcode == op::continuation) {
      if (!in_msg_)
        return protocol(frame_rule::stray_continuation, "continuation frame with no message to continue (§5.4)");
    } else {
      if (in_msg_)
        return protocol(frame_rule::interleaved_message, "new data frame while a fragmented message is still open (§5.4)");
      in_msg_ = true;
      msg_op_ = f.opcode;
      // Received compressed bytes: their text is judged inflated, by the echo verifiers.
      skip_text_ = wire_compressed_ && f.rsv1;
      msg_first_ = i_;
      msg_size_ = 0;
      validator_.reset();
      ++msg_index_;
      if (msg_op_ == op::binary && policy_.text_only) {
        // Most APIs hand over whole messages, so the earliest close we can ask for is at its end.
        const std::size_t end = message_end();
        return fail(violation::binary_on_text_only, policy_.binary_close_code,
                    end ? end : payload_start(i_), [&] {
                      return "message " + std::to_string(msg_index_) + " is binary and the endpoint is text-only: it "
                             "refuses it with " + std::to_string(policy_.binary_close_code) + " (policy; §7.4.1)";
                    });
      }
    }
    const std::size_t before = msg_size_;
    // A limit applies to the server's receiving side only: the header's length is enough to know.
    if (role_ == role::client_frames && policy_.max_message_size &&
        before + f.payload.size() > *policy_.max_message_size)
      return too_big(f);
    msg_size_ += f.payload.size();
    if (msg_op_ == op::text && !skip_text_ && !validator_.feed(f.payload)) {
      const std::size_t at = *validator_.error_offset();
      e_.payload_offset = at;
      e_.valid_prefix = message(validator_.sequence_start());
      // Compressed bytes do not map to plain offsets: the server knows once the message is in.
      const std::size_t end = message_end();
      const std::size_t fail_at = deflate_ ? (end ? end : frame_end(i_)) : payload_start(i_) + (at - before) + 1;
      return fail(violation::invalid_utf8, 1007, fail_at, [&] {
        return where(at) + ": " + utf8_defect(message(), false) + "; a text message must be valid UTF-8, so " + receiver_ +
               " fails the connection with 1007 (§8.1, §7.4.1)";
      });
    }
    if (!f.fin) return false;
    if (msg_op_ == op::text && !skip_text_ && !validator_.finish()) {
      e_.payload_offset = msg_size_;
      e_.valid_prefix = message(validator_.sequence_start());
      return fail(violation::truncated_utf8, 1007, frame_end(i_), [&] {
        return where(msg_size_) + ": " + utf8_defect(message()) + "; a text message must be valid UTF-8, so " + receiver_ +
               " fails the connection with 1007 (§8.1, §7.4.1)";
      });
    }
    if (!received_) e_.echoes.push_back({msg_op_, message()});
    in_msg_ = false;
    return false;
  }

  // The message open at i_ goes over the declared limit with frame f (RFC 6455 §7.4.1: 1009). A
  // bad byte later in the message may be found first (a server that validates as bytes come in
  // before it buffers them), so an invalid message may be failed with 1007 as well.
  bool too_big(const Frame& f) {
    const bool invalid = msg_op_ == op::text && rest_is_invalid();
    const std::size_t end = message_end();
    // Compressed: the inflated size is known only once the message is in.
    const std::size_t fail_at = deflate_ ? (end ? end : frame_end(i_)) : payload_start(i_);
    fail(violation::message_too_big, 1009, fail_at, [&] {
      return "message " + std::to_string(msg_index_) + ", frame " + std::to_string(i_ + 1) + ": the message reaches " +
             std::to_string(msg_size_ + f.payload.size()) + " bytes, above the endpoint's limit of " +
             std::to_string(*policy_.max_message_size) + " (policy): " + receiver_ +
             " fails the connection with 1009, message too big (§7.4.1)" +
             (invalid ? "; the message is invalid UTF-8 too, so 1007 is accepted as well (§8.1)" : "");
    });
    if (invalid) e_.close_codes.push_back(1007);
    return true;
  }

  // Whether the text message open at i_ is invalid UTF-8 from frame i_ to its end (its earlier
  // frames were valid, or the walk would have stopped there).
  bool rest_is_invalid() const {
    utf8_validator v = validator_;
    for (std::size_t j = i_; j < frames_.size(); ++j) {
      const Frame& f = frames_[j];
      if (is_control(f.opcode)) continue;
      if (j > i_ && f.opcode != op::continuation) return false;  // the message is never finished
      if (!v.feed(f.payload)) return true;
      if (f.fin) return !v.finish();
    }
    return false;
  }

  // The open message's payload up to frame i_ (its first `limit` bytes), assembled when needed
  // (an echo, a defect's valid prefix or its description) rather than copied frame by frame on
  // every walk.
  bytes message(std::size_t limit = SIZE_MAX) const {
    bytes out;
    out.reserve(std::min(limit, msg_size_));
    for (std::size_t j = msg_first_; j <= i_ && j < frames_.size() && out.size() < limit; ++j) {
      if (is_control(frames_[j].opcode)) continue;
      const auto& p = frames_[j].payload;
      out.insert(out.end(), p.begin(), p.begin() + static_cast<std::ptrdiff_t>(std::min(p.size(), limit - out.size())));
    }
    return out;
  }

  const char* sender() const { return role_ == role::client_frames ? "client" : "server"; }

  std::string where(std::size_t offset) const {
    return "message " + std::to_string(msg_index_) + ", frame " + std::to_string(i_ + 1) + ", byte " +
           std::to_string(offset) + " of the message";
  }

  // Stream offset just past the final frame of the message open at i_, or 0 if never finished.
  std::size_t message_end() const {
    for (std::size_t j = i_; j < frames_.size(); ++j) {
      const Frame& f = frames_[j];
      if (is_control(f.opcode)) continue;
      if (j > i_ && f.opcode != op::continuation) return 0;
      if (f.fin) return frame_end(j);
    }
    return 0;
  }

  // The walk ended at the sender's close frame: a data frame after it breaks §5.5.1.
  void data_after_close() {
    if (!e_.close || e_.violating_frame >= frames_.size() || frames_[e_.violating_frame].opcode != op::close) return;
    for (std::size_t j = e_.violating_frame + 1; j < frames_.size(); ++j) {
      if (is_control(frames_[j].opcode)) continue;
      e_.data_after_close = j;
      if (!terse_)
        e_.data_after_close_reason = "frame " + std::to_string(j + 1) + ": a data frame after the " + sender() +
                                   "'s own close frame (frame " + std::to_string(e_.violating_frame + 1) +
                                   "): after sending a Close frame an endpoint MUST NOT send any more data "
                                   "frames (§5.5.1)";
      return;
    }
  }

  expectation finish() {
    e_.needs_deflate = deflate_ && !wire_compressed_;
    data_after_close();
    if (e_.close) {
      for (std::size_t j = e_.violating_frame + 1; j < frames_.size(); ++j) {
        const Frame& f = frames_[j];
        if (f.opcode != op::close) continue;
        e_.later_close_end = frame_end(j);
        if (f.payload.size() >= 2) e_.later_close_code = close_code_of(f.payload);
        break;
      }
    }
    if (e_.close && !deflate_) {
      e_.message_unfinished = (e_.kind == violation::invalid_utf8 || e_.kind == violation::binary_on_text_only) &&
                              message_end() == 0;
      // A pause after the fail point and before the end lets us see whether the server failed fast.
      // (Without pauses the plan is one chunk that ends the stream: no limit.)
      // A size limit is no fail-fast rule: the close may come at any point after the header.
      if (c_ && !c_->pauses.empty() && e_.kind != violation::message_too_big) {
        // A write split (no fail-fast probe) makes no claim: the next probe after it does.
        for (const auto& chunk : write_plan(*c_, w_)) {
          if (chunk.end >= e_.fail_offset && (chunk.fail_fast_probe || chunk.end >= size_)) {
            if (chunk.end < size_ && chunk.pause_ms != 0) e_.strict_limit = chunk.end;
            break;
          }
        }
      }
    }
    return std::move(e_);  // the deriver is used once
  }

  std::span<const Frame> frames_;
  bool received_;
  bool terse_;  // terse_reasons: decide, write no sentences
  const test_case* c_;
  bool deflate_;
  bool wire_compressed_;    // payloads as received (compressed), see derive_received
  bool skip_text_ = false;  // the open message is compressed as received
  const endpoint_policy& policy_;
  role role_;
  const char* receiver_;  // "the server" for client frames: who the reasons say must act
  std::size_t size_ = 0;  // the stream's size
  wire_layout w_;         // empty unless deflate or pauses shape the stream
  expectation e_;
  std::size_t i_ = 0;
  bool in_msg_ = false;
  std::uint8_t msg_op_ = 0;
  std::size_t msg_index_ = 0;
  std::size_t msg_first_ = 0;  // the open message's first frame
  std::size_t msg_size_ = 0;   // its payload bytes so far
  utf8_validator validator_;
};

void apply_profile(expectation& e, profile p) {
  if (p == profile::autobahn && e.kind == violation::invalid_close_reason) {
    e.close_codes = {1007, 1002};
    e.reason += " [profile autobahn: 1002 accepted too]";
  }
}

}  // namespace

expectation derive(const test_case& c, const endpoint_policy& policy, profile p, role r) {
  expectation e = deriver<frame>(c.frames, &c, policy, r).run();
  apply_profile(e, p);
  return e;
}

expectation derive(std::span<const frame> frames, const endpoint_policy& policy, profile p, role r) {
  expectation e = deriver<frame>(frames, nullptr, policy, r).run();  // (in place: no copy per fuzz input)
  apply_profile(e, p);
  return e;
}

expectation derive_received(std::span<const received_frame> frames, bool deflate) {
  const endpoint_policy any;  // a client takes text and binary, and declares no size limit
  return deriver<received_frame>(frames, nullptr, any, role::server_frames, deflate, /*received=*/true).run();
}

}  // namespace wsh
