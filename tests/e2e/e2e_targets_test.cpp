// End-to-end: the catalogue against every built-in target, each a real server the harness starts
// itself (Node.js ws 8 and 7, Python websockets, Boost.Beast, libwebsockets, Tomcat, websocketpp
// in-process and spawned). It checks that each report is complete and well-formed, and pins what
// every library does today: these are real findings, documented in README.md "Findings".
//
// Nothing here skips: a target whose runtime or library is missing FAILS, naming the install
// command (CI runs scripts/install-deps.sh first, so every target must be present there).
// Each target's report is kept in WSH_E2E_REPORT_DIR for people to read after a run.
#include <gtest/gtest.h>

#include "cli_run.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using nlohmann::json;

namespace {

// Short enough to keep the whole matrix in tens of seconds, long enough that loopback servers
// answer well inside it. Fail-fast cases pause 300 ms after the bad byte, so a fast close is told
// apart from a late one even on a loaded machine.
const std::string timing = " --timeout-ms 500 --pause-ms 300";

using cli_run = wsh::test::run_result;

using wsh::test::slurp;
using wsh::test::temp_path;

// `env` goes before the program (e.g. "PATH=/nowhere").
cli_run wsharness(const std::string& args, const std::string& env = "") {
  return wsh::test::run_shell(env + (env.empty() ? "" : " ") + WSHARNESS_BIN + " " + args);
}

// How many cases a --cases selection has, from `wsharness list-cases`.
std::size_t case_count(const std::string& globs) {
  const auto r = wsharness("list-cases" + (globs.empty() ? "" : " --cases '" + globs + "'"));
  const auto at = r.out.rfind('\n', r.out.size() - 2);
  return std::stoul(r.out.substr(at + 1));
}

// A case's outcome in one comparable line: "pass", "skipped", or "VERDICT FINDING CODE" ("-": no
// close code). A real server that ends TCP with our bytes still unread sends a FIN or an RST
// depending on when it read them, so its pins say tcp_drop for both; the hostile server's
// deterministic modes pin tcp_reset itself (e2e_hostile_test.cpp).
std::string brief(const json& c) {
  if (c.at("verdict") == "pass" || c.at("verdict") == "skipped") return c.at("verdict");
  const auto& code = c.at("observed").at("close_code");
  const std::string finding = c.at("finding") == "tcp_reset" ? "tcp_drop" : c.at("finding").get<std::string>();
  return c.at("verdict").get<std::string>() + " " + finding + " " + (code.is_null() ? "-" : std::to_string(code.get<int>()));
}

// Pins: an exact case id, or "PREFIX/*" for every case under PREFIX; the exact id wins, then the
// longest prefix. Cases no pin covers must pass, or be skipped (the server declined an extension
// the case needs, e.g. permessage-deflate: a property of its configuration, not a finding).
using pins = std::map<std::string, std::string>;

std::string pinned_outcome(const pins& p, const std::string& id) {
  if (auto it = p.find(id); it != p.end()) return it->second;
  std::string best, outcome = "pass";
  for (const auto& [key, value] : p)
    if (key.ends_with("/*") && id.starts_with(key.substr(0, key.size() - 1)) && key.size() > best.size())
      best = key, outcome = value;
  return outcome;
}

struct target_case {
  std::string name;
  std::string version;  // as `wsharness targets` reads it from the library
  std::string cases;    // --cases; empty: the whole catalogue (every target runs it all today)
  pins findings;
};

void PrintTo(const target_case& t, std::ostream* os) { *os << t.name; }

// Invalid close reasons (RFC 6455 §5.5.1, §7.4.1: 1007) as each library answers them.
pins close_reasons(const std::string& outcome) {
  return {{"5.5.1/close-reason/*", outcome},
          {"5.5.1/close-reason/valid-multibyte", "pass"},
          {"5.5.1/close-reason/valid-4byte", "pass"}};
}

const std::string echoed = "fail echoed_invalid -";

// A close reason that ends inside a character ("ab E2 82", and the write-split family of the
// truncated class, kosme-prefix-4: CE BA E1 BD) as a library answers it that checks complete
// characters only: the reason echoed back in its own close frame with 1000 (lws, netty).
pins truncated_close_reasons(const std::string& outcome) {
  pins p{{"5.5.1/close-reason/truncated-at-end", outcome}};
  for (const char* point : {"before-bad-sequence", "inside-bad-sequence", "after-header", "in-header"})
    p[std::string("5.5.1/close-reason/split-write/") + point + "/kosme-prefix-4"] = outcome;
  return p;
}

pins merged(pins a, const pins& b) {
  a.insert(b.begin(), b.end());
  return a;
}

// websocketpp 0.8.2: its end-of-message UTF-8 check reads the FRAME's opcode, which is
// `continuation` for the last fragment, so a message ending mid-character is never failed (the
// message is dropped, no close); and an invalid close reason is failed with 1002.
const pins websocketpp_findings = merged(close_reasons("fail wrong_code 1002"),
                                         {
                                             {"8.1/invalid-fragmented/truncated-last-fragment", "fail no_close -"},
                                             {"8.1/invalid-fragmented/truncated-across-last-two", "fail no_close -"},
                                             {"8.1/invalid-fragmented/truncated-after-empty-final", "fail no_close -"},
                                             {"8.1/split/after-first-byte/kosme-prefix-3", "fail no_close -"},
                                             {"8.1/split/after-first-byte/kosme-prefix-4", "fail no_close -"},
                                             {"8.1/split/after-first-byte/kosme-prefix-6", "fail no_close -"},
                                             {"8.1/split/after-first-byte/kosme-prefix-8", "fail no_close -"},
                                             {"8.1/split/after-first-byte/kosme-prefix-10", "fail no_close -"},
                                             {"8.1/split/after-first-byte/missing-last-efbf", "fail no_close -"},
                                             {"8.1/split/after-first-byte/truncated-2of3-at-end", "fail no_close -"},
                                             {"8.1/split/after-first-byte/truncated-3of4-at-end", "fail no_close -"},
                                         });

// Node.js ws 7 and 8 check UTF-8 once the whole message has arrived: the right code, but late
// (non-strict), and a message that is never finished is never failed.
const pins node_ws_findings{
    {"8.1/fail-fast/frames-after-sequence", "non-strict late_close 1007"},
    {"8.1/fail-fast/frames-at-bad-byte", "non-strict late_close 1007"},
    {"8.1/fail-fast/writes-after-sequence", "non-strict late_close 1007"},
    {"8.1/fail-fast/writes-at-bad-byte", "non-strict late_close 1007"},
    {"8.1/fail-fast/never-finished", "fail not_fail_fast -"},
    {"8.1/fail-fast/never-finished-lone-continuation", "fail not_fail_fast -"},
};

// Libraries that check UTF-8 once the whole message is in (ws, aiohttp, WebSocket-Node,
// websockets >= 14 on its new asyncio implementation): the right code, but late on the fail-fast
// cases (non-strict), and a message that is never finished is never failed. A design choice (RFC
// 6455 §8.1 does not say when), not a finding.
const pins whole_message_check{
    {"8.1/fail-fast/*", "non-strict late_close 1007"},
    {"8.1/fail-fast/never-finished", "fail not_fail_fast -"},
    {"8.1/fail-fast/never-finished-lone-continuation", "fail not_fail_fast -"},
};

// Libraries that find every invalid text message and every invalid close reason but close TCP
// without sending a close frame (tornado, uvicorn on wsproto): each case with invalid UTF-8 is a
// tcp_drop; valid traffic passes.
const std::string dropped = "fail tcp_drop -";
const pins drops_every_invalid = merged(close_reasons(dropped),
                                        {
                                            {"8.1/invalid-fragmented/*", dropped},
                                            {"8.1/fail-fast/*", dropped},
                                            {"8.1/long/*", dropped},
                                            {"8.1/long/300-bytes-16bit-length", "pass"},
                                            {"8.1/long/64k-multibyte", "pass"},
                                            {"8.1/long/1m-multibyte", "pass"},
                                            {"8.1/long/1m-multibyte-fragmented-inside-characters", "pass"},
                                            {"8.1/sequence/valid-then-invalid", dropped},
                                            {"8.1/sequence/two-valid-then-surrogate", dropped},
                                            {"8.1/sequence/fragmented-valid-then-invalid", dropped},
                                            {"8.1/vector/beyond-4-byte/*", dropped},
                                            {"8.1/vector/continuation/*", dropped},
                                            {"8.1/vector/impossible/*", dropped},
                                            {"8.1/vector/lonely-start/*", dropped},
                                            {"8.1/vector/missing-last/*", dropped},
                                            {"8.1/vector/overlong/*", dropped},
                                            {"8.1/vector/surrogate/*", dropped},
                                            {"8.1/vector/too-large/*", dropped},
                                            {"8.1/vector/truncated/*", dropped},
                                            {"8.1/split/*", dropped},
                                            {"8.1/split-write/*", dropped},
                                        });
// ---- go, rust (targets/go/, targets/rust/) ----
// Every invalid-text case in the catalogue (8.1) answered the same way (a library that never
// checks UTF-8 echoes them all); valid text in those groups passes. Close reasons (5.5.1) are
// pinned separately with close_reasons().
pins every_invalid_text(const std::string& outcome) {
  return {{"8.1/invalid-fragmented/*", outcome},
          {"8.1/fail-fast/*", outcome},
          {"8.1/long/*", outcome},
          {"8.1/long/300-bytes-16bit-length", "pass"},
          {"8.1/long/64k-multibyte", "pass"},
          {"8.1/long/1m-multibyte", "pass"},
          {"8.1/long/1m-multibyte-fragmented-inside-characters", "pass"},
          {"8.1/sequence/*", outcome},
          {"8.1/sequence/three-valid", "pass"},
          {"8.1/sequence/valid-after-boundary-ending", "pass"},
          {"8.1/sequence/binary-between-text", "pass"},
          {"8.1/vector/*", outcome},
          {"8.1/vector/valid/*", "pass"},
          {"8.1/vector/kosme-prefix/*", "pass"},
          {"8.1/vector/boundary/*", "pass"},
          {"8.1/vector/noncharacter/*", "pass"},
          {"8.1/vector/special/*", "pass"},
          {"8.1/split/*", outcome},
          {"8.1/split-write/*", outcome}};
}

// A library that never checks UTF-8: every invalid text message echoed, and a message that is
// never finished never failed.
pins never_checks_utf8() {
  return merged(every_invalid_text(echoed), {{"8.1/fail-fast/never-finished", "fail not_fail_fast -"},
                                             {"8.1/fail-fast/never-finished-lone-continuation", "fail not_fail_fast -"}});
}

const std::vector<target_case> targets{
    // In-process it also negotiates permessage-deflate (targets/websocketpp_echo.cpp), and the same
    // hole shows through it; the spawned program is the stock config, which declines deflate.
    {"websocketpp", "0.8.2", "",
     merged(websocketpp_findings, {{"8.1/deflate/invalid-truncated-fragmented", "fail no_close -"}})},
    {"websocketpp-spawned", "0.8.2", "", websocketpp_findings},
    {"ws8", "8.13.0", "", node_ws_findings},
    // ws 8.13.0 again, over TLS: every verdict as over plain TCP (E2eTls below compares them).
    {"ws8-tls", "8.13.0", "", node_ws_findings},
    {"ws7", "7.5.9", "", node_ws_findings},
    // websockets 10.4 checks each frame once all of it has arrived (incrementally across
    // fragments): a bad byte inside one frame sent in several TCP writes is failed late. Its
    // default max_size of 1 MiB is declared (registry.cpp): the 1 MiB + 1 byte frames of
    // 1m-bad-byte-at-start/-at-end get 1009 from the length alone, which passes (§7.4.1).
    {"python-websockets",
     "10.4",
     "",
     {{"8.1/fail-fast/writes-after-sequence", "non-strict late_close 1007"},
      {"8.1/fail-fast/writes-at-bad-byte", "non-strict late_close 1007"}}},
    // Beast 1.74: invalid close reason -> 1002; a final EMPTY fragment skips the end-of-message
    // check, so "ab F0 9F 98" + empty final is delivered (and echoed) as a text message.
    {"beast", "1.74.0 (Beast 300)", "",
     merged(close_reasons("fail wrong_code 1002"),
            {{"8.1/invalid-fragmented/truncated-after-empty-final", "fail echoed_invalid -"}})},
    // lws 4.1.6 with LWS_SERVER_OPTION_VALIDATE_UTF8: an invalid close reason drops TCP without a
    // close frame, except a truncated one, which it echoes back with 1000 (its own close frame
    // then carries invalid UTF-8: bad_close_frame); the empty-final-fragment
    // hole of Beast; and a PONG's payload is checked as if it continued the open text message
    // (docs/findings/lws-pong-inside-fragmented-text-1007.md), so valid text split by a PONG is
    // failed with 1007 (a PING there is fine); 1 MiB single-frame
    // messages with an early bad byte are dropped without a close frame (a FIN, not an RST).
    // A valid message echoed from the WRITEABLE callback after lws has failed the connection
    // goes out AFTER lws's own close frame 1007 (lws_write does not refuse it): data after
    // close, §5.5.1 (issue #19: the server's frames read like a strict client; seen since then).
    {"lws", "4.1.6", "",
     merged(merged(close_reasons("fail tcp_drop -"), truncated_close_reasons("fail bad_close_frame 1000")),
            {{"8.1/sequence/valid-then-invalid", "fail data_after_close 1007"},
             {"8.1/sequence/two-valid-then-surrogate", "fail data_after_close 1007"},
             {"8.1/sequence/fragmented-valid-then-invalid", "fail data_after_close 1007"},
             {"8.1/long/1m-bad-byte-at-start", "fail tcp_drop -"},
             {"8.1/long/1m-bad-byte-in-middle", "fail tcp_drop -"},
             {"8.1/invalid-fragmented/truncated-after-empty-final", "fail echoed_invalid -"},
             {"8.1/valid-fragmented/pong-inside-character", "fail closed_valid 1007"}})},
    // lws 4.1.6 as configured by default does not check UTF-8 at all: it echoes every invalid
    // text message, and echoes an invalid close reason back with the client's code.
    {"lws-default", "4.1.6", "",
     merged(close_reasons("fail bad_close_frame 1000"),
            {{"5.5.1/close-reason/overlong", "fail bad_close_frame 1001"},
             {"8.1/invalid-fragmented/*", echoed},
             {"8.1/fail-fast/*", echoed},
             {"8.1/fail-fast/never-finished", "fail not_fail_fast -"},
             {"8.1/fail-fast/never-finished-lone-continuation", "fail not_fail_fast -"},
             {"8.1/long/*", echoed},
             {"8.1/long/300-bytes-16bit-length", "pass"},
             {"8.1/long/64k-multibyte", "pass"},
             {"8.1/long/1m-multibyte", "pass"},
             {"8.1/long/1m-multibyte-fragmented-inside-characters", "pass"},
             {"8.1/sequence/valid-then-invalid", echoed},
             {"8.1/sequence/two-valid-then-surrogate", echoed},
             {"8.1/sequence/fragmented-valid-then-invalid", echoed},
             {"8.1/vector/beyond-4-byte/*", echoed},
             {"8.1/vector/continuation/*", echoed},
             {"8.1/vector/impossible/*", echoed},
             {"8.1/vector/lonely-start/*", echoed},
             {"8.1/vector/missing-last/*", echoed},
             {"8.1/vector/overlong/*", echoed},
             {"8.1/vector/surrogate/*", echoed},
             {"8.1/vector/too-large/*", echoed},
             {"8.1/vector/truncated/*", echoed},
             {"8.1/split/*", echoed},
             {"8.1/split-write/*", echoed}})},
    // Tomcat 10.1 (standing in for Spring WebSocket 6.0), text-only @OnMessage String endpoint
    // held to 1003 for binary: Tomcat swallows binary messages silently when the endpoint has no
    // binary handler (WsFrameBase.processData -> swallowInput); invalid close reasons get 1002.
    // Its default 8 KiB text buffer is declared (registry.cpp): the 1009 it gives every longer
    // text message, valid or not, compressed or not, passes (§7.4.1), and so does the 1007 it
    // gives a bad byte near the start of one.
    {"tomcat", "10.1.60", "",
     merged(close_reasons("fail wrong_code 1002"),
            {{"7.4.1/binary/*", "fail discarded_binary -"},
             {"8.1/sequence/binary-between-text", "fail discarded_binary -"}})},
    // ---- java (targets/java/) ----
    // Spring WebSocket 6.0.21 on Boot 3.1.12's embedded Tomcat 10.1.24: the frames are Tomcat's
    // (WsFrameBase), so Tomcat's findings show through: an invalid close reason is failed with
    // 1002 (WsFrameBase.processDataControl, PROTOCOL_ERROR). Its default 8 KiB text buffer is
    // declared (registry.cpp), so the 1009 it gives any longer text message, valid or not,
    // compressed or not, passes (§7.4.1). Unlike the plain `tomcat` endpoint, binary on the
    // TextWebSocketHandler is refused with 1003 (Spring registers a binary handler and
    // TextWebSocketHandler closes with NOT_ACCEPTABLE): 7.4.1 passes.
    {"spring-text", "6.0.21 (Spring Boot 3.1.12, Tomcat 10.1.24)", "", close_reasons("fail wrong_code 1002")},
    // The same jar with an AbstractWebSocketHandler (text and binary echoed): the same Tomcat
    // findings (its declared 8 KiB limit's 1009s pass); binary is echoed.
    {"spring-binary", "6.0.21 (Spring Boot 3.1.12, Tomcat 10.1.24)", "", close_reasons("fail wrong_code 1002")},
    // Jetty 12.1.14 decodes a text message with a Utf8StringBuilder that notes bad bytes and
    // throws only when the message is complete (StringMessageSink.accept -> takeCompleteString):
    // the right code, late (non-strict), and a message never finished is never failed, as in ws.
    // Its default maxTextMessageSize of 64 KiB is declared (registry.cpp): the 1009 it gives
    // longer text before the check, valid or not, passes (§7.4.1).
    {"jetty12", "12.1.14", "",
     {{"8.1/fail-fast/frames-after-sequence", "non-strict late_close 1007"},
      {"8.1/fail-fast/frames-at-bad-byte", "non-strict late_close 1007"},
      {"8.1/fail-fast/writes-after-sequence", "non-strict late_close 1007"},
      {"8.1/fail-fast/writes-at-bad-byte", "non-strict late_close 1007"},
      {"8.1/fail-fast/never-finished", "fail not_fail_fast -"},
      {"8.1/fail-fast/never-finished-lone-continuation", "fail not_fail_fast -"}}},
    // Netty 4.1.137 with WebSocketServerProtocolHandler's defaults (Utf8FrameValidator on): each
    // frame is checked once all of it has arrived (late only when one frame is split over TCP
    // writes); its default maxFramePayloadLength of 64 KiB closes a 1 MiB frame with 1009 from
    // the length alone: a limit per frame, not per message, so no max_message_size is declared
    // and those 1009s are size_limit, valid or not (before issue #19 the invalid ones were
    // wrong_code); no permessage-deflate unless a compression handler is added. An invalid
    // close reason is not failed with 1007 (docs/findings/netty-invalid-close-reason.md): the
    // decoder marks the closing handshake received before checking the reason, so its 1007 is
    // suppressed and the channel's close sends the default 1000 "Bye"; a reason that ends inside
    // a character passes the check (Utf8Validator.check without finish) and is echoed back.
    {"netty41", "4.1.137.Final", "",
     merged(merged(close_reasons("fail wrong_code 1000"), truncated_close_reasons("fail bad_close_frame 1000")),
            {{"8.1/fail-fast/writes-after-sequence", "non-strict late_close 1007"},
             {"8.1/fail-fast/writes-at-bad-byte", "non-strict late_close 1007"},
             {"8.1/long/1m-bad-byte-at-start", "fail size_limit 1009"},
             {"8.1/long/1m-bad-byte-in-middle", "fail size_limit 1009"},
             {"8.1/long/1m-bad-byte-at-end", "fail size_limit 1009"},
             {"8.1/long/1m-fragmented-bad-byte-in-last", "fail size_limit 1009"},
             {"8.1/long/1m-multibyte", "fail size_limit 1009"},
             {"8.1/long/1m-multibyte-fragmented-inside-characters", "fail size_limit 1009"}})},
    // Undertow 2.3.27 passes every case (no permessage-deflate by default: those are skipped).
    {"undertow", "2.3.27.Final", "", {}},
    // ---- python (targets/python/) ----
    // websockets 10.0 (pip, legacy API): the same per-frame check as Debian's 10.4 above, so the
    // same pins. It declines permessage-deflate (7 skipped): 10.0's server default
    // (client_max_window_bits=12) requires the client to offer client_max_window_bits, which the
    // harness's plain "permessage-deflate" offer does not; 10.1 added
    // require_client_max_window_bits=False. Its declared max_size of 1 MiB makes the 1009s of the
    // 1 MiB + 1 byte cases pass, as for 10.4.
    {"websockets-10.0",
     "10.0",
     "",
     {{"8.1/fail-fast/writes-after-sequence", "non-strict late_close 1007"},
      {"8.1/fail-fast/writes-at-bad-byte", "non-strict late_close 1007"}}},
    // websockets 17.4 on websockets.asyncio.server (the default API since 14.0): the protocol layer
    // no longer decodes text; recv() joins the whole message and decodes it (asyncio/messages.py
    // Assembler.get), then fails the connection with 1007 (asyncio/connection.py recv). So all four
    // fail-fast cases are late, and an unfinished message is never failed (10.x failed each frame).
    // Default max_size 1 MiB, declared (registry.cpp): the 1009 a 1 MiB + 1 byte frame gets from
    // its length alone passes (§7.4.1).
    {"websockets-latest", "17.4", "", whole_message_check},
    // aiohttp 3.14: WebReader decodes a text message once all of it is in (whole-message check);
    // close reasons and permessage-deflate are right.
    {"aiohttp", "3.14.5", "", whole_message_check},
    // Tornado 6.6: WebSocketProtocol13._handle_message decodes the whole message and on
    // UnicodeDecodeError calls _abort(), which closes the socket without a close frame; an
    // invalid close reason raises UnicodeDecodeError (a ValueError) out of to_unicode(), caught
    // in accept_connection as "Malformed WebSocket request" -> _abort(). Real bug:
    // docs/findings/tornado-invalid-utf8-tcp-drop.md. Whole-message check, so an unfinished
    // message is never failed. No permessage-deflate by default (7 skipped).
    {"tornado", "6.6.1", "",
     merged(drops_every_invalid,
            {{"8.1/fail-fast/never-finished", "fail not_fail_fast -"},
             {"8.1/fail-fast/never-finished-lone-continuation", "fail not_fail_fast -"}})},
    // uvicorn 0.55 --ws wsproto: wsproto finds invalid UTF-8 at the bad byte (incremental decoder,
    // also in close reasons and through permessage-deflate) and reports it as a CloseConnection
    // event with 1007; uvicorn's WSProtocol.handle_close answers a close only in REMOTE_CLOSING
    // state, so it just closes TCP. Real bug: docs/findings/uvicorn-wsproto-invalid-utf8-tcp-drop.md.
    {"uvicorn-wsproto", "0.55.0+wsproto1.3.2", "",
     merged(drops_every_invalid,
            {{"8.1/deflate/*", dropped},
             {"8.1/deflate/valid-multibyte", "pass"},
             {"8.1/deflate/valid-split-compressed", "pass"},
             {"8.1/deflate/valid-uncompressed-message", "pass"}})},
    // ---- node (targets/node/) ----
    // ws 8.23.1: the same whole-message check as 8.13.0 and 7.5.9. Its two changes since do not
    // show with the catalogue: 8.18.2's 1009 (not 1007) for a compressed message that inflates past
    // maxPayload needs permessage-deflate, off by default on a ws server (7 skipped), and a message
    // over maxPayload (100 MiB); 8.21's maxFragments (server default 16384, closes with 1008) is
    // far above the catalogue's most fragmented message (29 frames).
    {"ws8-latest", "8.23.1", "", node_ws_findings},
    // WebSocket-Node 1.0.35: whole-message check (utf-8-validate once the message is assembled);
    // its default limits (maxReceivedFrameSize 64 KiB, maxReceivedMessageSize 1 MiB) close the 1 MiB
    // cases with 1009, valid or not. The message limit is declared (registry.cpp), so the 1009s of
    // the two 1 MiB + 1 byte messages pass; the frame limit is not (the policy has no frame
    // limit), so the 1009s of 1 MiB messages in frames over 64 KiB are size_limit, valid or not
    // (before issue #19 the invalid ones were wrong_code). A one-byte close reason is never
    // checked: processFrame tests `binaryPayload.length > 1` after the status code was stripped,
    // so 0x03e8 0xFF gets 1000 (docs/findings/websocket-node-one-byte-close-reason.md).
    {"websocket-node", "1.0.35", "",
     merged(whole_message_check,
            {{"5.5.1/close-reason/after-message", "fail wrong_code 1000"},
             {"8.1/long/1m-bad-byte-in-middle", "fail size_limit 1009"},
             {"8.1/long/1m-fragmented-bad-byte-in-last", "fail size_limit 1009"},
             {"8.1/long/1m-multibyte", "fail size_limit 1009"},
             {"8.1/long/1m-multibyte-fragmented-inside-characters", "fail size_limit 1009"}})},
    // ---- go (targets/go/) ----
    // gorilla/websocket 1.5.3 never checks the UTF-8 of text messages (its docs leave that to the
    // application), so every invalid text message is echoed back; an invalid close reason IS
    // checked (advanceFrame) but failed with 1002 (handleProtocolError) instead of 1007.
    // docs/findings/gorilla-websocket-no-text-utf8-check.md, gorilla-websocket-close-reason-1002.md
    {"gorilla", "1.5.3", "", merged(never_checks_utf8(), close_reasons("fail wrong_code 1002"))},
    // coder/websocket 1.8.15 never checks UTF-8 on purpose (its Autobahn run excludes 6.* and
    // 7.5.1: "there isn't any reason to reject invalid UTF-8"): invalid text is echoed, and an
    // invalid close reason is echoed back in its own close frame with the client's code. Its
    // default read limit of 32 KiB (SetReadLimit), declared (registry.cpp), closes every longer
    // message with 1009 before any check, valid or not: those pass (§7.4.1; before issue #19
    // they were size_limit and wrong_code), so every 8.1/long case passes.
    // docs/findings/coder-websocket-no-utf8-check.md
    {"coder-websocket", "1.8.15", "",
     // (merged() keeps the first map's pin for a key both have: the specific pins go first.)
     merged({{"5.5.1/close-reason/overlong", "fail bad_close_frame 1001"}, {"8.1/long/*", "pass"}},
            merged(never_checks_utf8(), close_reasons("fail bad_close_frame 1000")))},
    // gobwas/ws 1.5.0's wsutil helpers check UTF-8 incrementally (fail fast) but only RETURN
    // wsutil.ErrInvalidUTF8: nothing is written, and the README's echo loop then closes the
    // socket, so every invalid text message ends in a TCP drop. An invalid close reason is
    // answered by the library itself (ControlHandler.HandleClose), with 1002 instead of 1007.
    // docs/findings/gobwas-ws-no-close-frame-on-invalid-utf8.md, gobwas-ws-close-reason-1002.md
    {"gobwas", "1.5.0", "", merged(close_reasons("fail wrong_code 1002"), drops_every_invalid)},
    // ---- rust (targets/rust/) ----
    // tungstenite 0.30 (under tokio-tungstenite 0.30.0) checks UTF-8 (each frame once it is in,
    // across fragments as they arrive) but read() returns Error::Utf8 without queuing a close
    // frame (no 1007 anywhere in tungstenite), so the echo loop ends and TCP is dropped; an
    // invalid close reason the same way (Frame::into_close()?).
    // docs/findings/tungstenite-no-close-frame-on-invalid-utf8.md
    {"tokio-tungstenite", "0.30.0", "", drops_every_invalid},
    // fastwebsockets 0.10.0 as its README writes an echo server (FragmentCollector): read_frame
    // returns WebSocketError::InvalidUTF8 and sends nothing, so TCP is dropped; and
    // FragmentCollector never checks, at the final fragment, that no character is left
    // incomplete, so a fragmented message ending mid-character is delivered without its last bytes
    // and echoed. docs/findings/fastwebsockets-no-close-frame-on-invalid-utf8.md,
    // fastwebsockets-truncated-last-fragment.md
    {"fastwebsockets", "0.10.0", "",
     merged(drops_every_invalid, {{"8.1/invalid-fragmented/truncated-last-fragment", echoed},
                                  {"8.1/invalid-fragmented/truncated-across-last-two", echoed},
                                  {"8.1/invalid-fragmented/truncated-after-empty-final", echoed},
                                  {"8.1/split/after-first-byte/kosme-prefix-3", echoed},
                                  {"8.1/split/after-first-byte/kosme-prefix-4", echoed},
                                  {"8.1/split/after-first-byte/kosme-prefix-6", echoed},
                                  {"8.1/split/after-first-byte/kosme-prefix-8", echoed},
                                  {"8.1/split/after-first-byte/kosme-prefix-10", echoed},
                                  {"8.1/split/after-first-byte/missing-last-efbf", echoed},
                                  {"8.1/split/after-first-byte/truncated-2of3-at-end", echoed},
                                  {"8.1/split/after-first-byte/truncated-3of4-at-end", echoed}})},
    // axum 0.8.9's extract::ws runs tungstenite 0.29.0 (through tokio-tungstenite 0.29.0): the
    // same silent TCP drop as tokio-tungstenite. docs/findings/tungstenite-no-close-frame-on-invalid-utf8.md
    {"axum", "0.8.9", "", drops_every_invalid},
};

// The report's own shape, whatever the findings.
void expect_well_formed(const json& doc, const target_case& t, std::size_t expected_cases) {
  for (const char* key : {"tool", "version", "target", "duration_ms", "summary", "cases"})
    ASSERT_TRUE(doc.contains(key)) << key;
  EXPECT_EQ(doc.at("target").at("name"), t.name);
  EXPECT_EQ(doc.at("target").at("version"), t.version);
  const auto& cases = doc.at("cases");
  EXPECT_EQ(cases.size(), expected_cases) << "every selected case is in the report";
  std::set<std::string> ids;
  std::map<std::string, int> counts;
  for (const auto& c : cases) {
    const std::string id = c.at("id");
    EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
    const std::string verdict = c.at("verdict");
    ++counts[verdict];
    EXPECT_TRUE(verdict == "pass" || verdict == "fail" || verdict == "non-strict" || verdict == "skipped")
        << id << ": " << verdict;
    EXPECT_EQ(c.at("finding") == "none", verdict == "pass") << id;
    EXPECT_TRUE(c.at("observed").at("upgraded").get<bool>() || verdict == "skipped")
        << id << ": the server always completes the handshake";
    EXPECT_FALSE(c.at("frames_hex").empty()) << id;
    EXPECT_FALSE(c.at("why").get<std::string>().empty()) << id;
    const std::string replay = c.at("replay");
    EXPECT_NE(replay.find("--target " + t.name + " "), std::string::npos) << replay;
    EXPECT_NE(replay.find("--cases " + id), std::string::npos) << replay;
  }
  const auto& s = doc.at("summary");
  EXPECT_EQ(s.at("pass"), counts["pass"]);
  EXPECT_EQ(s.at("fail"), counts["fail"]);
  EXPECT_EQ(s.at("non_strict"), counts["non-strict"]);
  EXPECT_EQ(s.value("skipped", 0), counts["skipped"]);
}

class E2eTarget : public ::testing::TestWithParam<target_case> {};

TEST_P(E2eTarget, CatalogueReportIsCompleteAndFindingsArePinned) {
  const auto& t = GetParam();
  std::filesystem::create_directories(WSH_E2E_REPORT_DIR);
  const std::string report = std::string(WSH_E2E_REPORT_DIR) + "/" + t.name + ".json";
  std::filesystem::remove(report);
  const std::string cases = t.cases.empty() ? "" : " --cases '" + t.cases + "'";
  const auto r = wsharness("conformance --quiet --target " + t.name + timing + cases + " --json " + report);
  ASSERT_NE(r.exit_code, 2) << "target " << t.name << " could not run: " << r.err;
  const json doc = json::parse(slurp(report));
  expect_well_formed(doc, t, case_count(t.cases));

  bool any_fail = false;
  for (const auto& c : doc.at("cases")) {
    const std::string id = c.at("id");
    const std::string expected = pinned_outcome(t.findings, id), actual = brief(c);
    if (!(expected == "pass" && actual == "skipped")) {
      EXPECT_EQ(actual, expected) << t.name << " " << id << ": " << c.at("why");
    }
    any_fail |= c.at("verdict") == "fail";
  }
  for (const auto& [key, outcome] : t.findings) {  // an exact pin names a case that exists
    if (key.ends_with("/*")) continue;
    EXPECT_TRUE(
        std::any_of(doc.at("cases").begin(), doc.at("cases").end(), [&](const json& c) { return c.at("id") == key; }))
        << "pinned case not in the catalogue: " << key;
  }
  EXPECT_EQ(r.exit_code, any_fail ? 1 : 0) << r.out;

  const auto& s = doc.at("summary");
  RecordProperty("version", doc.at("target").at("version").get<std::string>());
  RecordProperty("pass", s.at("pass").get<int>());
  RecordProperty("fail", s.at("fail").get<int>());
  RecordProperty("non_strict", s.at("non_strict").get<int>());
}

INSTANTIATE_TEST_SUITE_P(Every, E2eTarget, ::testing::ValuesIn(targets), [](const auto& info) {
  std::string name = info.param.name;  // gtest names are [A-Za-z0-9_]: websockets-10.0 -> websockets_10_0
  std::replace_if(name.begin(), name.end(), [](unsigned char c) { return !std::isalnum(c); }, '_');
  return name;
});

// wss://: the catalogue judged over TLS exactly as over plain TCP, and a certificate that does
// not verify is a set-up error (exit 2, one line naming the problem), never a verdict.
TEST(E2eTls, EveryCaseIsJudgedTheSameOverTls) {
  const std::string plain = temp_path("-ws8.json"), tls = temp_path("-ws8-tls.json");
  const auto a = wsharness("conformance --target ws8 --quiet" + timing + " --json " + plain);
  const auto b = wsharness("conformance --target ws8-tls --quiet" + timing + " --json " + tls);
  ASSERT_NE(a.exit_code, 2) << a.err;
  ASSERT_NE(b.exit_code, 2) << b.err;
  EXPECT_EQ(json::parse(slurp(tls)).at("target").at("scheme"), "wss");
  const auto diff = wsharness("compare " + plain + " " + tls);
  EXPECT_EQ(diff.exit_code, 0) << diff.out;
  EXPECT_NE(diff.out.find("0 regressed, 0 improved, 0 changed, 0 added, 0 removed"), std::string::npos) << diff.out;
}

TEST(E2eTls, UntrustedCertificateIsASetupErrorAndInsecureIsSaid) {
  const std::string certs = std::string(WSH_SOURCE_DIR) + "/targets/tls/certs/";
  const std::string node = "node " + std::string(WSH_SOURCE_DIR) + "/targets/node/echo.js ws";
  // A wss:// server with a self-signed certificate, started by the test (stopped by its pid).
  const std::string port = std::to_string(45100 + ::getpid() % 800);
  // Its pid is what the shell prints (run_shell redirects the command line's own stdout).
  const auto started = wsh::test::run_shell(node + " --port " + port + " --tls " + certs + "untrusted.pem " + certs +
                                            "untrusted.key >/dev/null 2>&1 & echo $!");
  const pid_t server = static_cast<pid_t>(std::stol(started.out));
  ASSERT_GT(server, 0) << started.out;
  struct stop_server {
    pid_t pid;
    ~stop_server() { ::kill(pid, SIGTERM); }
  } stop{server};
  for (int i = 0; i < 100 && wsh::test::run_shell("bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + port + "'").exit_code != 0; ++i)
    ::usleep(20000);
  const std::string url = " --url wss://127.0.0.1:" + port + "/ --cases '8.1/zero-length/*'";
  const auto refused = wsharness("conformance" + url + " --ca " + certs + "ca.pem");
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_NE(refused.err.find("self-signed certificate"), std::string::npos) << refused.err;
  const auto no_ca = wsharness("conformance" + url);
  EXPECT_EQ(no_ca.exit_code, 2) << no_ca.err;
  const auto insecure = wsharness("conformance" + url + " --insecure");
  EXPECT_EQ(insecure.exit_code, 0) << insecure.out << insecure.err;
  EXPECT_NE(insecure.out.find("INSECURE"), std::string::npos) << insecure.out;
  EXPECT_EQ(wsharness("conformance --url ws://127.0.0.1:" + port + "/ --insecure").exit_code, 2);
  EXPECT_EQ(wsharness("conformance" + url + " --ca /no/such/ca.pem").exit_code, 2);
}

TEST(E2eTargets, ListingShowsEveryTargetWithItsLibraryVersionAndDependencies) {
  const auto r = wsharness("targets");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("MISSING"), std::string::npos) << "install what is missing (scripts/install-deps.sh):\n"
                                                      << r.out;
  std::set<std::string> listed;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] != ' ' && !line.starts_with("target ")) listed.insert(line.substr(0, line.find(' ')));
  std::set<std::string> expected;
  for (const auto& t : targets) {
    expected.insert(t.name);
    const auto at = r.out.find("\n" + t.name + " ");
    ASSERT_NE(at, std::string::npos) << t.name;
    const std::string row = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
    EXPECT_NE(row.find(" " + t.version + " "), std::string::npos) << row;
    EXPECT_NE(row.find(" ok "), std::string::npos) << row;
  }
  EXPECT_EQ(listed, expected) << "every registered target is pinned here";
}

