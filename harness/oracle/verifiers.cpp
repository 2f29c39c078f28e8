// The verifier vocabulary (wsh/verifiers.hpp): one rule each, composed by judge() in judge.cpp.
#include "wsh/verifiers.hpp"

#include <algorithm>

#include "wsh/frame_codec.hpp"
#include "wsh/utf8_defect.hpp"
#include "wsh/utf8_validator.hpp"

namespace wsh {

namespace {

std::string codes_text(const std::vector<std::uint16_t>& codes) {
  if (codes.empty()) return "any close frame";
  std::string s;
  for (std::size_t i = 0; i < codes.size(); ++i) s += (i ? " or " : "") + std::to_string(codes[i]);
  return s;
}

std::string show(const bytes& b) { return show_payload(b, 32); }

std::string ms(double v) { return std::to_string(static_cast<long>(v)) + " ms"; }

std::string code_of(const transcript& t) { return t.close_code ? std::to_string(*t.close_code) : "no status code"; }

}  // namespace

verdict ruled(const expectation& e, outcome o, finding k, std::string why) {
  return verdict{o, k, std::move(why), e.reason, {}};
}

ruling verify_handshake(const expectation& e, const transcript& t) {
  if (!t.upgraded) return ruled(e, outcome::fail, finding::handshake_failed, t.setup_error);
  if (e.needs_deflate && !t.deflate_negotiated)
    return ruled(e, outcome::skipped, finding::not_negotiated,
                 "server declined permessage-deflate (not negotiated): case skipped, nothing was sent");
  return std::nullopt;
}

bool is_repair(const expectation& e, const bytes& payload) {
  static const bytes replacement{0xEF, 0xBF, 0xBD};
  const bytes& pre = e.valid_prefix;
  return is_valid_utf8(payload) && payload.size() >= pre.size() + replacement.size() &&
         std::equal(pre.begin(), pre.end(), payload.begin()) &&
         std::equal(replacement.begin(), replacement.end(), payload.begin() + static_cast<std::ptrdiff_t>(pre.size()));
}

namespace {

// A message beyond the expected echoes, when the server had to fail the connection.
verdict extra_message(const expectation& e, const received_message& got) {
  if (e.kind == violation::message_too_big)
    return ruled(e, outcome::fail, finding::no_close,
                 "accepted a message above the declared size limit and sent " + show(got.payload) +
                     "; expected close 1009 (if its limit is larger, declare that: --max-message-size N)");
  if (e.kind == violation::binary_on_text_only) {
    if (got.opcode == op::binary)
      return ruled(e, outcome::fail, finding::echoed_invalid, "accepted and echoed a binary message on a text-only endpoint");
    return ruled(e, outcome::fail, finding::discarded_binary,
                 "silently discarded the binary message and carried on (echoed the next message " + show(got.payload) +
                     " instead of closing)");
  }
  if (is_repair(e, got.payload))
    return ruled(e, outcome::fail, finding::replaced_invalid,
                 "replaced invalid bytes with U+FFFD and echoed " + show(got.payload) + " instead of closing");
  return ruled(e, outcome::fail, finding::echoed_invalid, "echoed data it had to reject: " + show(got.payload));
}

}  // namespace

ruling verify_echoes(const expectation& e, const transcript& t) {
  for (std::size_t k = 0; k < t.messages.size(); ++k) {
    const auto& got = t.messages[k];
    if (k < e.echoes.size()) {
      if (got == e.echoes[k]) continue;
      return ruled(e, outcome::fail, finding::echo_mismatch,
                   "message " + std::to_string(k + 1) + " came back altered: " + show(got.payload) + " instead of " +
                       show(e.echoes[k].payload));
    }
    if (!e.close)
      return ruled(e, outcome::fail, finding::echo_mismatch, "server sent an unexpected message " + show(got.payload));
    return extra_message(e, got);
  }
  return std::nullopt;
}

ruling verify_no_repair(const expectation& e, const transcript& t) {
  if (e.kind != violation::invalid_utf8 && e.kind != violation::truncated_utf8) return std::nullopt;
  for (std::size_t k = 0; k < t.messages.size(); ++k)
    if (t.messages[k].opcode == op::text && is_repair(e, t.messages[k].payload) &&
        std::find(e.echoes.begin(), e.echoes.end(), t.messages[k]) == e.echoes.end())  // not an echo of valid text
      return ruled(e, outcome::fail, finding::replaced_invalid,
                   "replaced invalid bytes with U+FFFD and sent " + show(t.messages[k].payload) + " (its message " +
                       std::to_string(k + 1) + ") instead of closing");
  return std::nullopt;
}

expectation server_side(const transcript& t) { return derive_received(t.frames, t.deflate_negotiated); }

namespace {

std::string server_fault(const std::string& reason) {
  return "the server broke a framing rule: " + reason.substr(0, reason.find(": the client must")) +
         "; a strict client fails the connection with 1002 (a browser reports 1006 or 1002 and drops what follows)";
}

}  // namespace

ruling verify_server_framing(const expectation& e, const expectation& server, const transcript& t) {
  if (server.kind == violation::protocol && server.rule != frame_rule::close_one_byte &&
      server.rule != frame_rule::unsendable_close_code)
    return ruled(e, outcome::fail, finding_of(server.kind, server.rule), server_fault(server.reason));
  if (server.data_after_close && server.kind == violation::none)  // a bad close frame is its own finding
    return ruled(e, outcome::fail, finding::data_after_close,
                 "the server sent data after its own close frame: " + server.data_after_close_reason + " (" +
                     std::to_string(t.frames.size() - *server.data_after_close) + " frame(s) from there seen)");
  return std::nullopt;
}

ruling verify_server_text(const expectation& e, const expectation& server, const transcript& t) {
  if (server.kind != violation::invalid_utf8 && server.kind != violation::truncated_utf8) return std::nullopt;
  // (unless the expectation itself names that message as an echo: a server model that delivers
  // invalid text, in the fuzzers; derive never expects one)
  std::size_t k = 0;  // the offending message's index: the data messages finished before its frame
  for (std::size_t i = 0; i < server.violating_frame && i < t.frames.size(); ++i)
    k += t.frames[i].fin && !is_control(t.frames[i].opcode);
  if (k < t.messages.size() && std::find(e.echoes.begin(), e.echoes.end(), t.messages[k]) != e.echoes.end())
    return std::nullopt;
  return ruled(e, outcome::fail, finding_of(server.kind),
               "the server sent text that is not UTF-8: " +
                   server.reason.substr(0, server.reason.find("; a text message must")) +
                   " (§8.1: a text message must be valid UTF-8, whoever sends it; a client fails the connection "
                   "with 1007)");
}

ruling verify_frames_wellformed(const expectation& e, const transcript& t) {
  if (t.protocol_error.empty()) return std::nullopt;
  return ruled(e, outcome::fail, finding::protocol_error, "server sent a malformed frame: " + t.protocol_error);
}

ruling verify_close_frame_wellformed(const expectation& e, const transcript& t) {
  if (!t.close_received) return std::nullopt;
  auto bad = [&](std::string why) { return ruled(e, outcome::fail, finding::bad_close_frame, std::move(why)); };
  if (t.close_payload_size == 1)
    return bad("server's close frame has a 1-byte payload (§5.5.1: none, or a 2-byte code first)");
  // (unless the expectation itself names the code: a server model that echoes it, in the fuzzers)
  if (t.close_code && !sendable_close_code(*t.close_code) &&
      std::find(e.close_codes.begin(), e.close_codes.end(), *t.close_code) == e.close_codes.end())
    return bad("server closed with code " + std::to_string(*t.close_code) + ", which may not be sent on the wire (§7.4)");
  if (!is_valid_utf8(t.close_reason))
    return bad("server's close reason is not valid UTF-8 (" + utf8_defect(t.close_reason) + "): §5.5.1 makes it UTF-8 text");
  return std::nullopt;
}

verdict size_limit(const expectation& e, const std::string& traffic, profile p) {
  return ruled(e, p == profile::application ? outcome::pass : outcome::fail, finding::size_limit,
               "closed " + traffic + " with 1009 (message too big) where no declared size limit calls for it: a size "
               "limit, not a UTF-8 verdict; if the endpoint has one, declare it with --max-message-size N");
}

ruling verify_no_close_on_valid(const expectation& e, const transcript& t, profile p) {
  if (!t.close_received || !t.server_initiated_close) return std::nullopt;
  // The one decision on closes of valid traffic (see `profile`): our echo targets never have a
  // reason to; a real application may, unless its code says the data was bad (1007, 1002).
  const bool application = p == profile::application;
  if (t.close_code == 1009) return size_limit(e, "valid traffic", p);
  if (application && t.close_code != 1007 && t.close_code != 1002)
    return ruled(e, outcome::pass, finding::application_close,
                 "closed valid traffic with " + code_of(t) + " after " + ms(t.close_ms) +
                     ": an application decision, not a verdict on the data");
  const std::string code = t.close_code ? std::to_string(*t.close_code) : "no code";
  return ruled(e, outcome::fail, finding::closed_valid, "closed valid traffic with " + code + " after " + ms(t.close_ms));
}

verdict verify_valid_traffic(const expectation& e, const transcript& t, profile p) {
  const bool application = p == profile::application;  // not an echo server; closes only when asked
  if (!application && t.messages.size() < e.echoes.size())
    return ruled(e, outcome::fail, finding::missing_echo,
                 "echoed " + std::to_string(t.messages.size()) + " of " + std::to_string(e.echoes.size()) +
                     " messages" +
                     (t.tcp_closed ? std::string(", then ") + (t.tcp_reset ? "reset" : "dropped") + " TCP without a close frame"
                                   : std::string(" before the deadline")));
  if (!t.close_received && t.tcp_closed)
    return ruled(e, outcome::fail, t.tcp_reset ? finding::tcp_reset : finding::tcp_drop,
                 std::string(t.tcp_reset ? "reset TCP (RST)" : "dropped TCP (FIN)") +
                     " without a close frame on valid traffic: a client sees 1006 (abnormal closure)");
  if (application) return ruled(e, outcome::pass, finding::none, "nothing to fail, and it did not close");
  if (!t.close_received)
    return ruled(e, outcome::fail, finding::no_close_reply, "did not answer the client's close frame before the deadline");
  if (reasons_are_terse()) return ruled(e, outcome::pass, finding::none, {});
  return ruled(e, outcome::pass, finding::none,
               "echoed all " + std::to_string(e.echoes.size()) + " messages unchanged and closed only when asked");
}

verdict never_failed(const expectation& e, const std::string& what) {
  const std::string expected = "expected close " + codes_text(e.close_codes);
  if (e.kind == violation::binary_on_text_only)
    return ruled(e, outcome::fail, finding::discarded_binary, "silently discarded the binary message: " + what + "; " + expected);
  if (e.kind == violation::message_too_big)
    return ruled(e, outcome::fail, finding::no_close,
                 what + "; " + expected + " for a message above the declared size limit (if its limit is larger, "
                 "declare that: --max-message-size N)");
  if (e.message_unfinished)
    return ruled(e, outcome::fail, finding::not_fail_fast,
                 what + ": the unfinished message is already invalid, but the server kept waiting for the rest "
                        "instead of failing fast");
  return ruled(e, outcome::fail, finding::no_close, what + "; " + expected);
}

ruling verify_close_code(const expectation& e, const transcript& t, profile p) {
  if (!t.close_received) return std::nullopt;
  const auto& codes = e.close_codes;
  if (codes.empty() || (t.close_code && std::find(codes.begin(), codes.end(), *t.close_code) != codes.end()))
    return std::nullopt;
  // Its close came only after our own later close frame, with that frame's code: an answer to
  // it (§5.5.1), not a verdict on the data before it.
  if (e.later_close_end && t.sent_when_closed >= *e.later_close_end && t.close_code == e.later_close_code)
    return never_failed(e, "no close of its own: it only answered the client's later close frame with the same " +
                               code_of(t));
  // 1009 says "too big", not "invalid": a limit nobody declared (or the message is under it).
  // Only where a message is at stake: a bad close reason or bad framing is no size matter.
  if (t.close_code == 1009 && e.kind != violation::protocol && e.kind != violation::invalid_close_reason)
    return size_limit(e, e.kind == violation::none ? "the connection" : "invalid traffic", p);
  return ruled(e, outcome::fail, finding::wrong_code, "closed with " + code_of(t) + ", expected " + codes_text(codes));
}

ruling verify_fail_fast(const expectation& e, const transcript& t) {
  if (!t.close_received || !e.strict_limit || t.sent_when_closed <= *e.strict_limit) return std::nullopt;
  return ruled(e, outcome::non_strict, finding::late_close,
               "closed with " + code_of(t) + " only after " + std::to_string(t.sent_when_closed) +
                   " bytes were sent; failing fast means closing once byte " + std::to_string(e.fail_offset) +
                   " has arrived (before byte " + std::to_string(*e.strict_limit + 1) + " was sent)");
}

namespace {

// Profile application: a record (a capture) that ends too soon after the point to act shows
// silence, not a decision (explain sets timed_out when it covers long enough).
ruling verify_record_covers(const expectation& e, const transcript& t, profile p) {
  if (p != profile::application || t.close_received || t.tcp_closed || t.timed_out) return std::nullopt;
  return ruled(e, outcome::skipped, finding::undecided,
               "no close within the " + ms(t.total_ms) + " the record covers: too soon to tell");
}

}  // namespace

verdict verify_expected_close(const expectation& e, const transcript& t, profile p) {
  if (auto v = verify_close_code(e, t, p)) return *v;
  if (auto v = verify_fail_fast(e, t)) return *v;
  if (t.close_received)
    return ruled(e, outcome::pass, finding::none,
                 reasons_are_terse() ? std::string() : "closed with " + code_of(t) + " after " + ms(t.close_ms));
  if (t.tcp_closed && p == profile::autobahn)
    return ruled(e, outcome::pass, finding::none,
                 "dropped TCP without a close frame after " + ms(t.tcp_closed_ms) +
                     " (accepted by profile autobahn; the strict profile reports tcp_drop)");
  if (t.tcp_closed && t.tcp_reset)
    return ruled(e, outcome::fail, finding::tcp_reset,
                 "reset TCP (RST) after " + ms(t.tcp_closed_ms) + " without a close frame; expected close " +
                     codes_text(e.close_codes) + ": a client sees 1006 (abnormal closure), and may lose data it "
                     "had not read yet");
  if (t.tcp_closed)
    return ruled(e, outcome::fail, finding::tcp_drop,
                 "closed TCP (FIN) after " + ms(t.tcp_closed_ms) + " without a close frame; expected close " +
                     codes_text(e.close_codes) + ": a client sees 1006 (abnormal closure)");
  if (auto v = verify_record_covers(e, t, p)) return *v;
  if (t.probe_pong_ms)  // the no-close probe: it read past the violation and did not close
    return never_failed(e, std::string(e.kind == violation::binary_on_text_only ? "no echo and no close: " : "no close: ") +
                               "it answered a ping sent after the last frame (its pong after " +
                               ms(*t.probe_pong_ms) + ") and sent no close in the " + ms(t.probe_grace_ms) +
                               " that followed (--probe-grace-ms N waits longer; 0 waits out the deadline)");
  if (e.kind == violation::binary_on_text_only) return never_failed(e, "no echo and no close within " + ms(t.total_ms));
  return never_failed(e, "no close within " + ms(t.total_ms));
}

verdict verify_close_reply(const expectation& e, const transcript& t) {
  if (t.close_received) return ruled(e, outcome::pass, finding::none, "answered the close with " + code_of(t));
  if (t.tcp_closed)
    return ruled(e, outcome::fail, finding::no_close_reply,
                 std::string(t.tcp_reset ? "reset" : "closed") + " TCP without answering the close frame (§5.5.1)");
  if (auto v = verify_record_covers(e, t, profile::application)) return *v;
  return ruled(e, outcome::fail, finding::no_close_reply,
               "did not answer the close frame within " + ms(t.total_ms) + " (§5.5.1)");
}

std::optional<std::string> note_reset_after_close(const transcript& t) {
  if (!t.close_received || !t.tcp_reset) return std::nullopt;
  return "the server reset TCP (RST) " + ms(t.tcp_closed_ms - t.close_ms) + " after its close frame " + code_of(t) +
         ": it closed its socket with the client's bytes unread; a client whose kernel has not yet handed that close frame "
         "to the application discards it and reports 1006 (abnormal closure) instead of the code (RFC 6455 §7.1.1: "
         "read until the peer's close, then close TCP)";
}

std::optional<std::string> note_tcp_left_open(const transcript& t) {
  if (!t.tcp_open_after_close_ms) return std::nullopt;
  return "the server kept TCP open " + ms(*t.tcp_open_after_close_ms) +
         " after the closing handshake, until we stopped waiting (RFC 6455 §7.1.1: the server SHOULD close "
         "the TCP connection first; the client then has to)";
}

}  // namespace wsh
