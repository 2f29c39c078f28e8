// permessage-deflate (RFC 7692) payload transforms: what a compressed text message looks like on
// the wire, and how the harness reads the server's compressed echoes back.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "wsh/bytes.hpp"

namespace wsh {

// One message compressed on its own (no context takeover, which a client may always do):
// raw DEFLATE, flushed with Z_SYNC_FLUSH, the trailing 00 00 FF FF removed (§7.2.1).
bytes deflate_message(byte_view plain);

// What a server's Sec-WebSocket-Extensions accepted of permessage-deflate (RFC 7692 §7.1).
struct deflate_params {
  bool negotiated = false;
  bool client_no_context_takeover = false;
  bool server_no_context_takeover = false;
};
// Parses a Sec-WebSocket-Extensions value: offers split on ',', parameters on ';', names
// compared case-insensitively; the first permessage-deflate item counts. The one parser of the
// runner (client_session) and of captures (ws_connection).
deflate_params parse_deflate(std::string_view extensions);

// Inflates successive compressed messages of one direction; keeps the LZ77 window between
// messages unless the peer said *_no_context_takeover.
class inflater {
 public:
  explicit inflater(bool no_context_takeover = false);
  ~inflater();
  inflater(inflater&&) noexcept;
  inflater& operator=(inflater&&) noexcept;

  // Appends the 00 00 FF FF tail (§7.2.2) and inflates; false with a reason on corrupt data or
  // when the result would exceed max_size.
  bool inflate_message(byte_view compressed, bytes& out, std::string& error, std::size_t max_size = 64u << 20);

 private:
  struct state;
  std::unique_ptr<state> s_;
  bool no_context_takeover_;
};

}  // namespace wsh