// `targets --json`: the same targets, each with its language, the version read now, how it starts,
// its policy and whether its dependencies are present.
TEST(E2eTargets, JsonListingHasEveryTargetWithLanguageVersionAndPolicy) {
  const auto r = wsharness("targets --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  EXPECT_EQ(doc.at("kind"), "targets");
  std::map<std::string, json> by_name;
  for (const auto& t : doc.at("targets")) by_name[t.at("name")] = t;
  EXPECT_EQ(by_name.size(), targets.size());
  const std::set<std::string> languages{"C", "C++", "JavaScript", "Python", "Java", "Go", "Rust"};
  for (const auto& t : targets) {
    ASSERT_TRUE(by_name.count(t.name)) << t.name;
    const json& j = by_name[t.name];
    EXPECT_EQ(j.at("version"), t.version) << t.name;
    EXPECT_TRUE(j.at("dependencies_present").get<bool>()) << j.at("missing");
    EXPECT_TRUE(languages.count(j.at("language").get<std::string>())) << t.name << ": " << j.at("language");
    EXPECT_FALSE(j.at("library").get<std::string>().empty());
    EXPECT_FALSE(j.at("started").get<std::string>().empty());
    const int code = j.at("policy").at("binary_close_code");
    EXPECT_TRUE(code == 1007 || code == 1003) << t.name;
  }
  EXPECT_EQ(by_name["tomcat"].at("policy").at("text_only"), true);
  EXPECT_EQ(by_name["tomcat"].at("policy").at("binary_close_code"), 1003);
  EXPECT_EQ(by_name["websocketpp"].at("in_process"), true);
}

TEST(E2eTargets, AllTargetsInParallelWriteOneReportEachAndACombinedOne) {
  const std::string dir = temp_path("_reports");
  const std::string selection = "8.1/vector/valid/*,8.1/vector/surrogate/surrogate-d800,5.5.1/close-reason/overlong";
  const auto r = wsharness("conformance --all-targets --jobs 3 --quiet" + timing + " --cases '" + selection +
                           "' --json-dir " + dir);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // every target but python/node fails something here
  const json combined = json::parse(slurp(dir + "/combined.json"));
  EXPECT_EQ(combined.at("kind"), "combined");
  EXPECT_EQ(combined.at("jobs"), 3);
  EXPECT_EQ(combined.at("summary").at("errors"), 0);
  EXPECT_EQ(combined.at("summary").at("targets"), targets.size());
  const std::size_t n = case_count(selection);
  int pass = 0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& entry = combined.at("targets").at(i);
    EXPECT_EQ(entry.at("name"), targets[i].name) << "in registry order, whatever finished first";
    EXPECT_TRUE(entry.at("error").is_null()) << entry.dump();
    const json doc = json::parse(slurp(dir + "/" + entry.at("report").get<std::string>()));
    expect_well_formed(doc, targets[i], n);
    EXPECT_EQ(entry.at("summary").at("pass"), doc.at("summary").at("pass")) << targets[i].name;
    EXPECT_EQ(entry.at("summary").at("fail"), doc.at("summary").at("fail")) << targets[i].name;
    EXPECT_EQ(entry.at("not_passing").size(), n - doc.at("summary").at("pass").get<std::size_t>()) << targets[i].name;
    EXPECT_EQ(entry.at("summary").at("cases"), n) << targets[i].name;
    pass += doc.at("summary").at("pass").get<int>();
  }
  EXPECT_EQ(combined.at("summary").at("pass"), pass);
  EXPECT_NE(r.out.find(std::to_string(targets.size()) + " targets, 3 at a time"), std::string::npos) << r.out;
}

