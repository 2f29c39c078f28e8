// Who did what on a captured connection, and whether it was right: each direction's stream goes
// through the oracle's derive(); the other side's close (or silence) is judged against it.
#include "wsh/explain.hpp"

#include <algorithm>
#include <cstdio>

#include "explain_parts.hpp"
#include "wsh/utf8_validator.hpp"

namespace wsh {

using namespace explain_detail;

const char* to_string(party p) {
  switch (p) {
    case party::none: return "none";
    case party::client: return "client";
    case party::server: return "server";
  }
  return "?";
}

bool connection_explanation::defect() const {
  return std::any_of(findings.begin(), findings.end(), [](const explain_finding& f) { return f.who != party::none; });
}

namespace {

std::string ms_text(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.2f ms" : "%.0f ms", ms);
  return buf;
}

std::string code_text(const std::optional<std::uint16_t>& code) {
  return code ? std::to_string(*code) + " (" + close_code_meaning(*code) + ")" : "no status code";
}

std::optional<std::size_t> first_close(const ws_side& s) {
  for (std::size_t i = 0; i < s.frames.size(); ++i)
    if (s.frames[i].w.f.opcode == op::close) return i;
  return std::nullopt;
}

// derive() words its reasons for a server receiving; a client receiving fails the same way.
std::string for_receiver(std::string reason, party receiver) {
  if (receiver == party::client)
    for (std::size_t at; (at = reason.find("the server")) != std::string::npos;) reason.replace(at, 10, "the client");
  return reason;
}

// One direction: `sender` sent `sent`; `receiver` is the other side.
class direction_judge {
 public:
  direction_judge(const ws_connection& conn, party sender, const endpoint_policy& policy, connection_explanation& x)
      : x_(x),
        sender_(sender),
        receiver_(sender == party::client ? party::server : party::client),
        sent_(sender == party::client ? conn.from_client : conn.from_server),
        recv_(sender == party::client ? conn.from_server : conn.from_client),
        dir_(sender == party::client ? x.to_server : x.to_client),
        policy_(sender == party::client ? policy : endpoint_policy{}),
        cs_(to_case(sent_, sender, conn.deflate)),
        capture_end_ms_(conn.duration_ms) {}

  void run() {
    for (auto& n : cs_.notes) x_.notes.push_back(std::string(to_string(sender_)) + ": " + n);
    if (cs_.server_masked)
      add(sender_, "protocol", "the server masked its frames; a server must not (§5.1)", "send server frames unmasked");
    dir_.sender = sender_;
    dir_.receiver = reaction_of();
    const expectation all = derive(cs_.c, policy_);
    const std::optional<double> acted = acted_ms();
    if (all.kind != violation::none && arrived_before(all, acted)) {
      violation_seen(all);
    } else {
      dir_.where.reset();  // a violation after the receiver acted is not what it acted on
      dir_.defect_ms.reset();
      const test_case before = frames_before(acted);
      judged_frames_ = before.frames.size();
      dir_.e = derive(before, policy_);
      valid_seen();
      if (all.kind != violation::none)
        x_.notes.push_back("the " + std::string(to_string(sender_)) + " went on sending after the " +
                           to_string(receiver_) + " closed; what it sent after that (" + to_string(all.kind) +
                           ") is not judged");
    }
  }

 private:
  void add(party who, std::string kind, std::string what, std::string fix = {}) {
    x_.findings.push_back({who, std::move(kind), std::move(what), std::move(fix)});
  }
  std::string sender_name() const { return to_string(sender_); }
  std::string receiver_name() const { return to_string(receiver_); }

  reaction reaction_of() const {
    reaction r;
    if (auto i = first_close(recv_)) {
      const seen_frame& s = recv_.frames[*i];
      const bytes& p = s.w.f.payload;
      r.closed = true;
      r.frame = *i + 1;
      r.close_ms = s.first_ms;
      r.close_payload_size = p.size();
      if (p.size() >= 2) {
        r.code = close_code_of(p);
        r.reason.assign(p.begin() + 2, p.end());
      }
      const auto j = first_close(sent_);
      r.initiated = !j || sent_.frames[*j].first_ms > s.first_ms;
    }
    r.tcp_end = recv_.fin || recv_.rst;
    r.rst = recv_.rst;
    r.end_ms = recv_.end_ms;
    return r;
  }

