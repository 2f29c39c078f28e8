// Who did what on a captured connection, and whether it was right: each direction's stream goes
// through the oracle's derive(), the other side becomes a transcript and judge() rules on it;
// explain adds only where it went wrong, who is at fault, and the fix.
#include "wsh/explain.hpp"

#include <algorithm>
#include <cstdio>

#include "explain_parts.hpp"
#include "wsh/verifiers.hpp"

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

// One direction: `sender` sent `sent`; `receiver` is the other side. derive() reads what the
// sender sent, the receiver's side becomes a transcript, and judge() (profile application) says
// whether the receiver was right; this class only locates the defect, blames and advises.
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
        role_(sender == party::client ? role::client_frames : role::server_frames),
        cs_(to_case(sent_, sender, conn.deflate)),
        sides_{sent_, recv_, receiver_, conn.deflate, conn.duration_ms} {}

  void run() {
    for (auto& n : cs_.notes) x_.notes.push_back(std::string(to_string(sender_)) + ": " + n);
    dir_.sender = sender_;
    dir_.receiver = sides_.receiver_reaction();
    const expectation all = derive(cs_.c, policy_, profile::strict, role_);
    dir_.e = what_it_acted_on(all);
    violation_ = dir_.e.kind != violation::none;
    dir_.where.reset();
    dir_.defect_ms.reset();
    if (violation_) {
      locate_defect(dir_.e);
      const bytes msg = dir_.where && dir_.where->message ? message_bytes(dir_.where->message) : bytes{};
      add(sender_, finding_of(dir_.e.kind, dir_.e.rule), dir_.e.reason, sender_fix(dir_.e, dir_.where, msg));
    } else if (all.kind != violation::none) {
      x_.notes.push_back("the " + std::string(to_string(sender_)) + " went on sending after the " +
                         to_string(receiver_) + " closed; what it sent after that (" + to_string(all.kind) +
                         ") is not judged");
    }
    if (all.data_after_close)  // the sender's own close, then data: its defect, nothing for the receiver to do
      add(sender_, finding::data_after_close, all.data_after_close_reason,
          "send no data frame after the close frame; finish sending before closing");
    if (!recv_.timed) return;  // a bare stream: no receiver to judge
    const transcript t = receiver_transcript(sides_, dir_.receiver, violation_, dir_.e.close, due_ms());
    const verdict v = judge(dir_.e, t, profile::application);
    dir_.receiver_did = receiver_did(v, t);
    if (receiver_ == party::server)  // e.g. its close frame, then an RST
      for (const auto& n : v.notes) x_.notes.push_back(n);
    blame(v, t);
  }

 private:
  void add(party who, finding kind, std::string what, std::string fix = {}) {
    x_.findings.push_back({who, kind, std::move(what), std::move(fix)});
  }
  std::string sender_name() const { return to_string(sender_); }
  std::string receiver_name() const { return to_string(receiver_); }

  // The expectation for what the receiver acted on: the sender's violation if its bytes had
  // arrived when the receiver acted, else what the frames that had arrived call for.
  expectation what_it_acted_on(const expectation& all) {
    const std::optional<double> acted = acted_ms();
    judged_frames_ = sent_.frames.size();
    if (all.kind != violation::none && arrived_before(all, acted)) return all;
    const test_case before = frames_before(acted);
    judged_frames_ = before.frames.size();
    return derive(before, policy_, profile::strict, role_);
  }

  // When the receiver acted: its close frame, else the end of its TCP side.
  std::optional<double> acted_ms() const {
    if (dir_.receiver.closed) return dir_.receiver.close_ms;
    if (dir_.receiver.tcp_end) return dir_.receiver.end_ms;
    return std::nullopt;
  }

  // Stream offset after which the receiver had what it needs to fail: the offending byte, or for
  // a message (or close reason) that ends inside a character, the end of its frame.
  std::size_t fail_position(const expectation& e) const {
    std::size_t i = e.violating_frame;
    const std::size_t frame_end = sent_.frames[i].w.offset + sent_.frames[i].w.wire_size();
    if (dir_.where && dir_.where->stream_offset) return std::min(*dir_.where->stream_offset + 1, frame_end);
    const std::size_t msg = sent_.frames[i].message;
    if (msg && e.kind != violation::protocol)  // the whole message (compressed, or binary)
      while (i + 1 < sent_.frames.size() && (sent_.frames[i + 1].message == msg || is_control(sent_.frames[i + 1].w.f.opcode)) &&
             !sent_.frames[i].w.f.fin)
        ++i;
    return sent_.frames[i].w.offset + sent_.frames[i].w.wire_size();
  }

  // Where the violation is and when its bytes were captured; the position after which the
  // receiver had what it needs to fail.
  std::size_t locate_defect(const expectation& e) {
    dir_.where = locate(sent_, cs_, e);
    const std::size_t pos = fail_position(e);
    if (sent_.timed) dir_.defect_ms = sent_.ms_of(pos - 1);
    return pos;
  }

  bool arrived_before(const expectation& e, std::optional<double> acted) {
    const std::size_t pos = locate_defect(e);
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

  // When the receiver had to act: the offending bytes, else the sender's close frame.
  double due_ms() const {
    if (violation_) return dir_.defect_ms.value_or(0);
    const auto own = first_close(sent_);
    return own ? sent_.frames[*own].first_ms : 0;
  }
  bool sender_left() const { return sides_.sender_left(dir_.receiver); }
  double covered_ms() const { return sides_.covered_ms(dir_.receiver, due_ms()); }
  std::size_t messages_after(double ms) const { return sides_.messages_after(ms); }

  std::string after_defect() const {
    const reaction& r = dir_.receiver;
    if (!sent_.timed) return {};
    return " " + ms_text(std::max(0.0, (r.closed ? r.close_ms : r.end_ms) - due_ms())) + " after the offending bytes arrived";
  }

  static bool silent(finding k) {
    return k == finding::no_close || k == finding::not_fail_fast || k == finding::discarded_binary;
  }

  // One line: what the receiver did (the verdict only picks the words for a repair or an answer).
  std::string receiver_did(const verdict& v, const transcript& t) const {
    const reaction& r = dir_.receiver;
    const std::string how = r.rst ? "reset" : "closed";
    if (v.kind == finding::replaced_invalid)
      return "replaced the invalid bytes with U+FFFD and echoed message " + std::to_string(repaired_message(t));
    if (violation_) {
      if (r.closed && silent(v.kind))
        return "only answered the " + sender_name() + "'s own close, with " + code_text(r.code);
      if (r.closed) return "closed with " + code_text(r.code) + after_defect();
      if (t.tcp_closed) return how + " TCP without a close frame" + after_defect();
      const std::size_t later = messages_after(due_ms());
      const bool left = sender_left();
      return "kept the connection open for " + std::string(left ? "" : "the ") + ms_text(covered_ms()) +
             (left ? " after the offending bytes until the " + sender_name() + " ended TCP"
                   : " the capture covers after the offending bytes") +
             (later ? " and sent " + std::to_string(later) + " more message(s)" : "");
    }
    if (dir_.e.close) {  // the sender closed first
      if (r.closed) return "answered the " + sender_name() + "'s close with " + code_text(r.code);
      if (r.tcp_end) return "ended TCP without answering the " + sender_name() + "'s close frame";
      return "has not answered the " + sender_name() + "'s close when the capture ends";
    }
    if (r.closed)
      return "closed first with " + code_text(r.code) + (sent_.timed ? " after " + ms_text(r.close_ms) : "");
    if (r.tcp_end && !first_close(sent_)) return how + " TCP without a close frame after " + ms_text(r.end_ms);
    return "did not close";
  }

  // The receiver's 1-based message that repairs the offending one (verify_no_repair found it).
  std::size_t repaired_message(const transcript& t) const {
    for (std::size_t k = 0; k < t.messages.size(); ++k)
      if (is_repair(dir_.e, t.messages[k].payload) &&
          std::find(dir_.e.echoes.begin(), dir_.e.echoes.end(), t.messages[k]) == dir_.e.echoes.end())
        return k + 1;
    return 0;
  }

  // Who is at fault for what the verdict found, in words; notes where nobody is.
  void blame(const verdict& v, const transcript& t) {
    const std::string who = "the " + receiver_name();
    const reaction& r = dir_.receiver;
    if (!violation_ && !r.closed && r.tcp_end && !first_close(sent_) && gave_up_on_silent_peer())
      return x_.notes.push_back(who + " gave up and " + dir_.receiver_did + ": the " + sender_name() +
                                " never answered what it had to fail");
    const std::string code = dir_.e.close_codes.empty() ? "" : std::to_string(dir_.e.close_codes.front());
    const std::string expected = "close " + code + " (§7.4.1)";
    const std::string& did = dir_.receiver_did;
    const std::string fix = receiver_fix(v.kind, dir_.e, dir_.receiver.code, receiver_name());
    switch (v.kind) {
      case finding::none: return;
      case finding::undecided:
        if (violation_)
          x_.notes.push_back("the capture ends " + ms_text(covered_ms()) + " after the offending bytes: too soon to "
                             "tell whether the " + receiver_name() + " fails the connection");
        return;
      case finding::application_close: return application_close();
      case finding::size_limit:
        return add(party::none, v.kind, who + " closed with 1009 (message too big)" + last_message() +
                                            ": a size limit, not a UTF-8 verdict", fix);
      case finding::closed_valid: return closed_valid(fix);
      case finding::replaced_invalid:
        return add(receiver_, v.kind,
                   who + " replaced the invalid bytes with U+FFFD and carried on (its message " +
                       std::to_string(repaired_message(t)) +
                       " is the valid start of the offending one, then EF BF BD); expected " + expected,
                   fix);
      case finding::wrong_code:
        return add(receiver_, v.kind, who + " closed with " + code_text(dir_.receiver.code) +
                                          "; this input calls for " + expected, fix);
      case finding::tcp_drop:
      case finding::tcp_reset:
        return add(receiver_, v.kind, who + " " + did + (violation_ ? "; expected " + expected
                                                                    : "; everything the " + sender_name() +
                                                                          " sent before was valid"), fix);
      case finding::no_close_reply: return add(receiver_, v.kind, who + " " + did + " (§5.5.1)", fix);
      default:
        if (r.closed)  // it only answered the sender's close
          return add(receiver_, v.kind, who + " did not fail the connection: it only answered the " + sender_name() +
                                            "'s close; expected " + expected,
                     "validate text messages as they arrive and fail with " + code);
        return add(receiver_, v.kind, who + " " + did + "; expected " + expected +
                                          (v.kind == finding::not_fail_fast ? " as soon as the unfinished message is invalid" : ""),
                   fix);
    }
  }

  // The receiver here is the sender of the other direction, whose invalid data its peer left
  // unanswered (already blamed there): ending TCP is then giving up, not a defect of its own.
  bool gave_up_on_silent_peer() const {
    const direction_explanation& other = sender_ == party::server ? x_.to_server : x_.to_client;
    return other.e.kind != violation::none && !other.receiver.closed;
  }

  std::string last_message() const {
    const std::size_t seen = dir_.e.echoes.size();
    return seen ? " after the " + sender_name() + "'s message " + std::to_string(seen) + " (" +
                      std::to_string(dir_.e.echoes.back().payload.size()) + " bytes)"
                : "";
  }

  void application_close() {
    const std::string who = "the " + receiver_name();
    const auto& code = dir_.receiver.code;
    if (!code) return add(party::none, finding::application_close, who + " closed without a status code: an application decision");
    if (receiver_ == party::client && (*code == 1000 || *code == 1001)) return;  // a client leaving: nothing to say
    if (*code == 1003)
      return add(party::none, finding::application_close, who + " closed with 1003 (cannot accept this data type)" +
                                                              last_message() + ": it refuses this kind of message");
    add(party::none, finding::application_close,
        who + " closed with " + code_text(code) + last_message() + ": an application decision, not a verdict on the data");
  }

  void closed_valid(std::string fix) {
    const std::uint16_t code = dir_.receiver.code.value_or(0);
    std::string what = "the " + receiver_name() + " closed with " + code_text(dir_.receiver.code) +
                       ", but every frame the " + sender_name() + " sent before it is valid" +
                       (code == 1007 ? " and every text message is valid UTF-8" : "");
    if (auto split = split_inside_character(sent_, cs_, judged_frames_)) {
      what += "; message " + std::to_string(split->message) + " is split inside a character after fragment " +
              std::to_string(split->fragment) + " (message byte " + std::to_string(split->offset) +
              "), which is allowed: a " + receiver_name() + " that validates each fragment alone rejects it";
      fix += "; workaround on the " + sender_name() + ": split text only at character boundaries";
    } else if (!dir_.e.echoes.empty()) {
      const std::string hint = valid_text_hint(dir_.e.echoes.back().payload);
      if (!hint.empty()) what += "; " + hint;
    }
    add(receiver_, finding::closed_valid, what, fix);
  }

  connection_explanation& x_;
  party sender_, receiver_;
  const ws_side& sent_;
  const ws_side& recv_;
  direction_explanation& dir_;
  endpoint_policy policy_;
  role role_;
  sent_case cs_;
  direction_sides sides_;
  bool violation_ = false;         // the sender's violation had arrived when the receiver acted
  std::size_t judged_frames_ = 0;  // the sender's frames that had arrived when the receiver acted
};

