// Stands in for YOUR server: an in-process WebSocket echo server that takes bytes and gives bytes
// (no socket of its own), as most C++ servers can over a custom transport (Beast's test::stream,
// websocketpp's iostream transport, ...). To embed wsharness, implement the three calls of
// wsh::memory_server around your server instead; nothing else in this folder changes.
// (Written on wsharness's own wire helpers to stay short; your server has its own code.)
#pragma once
#include <string>

#include "wsh/frame_codec.hpp"
#include "wsh/handshake.hpp"
#include "wsh/memory_server.hpp"
#include "wsh/utf8_validator.hpp"

class my_echo_server final : public wsh::memory_server {
 public:
  explicit my_echo_server(const wsh::echo_options& o) : options_(o) {}

  void feed(const std::uint8_t* data, std::size_t n) override {
    if (closed_) return;
    if (!upgraded_) return handshake(std::string(reinterpret_cast<const char*>(data), n));
    parser_.feed(data, n);
    wsh::parsed_frame f;
    for (auto st = parser_.next(f); st == wsh::frame_parser::status::frame && !closed_; st = parser_.next(f)) on_frame(f);
  }
  void drain(std::string& to) override { to += out_, out_.clear(); }
  bool ended() const override { return closed_; }

 private:
  void handshake(std::string head) {
    head_ += head;
    const auto end = head_.find("\r\n\r\n");
    if (end == std::string::npos) return;
    const auto req = wsh::parse_http_head(std::string_view(head_).substr(0, end + 2));
    const auto key = req ? req->headers.find("sec-websocket-key") : decltype(req->headers.end()){};
    if (!req || key == req->headers.end()) return void(closed_ = true);
    out_ += "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
            wsh::accept_for_key(key->second) + "\r\n\r\n";
    upgraded_ = true;
    if (head_.size() > end + 4) feed(reinterpret_cast<const std::uint8_t*>(head_.data()) + end + 4, head_.size() - end - 4);
  }

  void on_frame(const wsh::parsed_frame& f) {
    namespace op = wsh::op;
    const bool control = f.opcode >= op::close;
    const bool in_message = msg_op_ != 0;
    if (f.rsv1 || f.rsv2 || f.rsv3 || !f.masked || (f.opcode > op::binary && f.opcode < op::close) || f.opcode > op::pong ||
        (control && (!f.fin || f.payload.size() > 125)) || (!control && (f.opcode == op::continuation) != in_message))
      return fail(1002);  // §5.2, §5.4, §5.5: a framing error
    if (f.opcode == op::ping) return send({.opcode = op::pong, .payload = f.payload});
    if (f.opcode == op::pong) return;
    if (f.opcode == op::close) {  // §5.5.1: echo the code; a reason must be UTF-8 (§8.1)
      const std::uint16_t code = f.payload.size() >= 2 ? wsh::close_code_of(f.payload) : 1000;
      const bool sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
      if (f.payload.size() == 1 || !sendable) return fail(1002);
      const bool ok = wsh::is_valid_utf8(wsh::byte_view(f.payload).subspan(f.payload.empty() ? 0 : 2));
      return fail(ok ? code : 1007);
    }
    if (f.opcode != op::continuation) msg_op_ = f.opcode, msg_.clear(), utf8_.reset();
    if (msg_op_ == op::binary && options_.text_only) return fail(options_.binary_close_code);
    msg_.insert(msg_.end(), f.payload.begin(), f.payload.end());
    if (msg_op_ == op::text && !utf8_.feed(f.payload)) return fail(1007);
    if (!f.fin) return;
    if (msg_op_ == op::text && !utf8_.finish()) return fail(1007);
    send({.opcode = msg_op_, .payload = msg_});
    msg_op_ = 0;
  }

  void send(wsh::frame f) {
    f.mask = std::nullopt;  // servers never mask (§5.1)
    const wsh::bytes b = wsh::encode(f);
    out_.append(b.begin(), b.end());
  }
  void fail(std::uint16_t code) { send(wsh::close_frame(code)), closed_ = true; }

  wsh::echo_options options_;
  bool upgraded_ = false, closed_ = false;
  std::string head_, out_;
  wsh::frame_parser parser_;
  std::uint8_t msg_op_ = 0;
  wsh::bytes msg_;
  wsh::utf8_validator utf8_;
};