  // When the receiver acted: its close frame, else the end of its TCP side.
  std::optional<double> acted_ms() const {
    if (dir_.receiver.closed) return dir_.receiver.close_ms;
    if (dir_.receiver.tcp_end) return dir_.receiver.end_ms;
    return std::nullopt;
  }

  // Stream offset after which the receiver had what it needs to fail.
  std::size_t fail_position(const expectation& e) const {
    if (dir_.where && dir_.where->stream_offset) return *dir_.where->stream_offset + 1;
    std::size_t i = e.violating_frame;
    const std::size_t msg = sent_.frames[i].message;
    if (msg && e.kind != violation::protocol)  // the whole message (compressed, or binary)
      while (i + 1 < sent_.frames.size() && (sent_.frames[i + 1].message == msg || is_control(sent_.frames[i + 1].w.f.opcode)) &&
             !sent_.frames[i].w.f.fin)
        ++i;
    return sent_.frames[i].w.offset + sent_.frames[i].w.wire_size();
  }

  bool arrived_before(const expectation& e, std::optional<double> acted) {
    dir_.where = locate(sent_, cs_, e);
    const std::size_t pos = fail_position(e);
    if (sent_.timed) dir_.defect_ms = sent_.ms_of(pos - 1);
    if (!acted || !sent_.timed) return true;
    return sent_.bytes_by(*acted) >= pos;
  }

  // The sender's frames that had fully arrived when the receiver acted.
  test_case frames_before(std::optional<double> acted) const {
    test_case c = cs_.c;
    if (!acted || !sent_.timed) return c;
    std::size_t n = 0;
    while (n < sent_.frames.size() && sent_.frames[n].ms <= *acted) ++n;
    c.frames.resize(n);
    return c;
  }

  bytes message_bytes(std::size_t message) const {
    bytes m;
    for (std::size_t j = 0; j < sent_.frames.size(); ++j)
      if (sent_.frames[j].message == message && !is_control(sent_.frames[j].w.f.opcode))
        m.insert(m.end(), cs_.c.frames[j].payload.begin(), cs_.c.frames[j].payload.end());
    return m;
  }

  void violation_seen(const expectation& e) {
    dir_.e = e;
    dir_.e.reason = for_receiver(e.reason, receiver_);
    const bytes msg = dir_.where && dir_.where->message ? message_bytes(dir_.where->message) : bytes{};
    add(sender_, to_string(e.kind), dir_.e.reason, sender_fix(e, dir_.where, msg));

    if (!recv_.timed) return;  // a bare stream: no receiver to judge
    const reaction& r = dir_.receiver;
    const double at = dir_.defect_ms.value_or(0);
    const std::string after = sent_.timed ? " " + ms_text(std::max(0.0, (r.closed ? r.close_ms : r.end_ms) - at)) +
                                                " after the offending bytes arrived"
                                          : "";
    const std::string expected = "close " + std::to_string(e.close_codes.front()) + " (§7.4.1)";
    const bool right =
        r.closed && r.code && std::find(e.close_codes.begin(), e.close_codes.end(), *r.code) != e.close_codes.end();
    if (!right) {
      if (const auto repaired = repaired_message_after(e, at)) {
        dir_.receiver_did = "replaced the invalid bytes with U+FFFD and echoed message " + std::to_string(*repaired);
        add(receiver_, "replaced_invalid",
            "the " + receiver_name() + " replaced the invalid bytes with U+FFFD and carried on (its message " +
                std::to_string(*repaired) + " is the valid start of the offending one, then EF BF BD); expected " +
                expected,
            "fail the connection with " + std::to_string(e.close_codes.front()) +
                " instead of repairing invalid text (§8.1)");
        return;
      }
    }
    if (r.closed) {
      const auto own = first_close(sent_);
      const bool echoed_own = !r.initiated && own && e.kind != violation::invalid_close_reason &&
                              sent_.frames[*own].w.f.payload.size() >= 2 && r.code &&
                              close_code_of(sent_.frames[*own].w.f.payload) == *r.code;
      if (right) {
        dir_.receiver_did = "closed with " + code_text(r.code) + after;
      } else if (echoed_own) {
        // It never failed the connection; it only answered the sender's close, code for code.
        dir_.receiver_did = "only answered the " + sender_name() + "'s own close, with " + code_text(r.code);
        // (the same classification as judge(): an unfinished message it kept waiting for is not_fail_fast)
        add(receiver_, e.message_unfinished ? "not_fail_fast" : "no_close",
            "the " + receiver_name() + " did not fail the connection: it only answered the " + sender_name() +
                "'s close; expected " + expected,
            "validate text messages as they arrive and fail with " + std::to_string(e.close_codes.front()));
      } else {
        dir_.receiver_did = "closed with " + code_text(r.code) + after;
        add(receiver_, "wrong_code",
            "the " + receiver_name() + " closed with " + code_text(r.code) + "; this input calls for " + expected,
            "fail the connection with " + std::to_string(e.close_codes.front()) + " for " + to_string(e.kind));
      }
      return;
    }
    // The sender gave up first (ended TCP before the receiver did): the receiver's FIN only
    // answers that one, and the receiver never failed the connection while it could.
    const bool sender_left = (sent_.fin || sent_.rst) && (!r.tcp_end || sent_.end_ms < r.end_ms);
    if (r.tcp_end && !sender_left) {
      dir_.receiver_did = std::string(r.rst ? "reset" : "closed") + " TCP without a close frame" + after;
      add(receiver_, "tcp_drop", "the " + receiver_name() + " " + (r.rst ? "reset" : "closed") +
                                     " TCP without a close frame" + after + "; expected " + expected,
          "send a close frame with " + std::to_string(e.close_codes.front()) + " before closing TCP");
      return;
    }
    const std::size_t later = count_messages_after(at);
    const double covered = (sender_left ? sent_.end_ms : capture_end_ms_) - at;
    dir_.receiver_did = "kept the connection open for " + std::string(sender_left ? "" : "the ") + ms_text(covered) +
                        (sender_left ? " after the offending bytes until the " + sender_name() + " ended TCP"
                                     : " the capture covers after the offending bytes") +
                        (later ? " and sent " + std::to_string(later) + " more message(s)" : "");
    if (!sender_left && later == 0 && covered < 1000 && sent_.timed) {
      x_.notes.push_back("the capture ends " + ms_text(covered) + " after the offending bytes: too soon to tell "
                         "whether the " + receiver_name() + " fails the connection");
      return;
    }
    add(receiver_, e.message_unfinished ? "not_fail_fast" : "no_close",
        "the " + receiver_name() + " " + dir_.receiver_did + "; expected " + expected +
            (e.message_unfinished ? " as soon as the unfinished message is invalid" : ""),
        "validate text messages (across fragments) and fail with " + std::to_string(e.close_codes.front()));
  }

