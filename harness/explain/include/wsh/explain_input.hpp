// What `explain` reads besides captures: a client->server byte stream given as a hex dump or raw
// bytes (--raw). Captures are wsh/pcap_capture.hpp; reproducers are case files.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "wsh/bytes.hpp"

namespace wsh {

// Parses a hex dump: plain hex ("81 85 37fa...", "0x81,0x85", "81:85"), `xxd` output, or
// offset-led dumps with an ASCII column (`hexdump -C`, Wireshark's "Copy as Hex Dump").
// nullopt with `error` set when the text is not one of those.
std::optional<bytes> parse_hex_dump(std::string_view text, std::string& error);

// The stream in a --raw file: a hex dump if the file is text, else its bytes as they are. An
// HTTP head at the start (the handshake) is skipped; `note` says so.
struct raw_stream {
  bytes data;
  bool was_hex = false;
  std::size_t skipped_handshake = 0;
};
raw_stream read_raw_stream(const std::string& content, std::string& error);

}  // namespace wsh
