// `wsharness explain`: why a real connection was (or was not) closed. The oracle's `derive`
// walks what each side sent and `judge` (profile application) rules on what the other side
// did, as a transcript; this adds where exactly it went wrong (message, fragment, byte, a
// hex window), what the other side did about it, who is at fault, and what to change.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wsh/oracle.hpp"
#include "wsh/policy.hpp"
#include "wsh/ws_connection.hpp"

namespace wsh {

enum class party { none, client, server };
const char* to_string(party p);

// Where a text message (or a close reason) first stops being UTF-8.
struct defect_location {
  std::size_t frame = 0;            // 1-based among the sender's frames
  std::size_t message = 0;          // 1-based data message; 0 for a close reason
  std::size_t fragment = 0;         // 1-based fragment of that message
  std::size_t fragments = 0;        // how many fragments the message has (so far)
  std::size_t message_offset = 0;   // offset of the offending byte in the (inflated) message or reason
  std::optional<std::size_t> fragment_offset;  // in that frame's payload (nullopt: compressed)
  std::optional<std::size_t> stream_offset;    // in the sender's stream after the handshake
  bool compressed = false;          // the message was permessage-deflate compressed
  std::string defect;               // utf8_defect(): the words
  std::string defect_class;         // defect_class(): "surrogate", "truncated", ...
  bytes window;                     // bytes around the offending one
  std::size_t window_start = 0;     // message offset of window[0]
  std::size_t mark_begin = 0, mark_end = 0;  // the offending sequence, as message offsets [begin, end)
};

// One thing the capture shows: a defect of one side, or a remark that blames nobody.
struct explain_finding {
  party who = party::none;   // none: not a defect (e.g. an application close, a size limit)
  finding kind = finding::none;  // judge()'s finding, or the sender's violation (finding_of)
  std::string what;          // one line
  std::string fix;           // the likely fix, one line (may be empty)
};

// How the receiving side of one direction reacted.
struct reaction {
  bool closed = false;                 // sent a close frame
  std::optional<std::uint16_t> code;
  bytes reason;
  std::size_t close_payload_size = 0;
  double close_ms = 0;
  bool initiated = false;              // its close came before the sender's
  std::size_t frame = 0;               // 1-based index of its close among its frames
  bool tcp_end = false, rst = false;   // ended TCP (FIN/RST)
  double end_ms = 0;
};

// One direction judged: what the sender sent, what the oracle expects of the receiver.
struct direction_explanation {
  party sender = party::client;
  expectation e;
  std::optional<defect_location> where;
  std::optional<double> defect_ms;      // when the offending bytes were captured
  reaction receiver;                    // what the other side did
  std::string receiver_did;             // one line
};

struct connection_explanation {
  std::size_t index = 0;                // 1-based among the WebSocket connections
  ws_connection conn;
  endpoint_policy policy;
  bool policy_inferred = false;         // text-only read from the server's refusal of binary
  direction_explanation to_server, to_client;
  std::vector<explain_finding> findings;
  std::vector<std::string> notes;       // what could not be checked and why
  std::string summary;                  // one line verdict
  bool defect() const;                  // any finding blames a side
};

struct explain_options {
  std::optional<endpoint_policy> policy;  // nullopt: text+binary, or text-only if the server refuses binary
};

// Explains one connection read from a capture (or a bare stream: conn.from_client only).
connection_explanation explain(const ws_connection& conn, const explain_options& opt);

// A bare client->server stream (--raw, a reproducer) as a connection without a server side.
ws_connection bare_connection(byte_view stream, bool deflate);

}  // namespace wsh