  // An echo of the offending message with U+FFFD where it went wrong (an uncompressed, unfragmented
  // message of the receiver sent after `ms`): its 1-based message number.
  std::optional<std::size_t> repaired_message_after(const expectation& e, double ms) const {
    static const bytes replacement{0xEF, 0xBF, 0xBD};
    const bytes& pre = e.valid_prefix;
    for (const auto& s : recv_.frames) {
      const frame& f = s.w.f;
      if (s.first_ms < ms || f.opcode != op::text || !f.fin || s.fragment != 1 || f.rsv1) continue;
      const bytes& p = f.payload;
      if (p.size() >= pre.size() + 3 && std::equal(pre.begin(), pre.end(), p.begin()) &&
          std::equal(replacement.begin(), replacement.end(), p.begin() + static_cast<std::ptrdiff_t>(pre.size())))
        return s.message;
    }
    return std::nullopt;
  }

  std::size_t count_messages_after(double ms) const {
    std::size_t n = 0;
    for (const auto& s : recv_.frames)
      if (!is_control(s.w.f.opcode) && s.fragment == 1 && s.first_ms > ms) ++n;
    return n;
  }

  // Nothing wrong with what the sender sent before the receiver acted: judge the action itself.
  void valid_seen() {
    if (!recv_.timed) return;  // a bare stream: no receiver to judge
    const reaction& r = dir_.receiver;
    const auto own = first_close(sent_);
    const bool sender_closed_first = own && (!r.closed || !r.initiated);
    if (sender_closed_first) {
      // The receiver must answer a close frame (§5.5.1); its code is usually the same one.
      if (r.closed) dir_.receiver_did = "answered the " + sender_name() + "'s close with " + code_text(r.code);
      else if (r.tcp_end) {
        dir_.receiver_did = "ended TCP without answering the " + sender_name() + "'s close frame";
        if (!tcp_ended_before(sent_.frames[*own].first_ms))
          add(receiver_, "no_close_reply", "the " + receiver_name() + " " + dir_.receiver_did + " (§5.5.1)",
              "answer a close frame with a close frame before closing TCP");
      } else {
        dir_.receiver_did = "has not answered the " + sender_name() + "'s close when the capture ends";
      }
      return;
    }
    if (r.closed) {
      dir_.receiver_did = "closed first with " + code_text(r.code) + (sent_.timed ? " after " + ms_text(r.close_ms) : "");
      judge_close_of_valid(r);
      return;
    }
    if (r.tcp_end && !own) {
      dir_.receiver_did = std::string(r.rst ? "reset" : "closed") + " TCP without a close frame after " + ms_text(r.end_ms);
      if (gave_up_on_silent_peer())
        x_.notes.push_back("the " + receiver_name() + " gave up and " + dir_.receiver_did + ": the " + sender_name() +
                           " never answered what it had to fail");
      else if (first_to_end_tcp())
        add(receiver_, "tcp_drop", "the " + receiver_name() + " " + dir_.receiver_did + "; everything the " +
                                       sender_name() + " sent before was valid",
            "close with a close frame (1000 or the code that says why) before closing TCP");
      return;
    }
    dir_.receiver_did = "did not close";
  }

