#include "websocketpp_echo.hpp"

#include <thread>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/extensions/permessage_deflate/enabled.hpp>
#include <websocketpp/server.hpp>
#include <websocketpp/version.hpp>

namespace wsh {

namespace {

// The stock Asio config with permessage-deflate switched on, so deflate cases run too.
struct deflate_config : websocketpp::config::asio {
  typedef deflate_config type;
  typedef websocketpp::extensions::permessage_deflate::enabled<permessage_deflate_config> permessage_deflate_type;
};
using server = websocketpp::server<deflate_config>;

class websocketpp_echo final : public adapter {
 public:
  explicit websocketpp_echo(const endpoint_policy& p) : policy_(p) {}
  ~websocketpp_echo() override { stop(); }

  // A fresh server object each time: websocketpp refuses a second init_asio() on one endpoint,
  // so a restart (after stop()) cannot reuse the last one.
  endpoint start() override {
    stop();
    server_ = std::make_unique<server>();
    server& s = *server_;
    s.clear_access_channels(websocketpp::log::alevel::all);
    s.clear_error_channels(websocketpp::log::elevel::all);
    s.init_asio();
    s.set_reuse_addr(true);
    s.set_message_handler([this, &s](websocketpp::connection_hdl hdl, server::message_ptr msg) {
      websocketpp::lib::error_code ec;
      if (policy_.text_only && msg->get_opcode() == websocketpp::frame::opcode::binary) {
        s.close(hdl, policy_.binary_close_code, "binary messages are not accepted", ec);
        return;
      }
      s.send(hdl, msg->get_payload(), msg->get_opcode(), ec);
    });
    websocketpp::lib::error_code ec;
    s.listen(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), ec);
    if (ec) throw setup_error("websocketpp target cannot listen: " + ec.message());
    s.start_accept(ec);
    if (ec) throw setup_error("websocketpp target cannot accept: " + ec.message());
    endpoint ep;
    ep.port = s.get_local_endpoint(ec).port();
    if (ec) throw setup_error("websocketpp target has no local endpoint: " + ec.message());
    thread_ = std::thread([&s] { s.run(); });
    return ep;
  }

  void stop() override {
    if (!thread_.joinable()) return;
    server_->stop();  // ends run() at once; the harness has finished every case by now
    thread_.join();
    server_.reset();
  }

  // In the harness's own process it cannot die alone: it serves while its thread runs and listens.
  bool alive() override { return thread_.joinable() && server_->is_listening() && !server_->stopped(); }

  std::string name() const override { return "websocketpp"; }
  std::string version() const override { return websocketpp_version(); }
  endpoint_policy policy() const override { return policy_; }

 private:
  endpoint_policy policy_;
  std::unique_ptr<server> server_;
  std::thread thread_;
};

}  // namespace

std::string websocketpp_version() {
  return std::to_string(websocketpp::major_version) + "." + std::to_string(websocketpp::minor_version) + "." +
         std::to_string(websocketpp::patch_version);
}

std::unique_ptr<adapter> make_websocketpp_echo(const endpoint_policy& policy) {
  return std::make_unique<websocketpp_echo>(policy);
}

}  // namespace wsh
