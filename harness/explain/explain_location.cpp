// Where a sender's stream first went wrong, in the terms a developer looks for: message,
// fragment, byte, and the bytes around it.
#include "explain_parts.hpp"

#include <algorithm>

#include "wsh/deflate.hpp"
#include "wsh/utf8_defect.hpp"
#include "wsh/utf8_validator.hpp"

namespace wsh::explain_detail {

namespace {
constexpr std::size_t window_context = 12;  // bytes shown each side of the offending sequence
}

sent_case to_case(const ws_side& side, party sender, const deflate_params& d) {
  sent_case out;
  out.c.id = sender == party::client ? "capture/client" : "capture/server";
  out.c.deflate = d.negotiated;
  const bool no_context = sender == party::client ? d.client_no_context_takeover : d.server_no_context_takeover;
  inflater inflate(no_context);
  std::size_t compressed_first = 0;  // index of the open compressed message's first frame + 1
  bytes compressed;
  for (std::size_t i = 0; i < side.frames.size(); ++i) {
    frame f = side.frames[i].w.f;  // masks as sent: derive() checks them by the sender's role
    const bool data_start = f.opcode == op::text || f.opcode == op::binary;
    if (d.negotiated && data_start) compressed_first = f.rsv1 ? i + 1 : 0;
    if (d.negotiated && compressed_first && !is_control(f.opcode)) {
      // A compressed message is checked as a whole: its plain bytes go into its final frame.
      compressed.insert(compressed.end(), f.payload.begin(), f.payload.end());
      f.payload.clear();
      if (f.fin) {
        std::string error;
        if (!inflate.inflate_message(compressed, f.payload, error))
          out.notes.push_back("message " + std::to_string(side.frames[i].message) + " could not be inflated (" + error +
                              "): its text was not checked");
        compressed.clear();
        compressed_first = 0;
      }
    }
    out.c.frames.push_back(std::move(f));
  }
  if (compressed_first)
    out.notes.push_back("compressed message " + std::to_string(side.frames[compressed_first - 1].message) +
                        " is unfinished in the capture: its text was not checked");
  return out;
}

std::optional<defect_location> locate(const ws_side& side, const sent_case& sent, const expectation& e) {
  if (e.kind == violation::none || e.violating_frame >= side.frames.size()) return std::nullopt;
  const std::size_t i = e.violating_frame;
  const seen_frame& s = side.frames[i];
  defect_location at;
  at.frame = i + 1;
  at.message = s.message;
  at.fragment = s.fragment;
  const std::size_t payload_at = s.w.offset + s.w.header_size;

  bytes text;  // the bytes judged: the message so far, or the close reason
  std::size_t before = 0;  // message bytes in earlier fragments
  if (e.kind == violation::invalid_close_reason) {
    at.message = at.fragment = 0;
    text.assign(s.w.f.payload.begin() + 2, s.w.f.payload.end());
    at.message_offset = e.payload_offset.value_or(0);
    at.fragment_offset = 2 + at.message_offset;
  } else {
    for (std::size_t j = 0; j < side.frames.size(); ++j) {
      if (side.frames[j].message != s.message || is_control(side.frames[j].w.f.opcode)) continue;
      ++at.fragments;
      if (j < i) before += sent.c.frames[j].payload.size();
      if (j <= i) text.insert(text.end(), sent.c.frames[j].payload.begin(), sent.c.frames[j].payload.end());
    }
    if (e.kind == violation::binary_on_text_only || e.kind == violation::protocol) return at;
    at.message_offset = e.payload_offset.value_or(text.size());
    const frame& first = sent.c.frames[i + 1 - s.fragment];
    at.compressed = sent.c.deflate && first.rsv1;
    if (!at.compressed) at.fragment_offset = at.message_offset - before;
  }
  if (at.fragment_offset) at.stream_offset = payload_at + *at.fragment_offset;

  const bool complete = e.kind != violation::invalid_utf8;  // an invalid byte needs no end
  at.defect = utf8_defect(text, complete);
  at.defect_class = defect_class(text, complete);
  utf8_validator v;
  if (v.feed(text) && complete) v.finish();
  at.mark_begin = std::min(v.sequence_start(), text.size());
  at.mark_end = std::min(at.message_offset + 1, text.size());
  at.window_start = at.mark_begin > window_context ? at.mark_begin - window_context : 0;
  const std::size_t window_end = std::min(text.size(), at.mark_end + window_context);
  at.window.assign(text.begin() + static_cast<std::ptrdiff_t>(at.window_start),
                   text.begin() + static_cast<std::ptrdiff_t>(window_end));
  return at;
}

std::string window_text(const defect_location& at) {
  std::string s = at.window_start > 0 ? "... " : "";
  for (std::size_t k = 0; k < at.window.size(); ++k) {
    const std::size_t off = at.window_start + k;
    if (off == at.mark_begin) s += "[";
    s += to_hex(byte_view(&at.window[k], 1));
    if (off + 1 == at.mark_end) s += "]";
    if (k + 1 < at.window.size()) s += " ";
  }
  if (at.mark_begin >= at.window_start + at.window.size()) s += " []";  // a message ending mid-sequence
  return s;
}

std::optional<split_character> split_inside_character(const ws_side& side, const sent_case& sent,
                                                      std::size_t frames_before) {
  utf8_validator v;
  std::size_t fragment_end = 0;
  for (std::size_t j = 0; j < std::min(frames_before, side.frames.size()); ++j) {
    const seen_frame& s = side.frames[j];
    if (is_control(s.w.f.opcode) || s.message == 0) continue;
    if (s.fragment == 1) {
      v.reset();
      fragment_end = 0;
    }
    const frame& first = sent.c.frames[j + 1 - s.fragment];
    if (first.opcode != op::text || (sent.c.deflate && first.rsv1)) continue;
    const bytes& p = sent.c.frames[j].payload;
    if (!v.feed(p)) continue;
    fragment_end += p.size();
    if (!s.w.f.fin && !v.at_boundary())
      return split_character{s.message, s.fragment, fragment_end};
  }
  return std::nullopt;
}

}  // namespace wsh::explain_detail
