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

  endpoint start() override {
    server_.clear_access_channels(websocketpp::log::alevel::all);
    server_.clear_error_channels(websocketpp::log::elevel::all);
    server_.init_asio();
    server_.set_reuse_addr(true);
    server_.set_message_handler([this](websocketpp::connection_hdl hdl, server::message_ptr msg) {
      websocketpp::lib::error_code ec;
      if (policy_.text_only && msg->get_opcode() == websocketpp::frame::opcode::binary) {
        server_.close(hdl, policy_.binary_close_code, "binary messages are not accepted", ec);
        return;
      }
      server_.send(hdl, msg->get_payload(), msg->get_opcode(), ec);
    });
    websocketpp::lib::error_code ec;
    server_.listen(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0), ec);
    if (ec) throw setup_error("websocketpp target cannot listen: " + ec.message());
    server_.start_accept(ec);
    if (ec) throw setup_error("websocketpp target cannot accept: " + ec.message());
    endpoint ep;
    ep.port = server_.get_local_endpoint(ec).port();
    if (ec) throw setup_error("websocketpp target has no local endpoint: " + ec.message());
    thread_ = std::thread([this] { server_.run(); });
    return ep;
  }

  void stop() override {
    if (!thread_.joinable()) return;
    server_.stop();  // ends run() at once; the harness has finished every case by now
    thread_.join();
  }

  std::string name() const override { return "websocketpp"; }
  std::string version() const override { return websocketpp_version(); }
  endpoint_policy policy() const override { return policy_; }

 private:
  endpoint_policy policy_;
  server server_;
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
