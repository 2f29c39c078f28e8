// A deliberately small RFC 6455 echo server used as a test fixture: the reference behaviour,
// plus switchable bugs so end-to-end tests can prove the harness catches each one.
// Every program in this directory turns on at most ONE flag of `bugs`.
#pragma once
#include <cstdint>
#include <string>

namespace wsh::faulty {

struct bugs {
  bool wrong_code = false;           // invalid UTF-8 (text or close reason) is closed with 1002, not 1007
  bool no_validation = false;        // text messages are never validated; invalid text is echoed as-is
  bool fragment_validation = false;  // validator reset per frame and finish() checked at every frame end,
                                     // so a valid character split across fragments is closed with 1007
  bool tcp_drop = false;             // invalid UTF-8 ends the TCP connection without a close frame
  bool replace_fffd = false;         // each invalid sequence becomes U+FFFD and the message is echoed
  bool not_fail_fast = false;        // text is validated only once the whole message has arrived
  bool close_reason = false;         // the close reason is not validated; the client's code is echoed
  bool discard_binary = false;       // a text-only endpoint silently drops binary messages
  bool truncated_final = false;      // end-of-message check skipped for fragmented messages, so one
                                     // whose last fragment ends mid-character is echoed (websocketpp 0.8.2)
  bool reject_noncharacters = false; // closes valid text holding U+FFFE/U+FFFF/U+FDD0.. with 1007
  bool accept_surrogates = false;    // ED A0..BF xx (UTF-16 surrogates) pass validation
  bool late_close = false;           // text is validated only once the message has arrived, and its
                                     // 1007 goes out 600 ms later (the check runs in another layer),
                                     // while pings are answered at once: slow, not wrong
  bool split_read = false;           // a frame's payload that arrives in more than one read loses the
                                     // first 2 bytes of each later read (as if a header were skipped there)
  bool flaky_code = false;           // invalid UTF-8 is closed with 1002 on every other connection
                                     // (1st, 3rd, ... after the handshake) and 1007 on the others
};

struct options {
  std::string host = "127.0.0.1";
  unsigned port = 0;  // 0: the kernel picks one (printed on stdout)
  bool text_only = false;
  std::uint16_t binary_close_code = 1007;  // close code for a binary message when text_only
};

// Parses --port N [--host H] [--text-only] [--binary-close-code C]; on a bad flag prints one
// line on stderr and exits with 2.
options parse_options(int argc, char** argv);

// Serves until SIGTERM/SIGINT (returns 0), or returns 1 when the socket cannot be set up.
// Prints "listening on HOST:PORT" on stdout once it accepts connections.
int serve(const options& opt, const bugs& bug);

// A listening TCP socket on host:port (port 0: any), or -1 with one line on stderr. The
// hostile server shares it; the port actually bound is written to *bound_port.
int listen_on(const std::string& host, unsigned port, int backlog, unsigned* bound_port);

// The whole main() of each program.
inline int main_with(int argc, char** argv, const bugs& bug) { return serve(parse_options(argc, argv), bug); }

}  // namespace wsh::faulty