  // The receiver here is the sender of the other direction, whose invalid data its peer left
  // unanswered (already blamed there): ending TCP is then giving up, not a defect of its own.
  bool gave_up_on_silent_peer() const {
    const direction_explanation& other = sender_ == party::server ? x_.to_server : x_.to_client;
    return other.e.kind != violation::none && !other.receiver.closed;
  }

  bool tcp_ended_before(double ms) const { return (sent_.fin || sent_.rst) && sent_.end_ms <= ms; }
  bool first_to_end_tcp() const {
    return !(sent_.fin || sent_.rst) || dir_.receiver.end_ms <= sent_.end_ms;
  }

  void judge_close_of_valid(const reaction& r) {
    const std::string who = "the " + receiver_name();
    const std::size_t seen = dir_.e.echoes.size();
    if (!r.code) {
      add(party::none, "application_close", who + " closed without a status code: an application decision");
      return;
    }
    const std::uint16_t code = *r.code;
    if (receiver_ == party::client && (code == 1000 || code == 1001)) return;  // a client leaving: nothing to say
    const std::string last_msg = seen ? " after the " + sender_name() + "'s message " + std::to_string(seen) + " (" +
                                            std::to_string(dir_.e.echoes.back().payload.size()) + " bytes)"
                                      : "";
    if (code == 1009) {
      add(party::none, "size_limit", who + " closed with 1009 (message too big)" + last_msg +
                                         ": a size limit, not a UTF-8 verdict",
          "raise the " + receiver_name() + "'s message size limit, or send smaller messages");
      return;
    }
    if (code == 1007 || code == 1002) {
      std::string what = who + " closed with " + code_text(r.code) + ", but every frame the " + sender_name() +
                         " sent before it is valid" + (code == 1007 ? " and every text message is valid UTF-8" : "");
      std::string fix = code == 1007 ? "validate each text message as one UTF-8 stream across its fragments "
                                       "(RFC 6455 §5.6, §8.1), with a strict and complete RFC 3629 validator"
                                     : "fix the " + receiver_name() + "'s frame parser";
      if (auto split = split_inside_character(sent_, cs_, judged_frames_)) {
        what += "; message " + std::to_string(split->message) + " is split inside a character after fragment " +
                std::to_string(split->fragment) + " (message byte " + std::to_string(split->offset) +
                "), which is allowed: a " + receiver_name() + " that validates each fragment alone rejects it";
        fix += "; workaround on the " + sender_name() + ": split text only at character boundaries";
      } else if (seen) {
        const std::string hint = valid_text_hint(dir_.e.echoes.back().payload);
        if (!hint.empty()) what += "; " + hint;
      }
      add(receiver_, "closed_valid", what, fix);
      return;
    }
    if (code == 1003) {
      add(party::none, "application_close", who + " closed with 1003 (cannot accept this data type)" + last_msg +
                                                ": it refuses this kind of message");
      return;
    }
    add(party::none, "application_close",
        who + " closed with " + code_text(r.code) + last_msg + ": an application decision, not a verdict on the data");
  }

