// Internals of wsh::explain, one concern per source file: explain_location.cpp (where a stream
// went wrong), explain_advice.cpp (what to change), explain.cpp (who did what, the verdict).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "wsh/explain.hpp"
#include "wsh/test_case.hpp"

namespace wsh::explain_detail {

// What one side sent, as a case the oracle can walk: frames 1:1 with the captured ones, masked
// like a client's, compressed messages inflated (plain bytes in their final frame).
struct sent_case {
  test_case c;
  bool server_masked = false;       // a server frame carried a mask (§5.1 forbids it)
  std::vector<std::string> notes;   // what could not be inflated
};
sent_case to_case(const ws_side& side, party sender, const deflate_params& d);

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
// What a close code means, in a few words ("normal closure", "message too big").
std::string close_code_meaning(std::uint16_t code);
// A guess at why a receiver rejected valid text (4-byte characters, noncharacters, U+0000).
std::string valid_text_hint(const bytes& message);

}  // namespace wsh::explain_detail