// A server that closed with 1003/1007 right after the client's binary message is a text-only
// endpoint refusing binary: the policy it implies, if that is what happened.
std::optional<endpoint_policy> implied_policy(const connection_explanation& x) {
  const reaction& r = x.to_server.receiver;
  if (!r.closed || !r.initiated || !r.code || (*r.code != 1003 && *r.code != 1007)) return std::nullopt;
  const auto& echoes = x.to_server.e.echoes;
  if (echoes.empty() || echoes.back().opcode != op::binary) return std::nullopt;
  return endpoint_policy{
      .text_only = true, .binary_close_code = *r.code, .max_message_size = x.policy.max_message_size};
}

std::string summarize(const connection_explanation& x) {
  for (party p : {party::server, party::client}) {
    for (const auto& f : x.findings) {
      if (f.who != p) continue;
      std::string s = p == party::server ? "SERVER DEFECT: " : "CLIENT DEFECT: ";
      const auto& dir = p == party::client ? x.to_server : x.to_client;
      if (f.kind == finding::invalid_utf8 || f.kind == finding::truncated_utf8 || f.kind == finding::invalid_close_reason) {
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
    if (f.kind == finding::size_limit || f.kind == finding::application_close) return "no defect: " + f.what;
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
  endpoint_policy stated = opt.policy.value_or(endpoint_policy{});
  if (opt.max_message_size) stated.max_message_size = opt.max_message_size;
  connection_explanation x = judge_connection(conn, stated);
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
