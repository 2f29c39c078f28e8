// Compiled as C++17: websocketpp 0.8.2's headers are not C++20-clean.
#include "wspp_memory_server.hpp"

#include <websocketpp/config/core.hpp>
#include <websocketpp/logger/stub.hpp>
#include <websocketpp/server.hpp>
#include <websocketpp/version.hpp>

namespace wsh::libfuzzer {

namespace {

// config::core with websocketpp's stub loggers (no lock, no channel test per line) in place of the
// basic ones, whose channels were all cleared anyway. Logging is not under test; everything else
// (framing, UTF-8, close handling, sizes, timeouts) is config::core's.
struct core_quiet : websocketpp::config::core {
  typedef core_quiet type;
  typedef websocketpp::log::stub elog_type;
  typedef websocketpp::log::stub alog_type;

  struct transport_config : websocketpp::config::core::transport_config {
    typedef type::elog_type elog_type;
    typedef type::alog_type alog_type;
  };
  typedef websocketpp::transport::iostream::endpoint<transport_config> transport_type;
};

}  // namespace
}  // namespace wsh::libfuzzer

// The stub loggers drop every line, but connection<config> still formats its open/close/fail/http
// result lines into a stringstream before handing them over (connection_impl.hpp). For this
// config only, those four functions do nothing: they only read state and write the log line.
template <> void websocketpp::connection<wsh::libfuzzer::core_quiet>::log_open_result() {}
template <> void websocketpp::connection<wsh::libfuzzer::core_quiet>::log_close_result() {}
template <> void websocketpp::connection<wsh::libfuzzer::core_quiet>::log_fail_result() {}
template <> void websocketpp::connection<wsh::libfuzzer::core_quiet>::log_http_result() {}

namespace wsh::libfuzzer {
namespace {

using server = websocketpp::server<core_quiet>;

#ifdef WSH_PLANT_BUG_1002
// The planted bug for fuzzers/tests: this copy of the glue rewrites every close frame it sends
// with 1007 (invalid payload) into 1002 (protocol error), the commonest real-world 1007 bug.
// Server frames are unmasked and each write here is whole frames, so a plain walk finds them.
void plant_1007_as_1002(std::string& out, std::size_t from) {
  std::size_t at = from;
  while (at + 2 <= out.size()) {
    const auto b1 = static_cast<unsigned char>(out[at + 1]) & 0x7F;
    const std::size_t header = b1 == 126 ? 4 : b1 == 127 ? 10 : 2;
    if (at + header > out.size()) return;
    std::size_t len = b1;
    if (b1 == 126) len = (std::size_t(static_cast<unsigned char>(out[at + 2])) << 8) | static_cast<unsigned char>(out[at + 3]);
    if (b1 == 127) return;  // a close frame never needs a 64-bit length
    const bool is_close = (static_cast<unsigned char>(out[at]) & 0x0F) == 0x8;
    if (is_close && len >= 2 && out[at + header] == '\x03' && out[at + header + 1] == '\xEF') out[at + header + 1] = '\xEA';
    at += header + len;
  }
}
#endif

// The endpoint only hands its settings (loggers, RNG, default handlers) to each new connection
// and keeps no per-connection state (iostream transport, no connection list), so one per thread
// is built once; every input still gets a fresh connection from it. Its loggers are stubs
// (core_quiet): nothing to switch off.
server& shared_endpoint() {
  thread_local server s;
  return s;
}

class wspp_server final : public memory_server {
 public:
  explicit wspp_server(const echo_options& options) : options_(options) {
    con_ = shared_endpoint().get_connection();
    con_->set_message_handler([this](websocketpp::connection_hdl, server::message_ptr msg) { on_message(msg); });
    con_->set_write_handler([this](websocketpp::connection_hdl, char const* data, std::size_t n) {
      out_.append(data, n);
      return websocketpp::lib::error_code();
    });
    con_->set_shutdown_handler([this](websocketpp::connection_hdl) {
      ended_ = true;
      return websocketpp::lib::error_code();
    });
    con_->start();
  }

  void feed(const std::uint8_t* data, std::size_t n) override {
    auto p = reinterpret_cast<char const*>(data);
    while (n > 0) {
      const std::size_t used = con_->read_some(p, n);
      if (used == 0) return;  // no read pending: the connection is closing or closed
      p += used;
      n -= used;
    }
  }

  void drain(std::string& to) override {
#ifdef WSH_PLANT_BUG_1002
    if (frames_from_ == std::string::npos) {
      const std::size_t head_end = out_.find("\r\n\r\n");
      if (head_end != std::string::npos) frames_from_ = head_end + 4;
    }
    if (frames_from_ != std::string::npos) plant_1007_as_1002(out_, frames_from_);
    frames_from_ = frames_from_ == std::string::npos ? frames_from_ : 0;
#endif
    to += out_;
    out_.clear();  // keeps its capacity for the next writes
  }

  bool ended() const override { return ended_; }

 private:
  void on_message(const server::message_ptr& msg) {
    if (options_.text_only && msg->get_opcode() == websocketpp::frame::opcode::binary) {
      websocketpp::lib::error_code ec;
      con_->close(options_.binary_close_code, "binary messages are not accepted", ec);
      return;
    }
    // An error here (e.g. send() refusing invalid UTF-8) is the library's behaviour under test:
    // the transcript shows what did or did not go out.
    con_->send(msg->get_payload(), msg->get_opcode());
  }

  echo_options options_;
  server::connection_ptr con_;
  std::string out_;
  bool ended_ = false;
#ifdef WSH_PLANT_BUG_1002
  std::size_t frames_from_ = std::string::npos;
#endif
};

}  // namespace

std::unique_ptr<memory_server> make_wspp_server(const echo_options& options) {
  return std::make_unique<wspp_server>(options);
}

std::string wspp_version() {
  return std::to_string(websocketpp::major_version) + "." + std::to_string(websocketpp::minor_version) + "." +
         std::to_string(websocketpp::patch_version);
}

}  // namespace wsh::libfuzzer
