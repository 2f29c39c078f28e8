// `wsharness explain`: why a real connection was closed (or should have been). Reads a packet
// capture, a raw/hex client stream (--raw) or a reproducer (--case) and prints, per connection,
// the frames, where the data first went wrong, what the other side did, who is at fault and
// the likely fix. Exit 0: no defect; 1: a client or server defect; 2: unreadable input.
#include <iostream>
#include <iterator>

#include "wsh/case_file.hpp"
#include "command.hpp"
#include "wsh/explain.hpp"
#include "wsh/explain_input.hpp"
#include "wsh/explain_report.hpp"
#include "wsh/pcap_capture.hpp"
#include "wsh/report.hpp"
#include "wsh/report_file.hpp"
#include "wsh/reproducer.hpp"
#include "wsh/tcp_reassembly.hpp"

namespace wsh::cli {

namespace {

struct explain_cli {
  std::string capture, raw, case_file, json_path;
  bool text_only = false;
  int binary_close_code = 1007;
  CLI::Option* code_option = nullptr;
  bool deflate = false;
  bool all_frames = false;
  std::size_t connection = 0;
};

// A file, or standard input for "-".
std::string read_input(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  return read_text_file(path);
}

std::vector<connection_explanation> from_capture(const explain_cli& o, const explain_options& opt, explain_source& src) {
  capture cap;
  try {
    cap = read_capture(o.capture);
  } catch (const capture_error& e) {
    throw setup_error(e.what());  // names the file itself
  }
  src.notes = cap.notes;
  if (cap.truncated_file) src.notes.push_back("the capture file is cut short; the last packets are missing");
  std::vector<connection_explanation> xs;
  std::size_t other = 0, tls = 0, index = 0;
  for (const auto& tcp : reassemble(cap.segments)) {
    const bool http = looks_like_http_request(tcp);
    if (!http && tcp.to_server.start_known) {
      ++(looks_like_tls(tcp) ? tls : other);
      continue;
    }
    ++index;
    if (o.connection && index != o.connection) continue;
    connection_explanation x = explain(read_websocket(tcp), opt);
    x.index = index;
    xs.push_back(std::move(x));
  }
  if (tls)
    src.notes.push_back(std::to_string(tls) + " TCP connection(s) are TLS (wss://?): encrypted, so not read; capture "
                        "between a TLS terminator and the server, or give the frames with --raw");
  if (other) src.notes.push_back(std::to_string(other) + " other TCP connection(s) are not WebSocket (no HTTP upgrade)");
  if (xs.empty())
    throw setup_error(o.capture + ": no WebSocket connection" +
                      (o.connection ? " number " + std::to_string(o.connection) : std::string()) + " in this capture (" +
                      std::to_string(cap.segments.size()) + " TCP segments in " + std::to_string(cap.packets) +
                      " packets" + (tls ? "; " + std::to_string(tls) + " TLS connection(s), encrypted" : "") + ")");
  return xs;
}

std::vector<connection_explanation> from_raw(const explain_cli& o, const explain_options& opt, explain_source& src) {
  std::string error;
  const raw_stream r = read_raw_stream(read_input(o.raw), error);
  if (!error.empty()) throw setup_error(o.raw + ": " + error);
  if (r.skipped_handshake)
    src.notes.push_back("skipped the HTTP request at the start (" + std::to_string(r.skipped_handshake) + " bytes)");
  connection_explanation x = explain(bare_connection(r.data, o.deflate), opt);
  if (x.conn.from_client.frames.empty())
    throw setup_error(o.raw + ": no complete WebSocket frame in these " + std::to_string(r.data.size()) + " bytes" +
                      (x.conn.from_client.decode_error.empty() ? "" : " (" + x.conn.from_client.decode_error + ")"));
  x.index = 1;
  return {x};
}

std::vector<connection_explanation> from_case(const explain_cli& o, explain_options opt, explain_source&) {
  const std::string text = read_input(o.case_file);
  const auto cases = parse_case_file(text, o.case_file);
  if (cases.empty()) throw setup_error(o.case_file + ": no case in this file");
  if (!opt.policy) opt.policy = reproducer_policy(text);
  std::vector<connection_explanation> xs;
  for (const auto& c : cases) {
    connection_explanation x = explain(bare_connection(layout(c).stream, c.deflate), opt);
    x.index = xs.size() + 1;
    x.conn.request_line = c.id;
    xs.push_back(std::move(x));
  }
  return xs;
}

}  // namespace

command add_explain(CLI::App& app) {
  auto o = std::make_shared<explain_cli>();
  auto* sub = app.add_subcommand(
      "explain", "explain why a captured connection was closed (1007 and friends): where, who, and the fix");
  sub->add_option("capture", o->capture, "packet capture (pcap or pcapng, e.g. from tcpdump -w; '-': standard input)");
  sub->add_option("--raw", o->raw, "the client->server bytes after the handshake: a hex dump (plain, xxd, hexdump -C) or raw bytes ('-': standard input)");
  sub->add_option("--case", o->case_file, "a reproducer or case file (conformance/cases format)");
  sub->add_option("--json", o->json_path, "write the explanation as JSON here ('-': standard output, instead of the text)");
  sub->add_option("--connection", o->connection, "only the N-th WebSocket connection of the capture (1-based)")
      ->check(CLI::PositiveNumber);
  sub->add_flag("--text-only", o->text_only, "the endpoint accepts text only (binary must be refused)");
  o->code_option = sub->add_option("--binary-close-code", o->binary_close_code,
                                   "the code a text-only endpoint refuses binary with (1007 or 1003)")
                       ->check(CLI::IsMember({1003, 1007}));
  sub->add_flag("--deflate", o->deflate, "with --raw: permessage-deflate was negotiated (RSV1 messages are compressed)");
  sub->add_flag("--all-frames", o->all_frames, "list every frame, also of long connections");

  return {sub, [o] {
            const int inputs = !o->capture.empty() + !o->raw.empty() + !o->case_file.empty();
            if (inputs != 1) throw setup_error("give one input: a CAPTURE file, --raw FILE or --case FILE");
            if (o->deflate && o->raw.empty()) throw setup_error("--deflate goes with --raw (captures say it themselves)");
            explain_options opt;
            if (o->text_only || o->code_option->count())
              opt.policy = endpoint_policy{.text_only = true,
                                           .binary_close_code = static_cast<std::uint16_t>(o->binary_close_code)};
            explain_source src;
            std::vector<connection_explanation> xs;
            if (!o->capture.empty()) {
              src = {"capture", o->capture, {}};
              xs = from_capture(*o, opt, src);
            } else if (!o->raw.empty()) {
              src = {"raw", o->raw, {}};
              xs = from_raw(*o, opt, src);
            } else {
              src = {"case", o->case_file, {}};
              xs = from_case(*o, opt, src);
            }
            if (o->json_path == "-") {
              std::cout << to_json(src, xs).dump(2) << "\n";
            } else {
              for (const auto& x : xs) print_explanation(std::cout, x, {o->all_frames});
              print_explain_summary(std::cout, src, xs);
              if (!o->json_path.empty()) write_file_atomically(o->json_path, to_json(src, xs).dump(2) + "\n");
            }
            const bool defect = std::any_of(xs.begin(), xs.end(), [](const auto& x) { return x.defect(); });
            return defect ? exit_findings : exit_clean;
          }};
}

}  // namespace wsh::cli
