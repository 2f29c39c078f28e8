// Internals of wsh::explain, one concern per source file: explain_location.cpp (where a stream
// went wrong), explain_transcript.cpp (what the receiver did, as a transcript for judge()),
// explain_advice.cpp (what to change), explain.cpp (who is at fault for judge()'s verdict).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "wsh/explain.hpp"
#include "wsh/test_case.hpp"
#include "wsh/transcript.hpp"

namespace wsh::explain_detail {

// What one side sent, as a case the oracle can walk: frames 1:1 with the captured ones (masks
// as sent), compressed messages inflated (plain bytes in their final frame).
struct sent_case {
  test_case c;
  std::vector<std::string> notes;   // what could not be inflated
};
sent_case to_case(const ws_side& side, party sender, const deflate_params& d);

// The index of a side's first close frame, if it sent one.
std::optional<std::size_t> first_close(const ws_side& s);

// One direction of a captured connection: the sender's side and the receiver's, and what the
// capture says about their timing (explain_transcript.cpp).
struct direction_sides {
  const ws_side& sent;
  const ws_side& recv;
  party receiver = party::server;
  deflate_params deflate;
  double capture_end_ms = 0;

  reaction receiver_reaction() const;                // its first close frame, its TCP end
  bool sender_left(const reaction& r) const;         // the sender ended TCP first
  std::size_t messages_after(double ms) const;       // receiver's messages begun after `ms`
  double covered_ms(const reaction& r, double due_ms) const;  // capture time after `due_ms`
};
// What the receiver did, as the runner records a server, for judge(): its messages (inflated),
// its close, how much of the sender's stream it had then, its TCP end, and whether the capture
// covers enough after `due_ms` (when it had to act: a violation, or the sender's close frame when
// `answers_close`) to stand for a deadline.
transcript receiver_transcript(const direction_sides& d, const reaction& r, bool violation, bool answers_close,
                               double due_ms);

// Where the expectation's violation sits, or nullopt when there is none.
std::optional<defect_location> locate(const ws_side& side, const sent_case& sent, const expectation& e);
// "... 6b cf 8c [ed a0 80] 61": the window in hex with the offending sequence in brackets.
std::string window_text(const defect_location& at);

// A fragment of a valid text message that ends inside a character (among the first
// `frames_before` frames): what a server validating each fragment alone rejects.
struct split_character {
  std::size_t message = 0, fragment = 0;
  std::size_t offset = 0;  // message offset where the fragment ends
};
std::optional<split_character> split_inside_character(const ws_side& side, const sent_case& sent,
                                                      std::size_t frames_before);

// The likely fix on the sending side for a violation of this class (explain_advice.cpp).
std::string sender_fix(const expectation& e, const std::optional<defect_location>& at, const bytes& message);
// The likely fix on the receiving side for what judge() found (empty: none to give).
std::string receiver_fix(finding kind, const expectation& e, std::optional<std::uint16_t> closed_with,
                         const std::string& receiver);
// What a close code means, in a few words ("normal closure", "message too big").
std::string close_code_meaning(std::uint16_t code);
// A guess at why a receiver rejected valid text (4-byte characters, noncharacters, U+0000).
std::string valid_text_hint(const bytes& message);

}  // namespace wsh::explain_detail
