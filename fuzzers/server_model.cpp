#include "server_model.hpp"

#include <algorithm>
#include <optional>

#include "wsh/utf8_validator.hpp"

namespace wsh::libfuzzer {

namespace {

// The oracle's strict expectation for these frames. No per-thread cache of a test_case to copy
// them into: a cache whose buffers grow makes libFuzzer count more mallocs than frees and run
// the input again to look for a leak.
expectation derive_frames(const std::vector<frame>& frames, const endpoint_policy& policy) {
  return derive(std::span<const frame>(frames), policy);
}

bool non_minimal(const frame& f) {
  const std::size_t n = f.payload.size();
  return (f.length == length_form::bits16 && n <= 125) || (f.length == length_form::bits64 && n <= 0xFFFF);
}

// Index of the first data frame of the message whose final frame is `last`.
std::size_t message_start(const std::vector<frame>& frames, std::size_t last) {
  for (std::size_t j = last + 1; j-- > 0;)
    if (!is_control(frames[j].opcode) && frames[j].opcode != op::continuation) return j;
  return 0;
}

// The frames without the data frames of the message whose final frame is `last` (control
// frames sent in between stay).
std::vector<frame> without_message(const std::vector<frame>& frames, std::size_t last) {
  const std::size_t first = message_start(frames, last);
  std::vector<frame> rest;
  for (std::size_t j = 0; j < frames.size(); ++j)
    if (j < first || j > last || is_control(frames[j].opcode)) rest.push_back(frames[j]);
  return rest;
}

bytes message_payload(const std::vector<frame>& frames, std::size_t last) {
  bytes out;
  for (std::size_t j = message_start(frames, last); j <= last; ++j)
    if (!is_control(frames[j].opcode)) out.insert(out.end(), frames[j].payload.begin(), frames[j].payload.end());
  return out;
}

// Frames a server reads before it stops: up to the violating frame, or to the end of the binary
// message a text-only endpoint refuses (it sees the whole message first), or all of them.
std::size_t reached(const std::vector<frame>& frames, const expectation& e) {
  if (!e.close) return frames.size();
  if (e.kind != violation::binary_on_text_only) return e.violating_frame + 1;
  for (std::size_t j = e.violating_frame; j < frames.size(); ++j)
    if (!is_control(frames[j].opcode) && frames[j].fin) return j + 1;
  return frames.size();
}

// --- shared rules ----------------------------------------------------------------------------
// Both glues (fuzzers/*_memory_server.cpp):
const deviation glue_binary_at_end{
    "glue/binary-refused-at-message-end",
    "a text-only endpoint refuses a binary message when the library hands it over, i.e. complete; until then it "
    "is an open message like any other: frames sent in between are processed (a broken one fails the "
    "connection first) and a message that never ends is never refused (the oracle's fail-fast ideal closes at "
    "its first frame)"};

// The glue's message handler only sees complete messages: until then, the open binary message
// is handled as on an endpoint that takes binary.
template <class Model>
std::optional<model> binary_at_end_rule(const std::vector<frame>& frames, const endpoint_policy& policy,
                                        const expectation& e, Model recurse) {
  if (e.kind != violation::binary_on_text_only) return std::nullopt;
  endpoint_policy open = policy;
  open.text_only = false;
  const std::size_t end = reached(frames, e);  // one past the message's final frame, if any
  model r = recurse(std::vector<frame>(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(end)), open);
  if (!e.message_unfinished && !r.e.close) return std::nullopt;  // refused at its end: the oracle holds
  if (e.message_unfinished) r = recurse(frames, open);
  r.applied.insert(r.applied.begin(), &glue_binary_at_end);
  return r;
}

// Whether the oracle's protocol violation in this frame shows in its first two bytes (RSV, mask
// bit, opcode, control frame size/FIN, message sequence), i.e. before its length is read. Only a
// well-formed close frame can break the protocol in its payload (1-byte payload, bad code).
bool header_level(const frame& f) {
  const bool clean_close = f.opcode == op::close && f.fin && f.payload.size() <= 125 && !f.rsv1 && !f.rsv2 &&
                           !f.rsv3 && f.mask.has_value();
  return !clean_close;
}

// Both libraries check the length form on the frame header, before anything else about that
// frame: the frames before it follow the server's model, then it closes with `data_code` (1002
// for a control frame).
template <class Model>
std::optional<model> non_minimal_rule(const std::vector<frame>& frames, const endpoint_policy& policy,
                                      const expectation& e, std::uint16_t data_code, const deviation* d,
                                      Model recurse) {
  std::size_t limit = reached(frames, e);
  if (e.close && e.kind == violation::protocol && header_level(frames[e.violating_frame])) --limit;
  const auto end = frames.begin() + static_cast<std::ptrdiff_t>(limit);
  const auto bad = std::find_if(frames.begin(), end, non_minimal);
  if (bad == end) return std::nullopt;
  const std::vector<frame> prefix(frames.begin(), bad);
  model p = recurse(prefix, policy);
  if (p.e.close) return p;
  p.e.close = true;
  p.e.kind = violation::protocol;
  // A control frame's 126/127 length code already breaks "control frames carry <= 125 bytes".
  p.e.close_codes = {is_control(bad->opcode) ? std::uint16_t{1002} : data_code};
  p.e.violating_frame = prefix.size();
  p.e.reason = "frame " + std::to_string(prefix.size() + 1) + ": payload length not in its shortest form (§5.2)";
  p.applied.push_back(d);
  return p;
}

// --- websocketpp 0.8.2 -----------------------------------------------------------------------
const deviation wspp_non_minimal{
    "wspp/non-minimal-length-1011",
    "fails a data frame whose payload length is not in its shortest form with 1011 (internal error) where a "
    "protocol error is 1002 (a control frame: 1002); RFC 6455 §5.2 makes the shortest form a MUST for the "
    "sender, the oracle does not fail it"};
const deviation wspp_fragment_truncated{
    "wspp/fragmented-truncated-utf8-dropped",
    "a fragmented text message ending inside a UTF-8 sequence is not failed: its end-of-message check looks "
    "at the continuation frame's opcode; the message is dropped (send() refuses it) and the connection goes on"};
const deviation wspp_close_reason{
    "wspp/close-reason-1002", "an invalid UTF-8 close reason is failed with 1002 instead of 1007"};

model wspp_model(const std::vector<frame>& frames, const endpoint_policy& policy) {
  model m{derive_frames(frames, policy), {}, {}};
  // The binary rule first: it re-derives with the open message, exposing header-level errors.
  if (auto r = binary_at_end_rule(frames, policy, m.e, wspp_model)) return *r;
  if (auto r = non_minimal_rule(frames, policy, m.e, 1011, &wspp_non_minimal, wspp_model)) return *r;

  if (m.e.kind == violation::truncated_utf8 && frames[m.e.violating_frame].opcode == op::continuation) {
    // The server behaves as if the message had never been sent.
    model r = wspp_model(without_message(frames, m.e.violating_frame), policy);
    r.applied.insert(r.applied.begin(), &wspp_fragment_truncated);
    return r;
  }

  if (m.e.kind == violation::invalid_close_reason) {
    m.e.close_codes = {1002};
    m.applied.push_back(&wspp_close_reason);
  }
  return m;
}

// --- Boost.Beast 1.74 -------------------------------------------------------------------------
const deviation beast_empty_final{
    "beast/empty-final-fragment-skips-utf8-check",
    "a fragmented text message whose final frame has an empty payload is never checked for ending inside a "
    "UTF-8 sequence (read.hpp calls utf8_checker::finish() only while copying payload bytes): the invalid "
    "message is delivered (and echoed); and as finish() is also what resets the checker, the unfinished "
    "sequence carries over into the next text message (fuzzing stops the input after this message)"};
const deviation beast_non_minimal{
    "beast/non-minimal-length-1002",
    "fails a frame whose payload length is not in its shortest form with 1002; RFC 6455 §5.2 makes the shortest "
    "form a MUST for the sender, the oracle does not fail it"};
const deviation beast_close_code_5000{
    "beast/close-code-above-4999-echoed",
    "a client close with a code of 5000 or more is taken as valid and echoed, where RFC 6455 §7.4.2 defines no "
    "such codes and the oracle expects 1002 (is_valid_close_code accepts everything above 2999)"};
const deviation beast_close_code_1014{
    "beast/close-code-1014-1002",
    "a client close with code 1014 (Bad Gateway, in the IANA registry) is failed with 1002: Beast 1.74 lists 1014 "
    "as reserved"};
const deviation beast_close_reason{
    "beast/close-reason-1002", "an invalid UTF-8 close reason is failed with 1002 instead of 1007"};

model beast_model(const std::vector<frame>& frames, const endpoint_policy& policy) {
  model m{derive_frames(frames, policy), {}, {}};
  // The binary rule first: it re-derives with the open message, exposing header-level errors.
  if (auto r = binary_at_end_rule(frames, policy, m.e, beast_model)) return *r;
  if (auto r = non_minimal_rule(frames, policy, m.e, 1002, &beast_non_minimal, beast_model)) return *r;
  const std::size_t last = m.e.violating_frame;
  if (m.e.kind == violation::truncated_utf8 && frames[last].opcode == op::continuation &&
      frames[last].payload.empty()) {
    // Delivered as if valid, after the other frames up to here; then the input is cut.
    const std::vector<frame> upto(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(last) + 1);
    model r = beast_model(without_message(upto, last), policy);
    r.e.echoes.push_back({op::text, message_payload(frames, last)});
    r.applied.insert(r.applied.begin(), &beast_empty_final);
    r.send_frames = last + 1;
    return r;
  }
  if (m.e.kind == violation::invalid_close_reason) {
    m.e.close_codes = {1002};
    m.applied.push_back(&beast_close_reason);
  }
  if (m.e.close && m.e.client_closes && frames[last].opcode == op::close && frames[last].payload.size() >= 2) {
    const auto& p = frames[last].payload;
    const std::uint16_t code = close_code_of(p);
    if (code >= 5000 && m.e.kind == violation::protocol && !header_level(frames[last]) &&
        is_valid_utf8(byte_view(p).subspan(2))) {
      m.e.close_codes = {code};
      m.applied.push_back(&beast_close_code_5000);
    } else if (code == 1014) {
      m.e.close_codes = {1002};
      m.applied.push_back(&beast_close_code_1014);
    }
  }
  return m;
}

}  // namespace

const char* to_string(server_kind s) { return s == server_kind::websocketpp ? "websocketpp" : "beast"; }

model expect(server_kind server, const std::vector<frame>& frames, const endpoint_policy& policy, bool strict) {
  if (strict) return {derive_frames(frames, policy), {}, {}};
  switch (server) {
    case server_kind::websocketpp: return wspp_model(frames, policy);
    case server_kind::beast: return beast_model(frames, policy);
  }
  return {};
}

std::vector<const deviation*> deviations(server_kind server) {
  if (server == server_kind::websocketpp) return {&glue_binary_at_end, &wspp_non_minimal, &wspp_fragment_truncated, &wspp_close_reason};
  return {&glue_binary_at_end, &beast_non_minimal, &beast_empty_final, &beast_close_reason, &beast_close_code_5000, &beast_close_code_1014};
}

}  // namespace wsh::libfuzzer
