#include "wsh/oracle.hpp"

#include <algorithm>

#include "wsh/frame_codec.hpp"
#include "wsh/utf8_defect.hpp"
#include "wsh/utf8_validator.hpp"

namespace wsh {

const char* to_string(violation v) {
  switch (v) {
    case violation::none: return "none";
    case violation::invalid_utf8: return "invalid_utf8";
    case violation::truncated_utf8: return "truncated_utf8";
    case violation::binary_on_text_only: return "binary_on_text_only";
    case violation::invalid_close_reason: return "invalid_close_reason";
    case violation::protocol: return "protocol";
  }
  return "?";
}

const char* to_string(profile p) { return p == profile::strict ? "strict" : "autobahn"; }

namespace {

// Codes an endpoint may put in a close frame (RFC 6455 §7.4.1-7.4.2, IANA registry).
bool sendable_close_code(std::uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

bool is_reserved_opcode(std::uint8_t opcode) { return (opcode >= 3 && opcode <= 7) || opcode >= 0xB; }

std::string codes_text(const std::vector<std::uint16_t>& codes) {
  if (codes.empty()) return "any close frame";
  std::string s;
  for (std::size_t i = 0; i < codes.size(); ++i) s += (i ? " or " : "") + std::to_string(codes[i]);
  return s;
}

// Where each frame and payload starts and the stream's size: all the walk needs of the layout.
// Without deflate or pauses these follow from the headers (encode(f) is header_size(f) plus the
// payload), so the stream itself is not built: derive runs on every fuzz input.
wire_layout offsets(std::span<const frame> frames, const test_case* c, std::size_t& size) {
  if (c && (c->deflate || !c->pauses.empty())) {
    wire_layout w = layout(*c);
    size = w.stream.size();
    return w;
  }
  wire_layout w;
  w.frame_start.reserve(frames.size());
  w.payload_start.reserve(frames.size());
  size = 0;
  for (const frame& f : frames) {
    w.frame_start.push_back(size);
    w.payload_start.push_back(size + header_size(f));
    size += header_size(f) + f.payload.size();
  }
  return w;
}

// Walks the frames like a correct server would and stops at the first reason to fail. `c` is the
// case the frames come from (its pauses and deflate), or null for frames sent back to back.
class deriver {
 public:
  deriver(std::span<const frame> frames, const test_case* c, const endpoint_policy& p)
      : frames_(frames), c_(c), deflate_(c && c->deflate), policy_(p), w_(offsets(frames, c, size_)) {}

  expectation run() {
    for (i_ = 0; i_ < frames_.size(); ++i_) {
      if (step(frames_[i_])) return finish();
    }
    e_.reason = "every text message is valid UTF-8 and the framing is valid: each complete message is "
                "echoed unchanged and the server must not close (RFC 6455 §8.1, §5.4)";
    return finish();
  }

 private:
  std::size_t frame_end(std::size_t i) const {
    return i + 1 < w_.frame_start.size() ? w_.frame_start[i + 1] : size_;
  }

  // Records the violation; returns true so the walk stops.
  bool fail(violation kind, std::uint16_t code, std::size_t fail_offset, std::string reason) {
    e_.kind = kind;
    e_.close = true;
    e_.close_codes = {code};
    e_.violating_frame = i_;
    e_.fail_offset = fail_offset;
    e_.reason = std::move(reason);
    return true;
  }
  bool protocol(std::string what) {
    return fail(violation::protocol, 1002, w_.frame_start[i_] + 2,
                "frame " + std::to_string(i_ + 1) + ": " + what + ": the server must fail the connection with 1002");
  }

  bool step(const frame& f) {
    // RSV1 marks a compressed message (RFC 7692 §6) on the first frame of a message only.
    const bool compressed_start = deflate_ && f.rsv1 && (f.opcode == op::text || f.opcode == op::binary);
    if ((f.rsv1 && !compressed_start) || f.rsv2 || f.rsv3)
      return protocol(deflate_ ? "RSV bits set other than RSV1 on a message's first frame (RFC 7692 §6)"
                                 : "RSV bits set with no extension negotiated (§5.2)");
    if (!f.mask) return protocol("client frame is not masked (§5.1)");
    if (is_reserved_opcode(f.opcode)) return protocol("reserved opcode (§5.2)");
    if (is_control(f.opcode)) return control(f);
    return data(f);
  }

  bool control(const frame& f) {
    if (!f.fin || f.payload.size() > 125)
      return protocol("control frame fragmented or longer than 125 bytes (§5.5)");
    if (f.opcode != op::close) return false;  // ping/pong: no effect on the message stream
    e_.client_closes = true;
    if (f.payload.size() == 1) return protocol("close frame with a 1-byte payload (§5.5.1)");
    if (f.payload.empty()) {
      e_.close = true;
      e_.violating_frame = i_;
      e_.fail_offset = frame_end(i_);
      e_.reason = "frame " + std::to_string(i_ + 1) + ": client closes without a code; the server answers with a "
                  "close frame (§5.5.1)";
      return true;
    }
    const std::uint16_t code = close_code_of(f.payload);
    if (!sendable_close_code(code))
      return protocol("close code " + std::to_string(code) + " may not be sent on the wire (§7.4)");
    const byte_view reason = byte_view(f.payload).subspan(2);
    if (auto bad = first_invalid_offset(reason)) {
      e_.payload_offset = *bad;
      return fail(violation::invalid_close_reason, 1007,
                  std::min(w_.payload_start[i_] + 2 + *bad + 1, frame_end(i_)),
                  "frame " + std::to_string(i_ + 1) + ": close reason is not valid UTF-8 (" + utf8_defect(reason) +
                      "): the reason is UTF-8 text (§5.5.1), so the server fails with 1007 (§8.1, §7.4.1)");
    }
    e_.close = true;
    e_.close_codes = {code};
    e_.violating_frame = i_;
    e_.fail_offset = frame_end(i_);
    e_.reason = "frame " + std::to_string(i_ + 1) + ": client closes with " + std::to_string(code) +
                "; the server echoes the code in its close frame (§5.5.1)";
    return true;
  }

  bool data(const frame& f) {
    if (f.opcode == op::continuation) {
      if (!in_msg_) return protocol("continuation frame with no message to continue (§5.4)");
    } else {
      if (in_msg_) return protocol("new data frame while a fragmented message is still open (§5.4)");
      in_msg_ = true;
      msg_op_ = f.opcode;
      msg_.clear();
      validator_.reset();
      ++msg_index_;
      if (msg_op_ == op::binary && policy_.text_only) {
        // Most APIs hand over whole messages, so the earliest close we can ask for is at its end.
        const std::size_t end = message_end();
        return fail(violation::binary_on_text_only, policy_.binary_close_code,
                    end ? end : w_.payload_start[i_],
                    "message " + std::to_string(msg_index_) + " is binary and the endpoint is text-only: it "
                        "refuses it with " + std::to_string(policy_.binary_close_code) + " (policy; §7.4.1)");
      }
    }
    const std::size_t before = msg_.size();
    msg_.insert(msg_.end(), f.payload.begin(), f.payload.end());
    if (msg_op_ == op::text && !validator_.feed(f.payload)) {
      const std::size_t at = *validator_.error_offset();
      e_.payload_offset = at;
      e_.valid_prefix.assign(msg_.begin(), msg_.begin() + static_cast<std::ptrdiff_t>(validator_.sequence_start()));
      // Compressed bytes do not map to plain offsets: the server knows once the message is in.
      const std::size_t end = message_end();
      const std::size_t fail_at = deflate_ ? (end ? end : frame_end(i_)) : w_.payload_start[i_] + (at - before) + 1;
      return fail(violation::invalid_utf8, 1007, fail_at,
                  where(at) + ": " + utf8_defect(msg_, false) + "; a text message must be valid UTF-8, so the "
                  "server fails the connection with 1007 (§8.1, §7.4.1)");
    }
    if (!f.fin) return false;
    if (msg_op_ == op::text && !validator_.finish()) {
      e_.payload_offset = msg_.size();
      e_.valid_prefix.assign(msg_.begin(), msg_.begin() + static_cast<std::ptrdiff_t>(validator_.sequence_start()));
      return fail(violation::truncated_utf8, 1007, frame_end(i_),
                  where(msg_.size()) + ": " + utf8_defect(msg_) + "; a text message must be valid UTF-8, so the "
                  "server fails the connection with 1007 (§8.1, §7.4.1)");
    }
    e_.echoes.push_back({msg_op_, std::move(msg_)});  // the next message starts with msg_.clear()
    in_msg_ = false;
    return false;
  }

  std::string where(std::size_t offset) const {
    return "message " + std::to_string(msg_index_) + ", frame " + std::to_string(i_ + 1) + ", byte " +
           std::to_string(offset) + " of the message";
  }

  // Stream offset just past the final frame of the message open at i_, or 0 if never finished.
  std::size_t message_end() const {
    for (std::size_t j = i_; j < frames_.size(); ++j) {
      const frame& f = frames_[j];
      if (is_control(f.opcode)) continue;
      if (j > i_ && f.opcode != op::continuation) return 0;
      if (f.fin) return frame_end(j);
    }
    return 0;
  }

  expectation finish() {
    e_.needs_deflate = deflate_;
    if (e_.close) {
      for (std::size_t j = e_.violating_frame + 1; j < frames_.size(); ++j) {
        const frame& f = frames_[j];
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
      if (c_ && !c_->pauses.empty()) {
        for (const auto& chunk : write_plan(*c_, w_)) {
          if (chunk.end >= e_.fail_offset) {
            if (chunk.end < size_ && chunk.pause_ms != 0) e_.strict_limit = chunk.end;
            break;
          }
        }
      }
    }
    return std::move(e_);  // the deriver is used once
  }

  std::span<const frame> frames_;
  const test_case* c_;
  bool deflate_;
  const endpoint_policy& policy_;
  std::size_t size_ = 0;  // the stream's size
  wire_layout w_;         // offsets only, unless deflate or pauses need the full layout
  expectation e_;
  std::size_t i_ = 0;
  bool in_msg_ = false;
  std::uint8_t msg_op_ = 0;
  std::size_t msg_index_ = 0;
  bytes msg_;
  utf8_validator validator_;
};

std::string show(const bytes& b) { return show_payload(b, 32); }

std::string ms(double v) { return std::to_string(static_cast<long>(v)) + " ms"; }

}  // namespace

namespace {

expectation with_profile(expectation e, profile p) {
  if (p == profile::autobahn && e.kind == violation::invalid_close_reason) {
    e.close_codes = {1007, 1002};
    e.reason += " [profile autobahn: 1002 accepted too]";
  }
  return e;
}

}  // namespace

expectation derive(const test_case& c, const endpoint_policy& policy, profile p) {
  return with_profile(deriver(c.frames, &c, policy).run(), p);
}

expectation derive(std::span<const frame> frames, const endpoint_policy& policy, profile p) {
  return with_profile(deriver(frames, nullptr, policy).run(), p);
}

verdict judge(const expectation& e, const transcript& t, profile p) {
  verdict v;
  v.expected = e.reason;
  auto result = [&](outcome o, finding k, std::string why) {
    v.result = o;
    v.kind = k;
    v.why = std::move(why);
    return v;
  };
  auto fail = [&](finding k, std::string why) { return result(outcome::fail, k, std::move(why)); };

  if (!t.upgraded) return fail(finding::handshake_failed, t.setup_error);
  if (e.needs_deflate && !t.deflate_negotiated)
    return result(outcome::skipped, finding::not_negotiated,
                  "server declined permessage-deflate (not negotiated): case skipped, nothing was sent");

  // Data the server sent back must be exactly the expected echoes, in order.
  for (std::size_t k = 0; k < t.messages.size(); ++k) {
    const auto& got = t.messages[k];
    if (k < e.echoes.size()) {
      if (got == e.echoes[k]) continue;
      return fail(finding::echo_mismatch, "message " + std::to_string(k + 1) + " came back altered: " +
                                              show(got.payload) + " instead of " + show(e.echoes[k].payload));
    }
    if (!e.close) {
      return fail(finding::echo_mismatch, "server sent an unexpected message " + show(got.payload));
    }
    if (e.kind == violation::binary_on_text_only) {
      if (got.opcode == op::binary)
        return fail(finding::echoed_invalid, "accepted and echoed a binary message on a text-only endpoint");
      return fail(finding::discarded_binary, "silently discarded the binary message and carried on (echoed the "
                                             "next message " + show(got.payload) + " instead of closing)");
    }
    static const bytes replacement{0xEF, 0xBF, 0xBD};
    // A repair keeps the valid start of the offending message and puts U+FFFD where it went wrong.
    const bytes& pre = e.valid_prefix;
    const bool repaired = is_valid_utf8(got.payload) && got.payload.size() >= pre.size() + replacement.size() &&
                          std::equal(pre.begin(), pre.end(), got.payload.begin()) &&
                          std::equal(replacement.begin(), replacement.end(),
                                     got.payload.begin() + static_cast<std::ptrdiff_t>(pre.size()));
    if (repaired)
      return fail(finding::replaced_invalid, "replaced invalid bytes with U+FFFD and echoed " + show(got.payload) +
                                                 " instead of closing");
    return fail(finding::echoed_invalid, "echoed data it had to reject: " + show(got.payload));
  }

  if (!t.protocol_error.empty()) return fail(finding::protocol_error, "server sent a malformed frame: " + t.protocol_error);

  // The server's own close frame must be well-formed whatever the case (RFC 6455 §5.5.1, §7.4).
  if (t.close_received) {
    if (t.close_payload_size == 1)
      return fail(finding::bad_close_frame, "server's close frame has a 1-byte payload (§5.5.1: none, or a 2-byte code first)");
    // (unless the expectation itself names the code: a server model that echoes it, in the fuzzers)
    if (t.close_code && !sendable_close_code(*t.close_code) &&
        std::find(e.close_codes.begin(), e.close_codes.end(), *t.close_code) == e.close_codes.end())
      return fail(finding::bad_close_frame,
                  "server closed with code " + std::to_string(*t.close_code) + ", which may not be sent on the wire (§7.4)");
    if (!is_valid_utf8(t.close_reason))
      return fail(finding::bad_close_frame, "server's close reason is not valid UTF-8 (" + utf8_defect(t.close_reason) +
                                                "): §5.5.1 makes it UTF-8 text");
  }

  if (!e.close) {
    if (t.close_received && t.server_initiated_close) {
      const std::string code = t.close_code ? std::to_string(*t.close_code) : "no code";
      if (t.close_code == 1009)
        return fail(finding::size_limit, "closed valid traffic with 1009 (message too big): a size limit, not a "
                                         "UTF-8 verdict");
      return fail(finding::closed_valid, "closed valid traffic with " + code + " after " + ms(t.close_ms));
    }
    if (t.messages.size() < e.echoes.size())
      return fail(finding::missing_echo, "echoed " + std::to_string(t.messages.size()) + " of " +
                                             std::to_string(e.echoes.size()) + " messages" +
                                             (t.tcp_closed ? ", then dropped TCP without a close frame"
                                                           : " before the deadline"));
    if (!t.close_received) {
      if (t.tcp_closed) return fail(finding::tcp_drop, "dropped TCP without a close frame on valid traffic");
      return fail(finding::no_close_reply, "did not answer the client's close frame before the deadline");
    }
    return result(outcome::pass, finding::none, "echoed all " + std::to_string(e.echoes.size()) +
                                                    " messages unchanged and closed only when asked");
  }

  // The server never failed the connection: which of the ways that is, after `what` happened.
  auto never_failed = [&](const std::string& what) {
    const std::string expected = "expected close " + codes_text(e.close_codes);
    if (e.kind == violation::binary_on_text_only)
      return fail(finding::discarded_binary, "silently discarded the binary message: " + what + "; " + expected);
    if (e.message_unfinished)
      return fail(finding::not_fail_fast, what + ": the unfinished message is already invalid, but the server "
                                                 "kept waiting for the rest instead of failing fast");
    return fail(finding::no_close, what + "; " + expected);
  };

  if (t.close_received) {
    const std::string got = t.close_code ? std::to_string(*t.close_code) : "no status code";
    const bool expected_code = e.close_codes.empty() || (t.close_code && std::find(e.close_codes.begin(), e.close_codes.end(),
                                                                                   *t.close_code) != e.close_codes.end());
    // Its close came only after our own later close frame, with that frame's code: an answer to
    // it (§5.5.1), not a verdict on the data before it.
    if (!expected_code && e.later_close_end && t.sent_when_closed >= *e.later_close_end &&
        t.close_code == e.later_close_code)
      return never_failed("no close of its own: it only answered the client's later close frame with the same " +
                          got);
    if (!expected_code) return fail(finding::wrong_code, "closed with " + got + ", expected " + codes_text(e.close_codes));
    if (e.strict_limit && t.sent_when_closed > *e.strict_limit)
      return result(outcome::non_strict, finding::late_close,
                    "closed with " + got + " only after " + std::to_string(t.sent_when_closed) +
                        " bytes were sent; failing fast means closing once byte " + std::to_string(e.fail_offset) +
                        " has arrived (before byte " + std::to_string(*e.strict_limit + 1) + " was sent)");
    return result(outcome::pass, finding::none, "closed with " + got + " after " + ms(t.close_ms));
  }
  if (t.tcp_closed && p == profile::autobahn)
    return result(outcome::pass, finding::none,
                  "dropped TCP without a close frame after " + ms(t.tcp_closed_ms) +
                      " (accepted by profile autobahn; the strict profile reports tcp_drop)");
  if (t.tcp_closed)
    return fail(finding::tcp_drop, std::string(t.tcp_reset ? "reset" : "closed") + " TCP after " +
                                       ms(t.tcp_closed_ms) + " without a close frame; expected close " +
                                       codes_text(e.close_codes));
  if (e.kind == violation::binary_on_text_only) return never_failed("no echo and no close within " + ms(t.total_ms));
  return never_failed("no close within " + ms(t.total_ms));
}

}  // namespace wsh
