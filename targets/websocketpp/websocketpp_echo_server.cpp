// websocketpp 0.8.2 echo server as a standalone program, the way its echo_server example is
// deployed: server.run() on the main thread. The same library as the in-process `websocketpp`
// target, reached through a spawned process, so both paths of the harness are exercised.
//   websocketpp_echo_server --version    prints websocketpp's version constants
//   websocketpp_echo_server --port N     echoes text as text, binary as binary on 127.0.0.1:N
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>
#include <websocketpp/version.hpp>

using server = websocketpp::server<websocketpp::config::asio>;

int main(int argc, char** argv) {
  const std::string flag = argc > 1 ? argv[1] : "";
  if (flag == "--version" && argc == 2) {
    std::cout << websocketpp::major_version << "." << websocketpp::minor_version << "." << websocketpp::patch_version
              << "\n";
    return 0;
  }
  if (flag != "--port" || argc != 3) {
    std::cerr << "usage: websocketpp_echo_server --version | --port N\n";
    return 2;
  }
  server s;
  s.clear_access_channels(websocketpp::log::alevel::all);
  s.clear_error_channels(websocketpp::log::elevel::all);
  s.init_asio();
  s.set_message_handler([&s](websocketpp::connection_hdl hdl, server::message_ptr msg) {
    websocketpp::lib::error_code ec;
    s.send(hdl, msg->get_payload(), msg->get_opcode(), ec);  // a failed send is websocketpp's to report
  });
  // SIGTERM from the harness: stop the loop so run() returns and the process exits 0.
  asio::signal_set signals(s.get_io_service(), SIGTERM, SIGINT);
  signals.async_wait([&s](const asio::error_code&, int) { s.stop(); });
  websocketpp::lib::error_code ec;
  s.listen(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::atoi(argv[2]))),
      ec);
  if (!ec) s.start_accept(ec);
  if (ec) {
    std::cerr << "websocketpp_echo_server: " << ec.message() << "\n";
    return 1;
  }
  s.run();
  return 0;
}