  connection_explanation& x_;
  party sender_, receiver_;
  const ws_side& sent_;
  const ws_side& recv_;
  direction_explanation& dir_;
  endpoint_policy policy_;
  sent_case cs_;
  double capture_end_ms_;
  std::size_t judged_frames_ = 0;  // the sender's frames that had arrived when the receiver acted
};

// A server that closed with 1003/1007 right after the client's binary message is a text-only
// endpoint refusing binary: the policy it implies, if that is what happened.
std::optional<endpoint_policy> implied_policy(const connection_explanation& x) {
  const reaction& r = x.to_server.receiver;
  if (!r.closed || !r.initiated || !r.code || (*r.code != 1003 && *r.code != 1007)) return std::nullopt;
  const auto& echoes = x.to_server.e.echoes;
  if (echoes.empty() || echoes.back().opcode != op::binary) return std::nullopt;
  return endpoint_policy{.text_only = true, .binary_close_code = *r.code};
}

std::string summarize(const connection_explanation& x) {
  for (party p : {party::server, party::client}) {
    for (const auto& f : x.findings) {
      if (f.who != p) continue;
      std::string s = p == party::server ? "SERVER DEFECT: " : "CLIENT DEFECT: ";
      const auto& dir = p == party::client ? x.to_server : x.to_client;
      if (f.kind == "invalid_utf8" || f.kind == "truncated_utf8" || f.kind == "invalid_close_reason") {
        s += "sent invalid UTF-8";
        if (dir.where) s += dir.where->message ? " in message " + std::to_string(dir.where->message) : " in its close reason";
        if (dir.where) s += " (" + dir.where->defect_class + ")";
        if (!dir.receiver_did.empty()) s += "; the " + std::string(p == party::client ? "server " : "client ") + dir.receiver_did;
        return s;
      }
      return s + (f.what.rfind("the ", 0) == 0 ? f.what.substr(4) : f.what);
    }
  }
  for (const auto& f : x.findings)
    if (f.kind == "size_limit" || f.kind == "application_close") return "no defect: " + f.what;
  const reaction& server = x.to_server.receiver;
  const reaction& client = x.to_client.receiver;
  if (!x.conn.from_server.timed) return "no defect: the stream is valid; a correct server does not close it";
  if (client.closed && client.initiated)
    return "no defect: the client closed with " + code_text(client.code) + "; the server " + x.to_server.receiver_did;
  if (server.closed || server.tcp_end) return "no defect: the server " + x.to_server.receiver_did;
  return "no defect: nobody closed during the capture";
}

connection_explanation judge_connection(const ws_connection& conn, const endpoint_policy& policy) {
  connection_explanation x;
  x.conn = conn;
  x.policy = policy;
  direction_judge(conn, party::client, policy, x).run();
  if (conn.from_server.timed) direction_judge(conn, party::server, policy, x).run();  // else a bare stream
  return x;
}

void add_capture_notes(connection_explanation& x) {
  for (party p : {party::client, party::server}) {
    const ws_side& s = p == party::client ? x.conn.from_client : x.conn.from_server;
    const std::string who = to_string(p);
    if (!s.decode_error.empty()) x.notes.push_back(who + ": frames after " + std::to_string(s.frames.size()) +
                                                   " could not be decoded: " + s.decode_error);
    if (s.gap_at)
      x.notes.push_back(who + ": the capture lost data at byte " + std::to_string(*s.gap_at) +
                        " after the handshake; nothing after it is judged");
    else if (s.undecoded && s.decode_error.empty())
      x.notes.push_back(who + ": the capture ends inside a frame (" + std::to_string(s.undecoded) + " bytes)");
  }
}

}  // namespace

connection_explanation explain(const ws_connection& conn, const explain_options& opt) {
  if (!conn.upgraded) {
    connection_explanation x;
    x.conn = conn;
    x.summary = "not judged: " + conn.problem;
    return x;
  }
  connection_explanation x = judge_connection(conn, opt.policy.value_or(endpoint_policy{}));
  if (!opt.policy) {
    if (auto p = implied_policy(x)) {
      x = judge_connection(conn, *p);
      x.policy_inferred = true;
      x.notes.push_back("the server refused a binary message with " + std::to_string(p->binary_close_code) +
                        ": judged as a text-only endpoint (say --text-only --binary-close-code " +
                        std::to_string(p->binary_close_code) + " to state it)");
    }
  }
  add_capture_notes(x);
  x.summary = summarize(x);
  return x;
}

ws_connection bare_connection(byte_view stream, bool deflate) {
  ws_connection c;
  c.upgraded = true;
  c.deflate.negotiated = deflate;
  c.from_client = read_frames(stream);
  return c;
}

}  // namespace wsh