TEST(E2eTargets, MissingRuntimeIsOneLineNamingTheInstallCommand) {
  // PATH without node: exactly what a machine without Node.js sees.
  const auto r = wsharness("conformance --target ws8", "PATH=/nonexistent");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("needs the program node: apt-get install nodejs npm"), std::string::npos) << r.err;
  const auto listing = wsharness("targets", "PATH=/nonexistent");
  EXPECT_EQ(listing.exit_code, 0);
  EXPECT_NE(listing.out.find("install: target ws8 needs the program node"), std::string::npos) << listing.out;
}

TEST(E2eTargets, SeveralTargetFlagsAreCheckedBeforeAnythingStarts) {
  for (const std::string args : {"--target ws8,ws8", "--target ws8,no-such-target", "--all-targets --target ws8",
                                 "--target ws8,beast --json x.json", "--target ws8,beast --junit x.xml",
                                 "--url ws://127.0.0.1:1/ --json-dir d", "--all-targets --jobs 0"}) {
    const auto r = wsharness("conformance " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << args << ": nothing ran\n" << r.out;
  }
}

// Two major versions of one library, compared case by case: the version-upgrade gate users run.
// ws 7.5.9 and 8.13.0 judge every case alike today, so the comparison is clean (exit 0); the
// per-case JSON shows no regression and no change.
TEST(E2eCompareVersions, Ws7AgainstWs8) {
  const std::string old_report = temp_path("-ws7.json"), new_report = temp_path("-ws8.json");
  const std::string cases = " --cases '8.1/fail-fast/*,8.1/vector/surrogate/*,5.5.1/*,7.4.1/*'";
  ASSERT_NE(wsharness("conformance --target ws7" + timing + cases + " --json " + old_report).exit_code, 2);
  ASSERT_NE(wsharness("conformance --target ws8" + timing + cases + " --json " + new_report).exit_code, 2);
  const std::string diff = temp_path("-diff.json");
  const auto r = wsharness("compare " + old_report + " " + new_report + " --json " + diff);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto d = nlohmann::json::parse(slurp(diff));
  EXPECT_NE(d.dump().find("ws"), std::string::npos);
  // And against a run of the one-bug server, the same comparison must flag regressions.
  const std::string faulty_report = temp_path("-faulty.json");
  ASSERT_NE(wsharness("conformance --command '" + std::string(FAULTY_DIR) + "/faulty_wrong_code --port {port}'" +
                      timing + cases + " --json " + faulty_report)
                .exit_code,
            2);
  EXPECT_EQ(wsharness("compare " + new_report + " " + faulty_report).exit_code, 1);
}

}  // namespace
