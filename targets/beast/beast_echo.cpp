// Boost.Beast echo server for wsharness, the way Beast's own websocket_server_sync example does
// it: one thread per connection, read a whole message, write it back with the same type.
//   beast_echo --version    prints the Boost and Beast versions this program was built with
//   beast_echo --port N     echoes on 127.0.0.1:N until killed
// Beast is header-only, so the version compiled in IS the library version that runs.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/version.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

void session(tcp::socket socket) {
  try {
    websocket::stream<tcp::socket> ws(std::move(socket));
    ws.accept();
    for (;;) {
      beast::flat_buffer buffer;
      ws.read(buffer);
      ws.text(ws.got_text());  // echo text as text, binary as binary
      ws.write(buffer.data());
    }
  } catch (const beast::system_error&) {
    // closed by the peer, or failed by Beast with its own close code: nothing to do
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string flag = argc > 1 ? argv[1] : "";
  if (flag == "--version" && argc == 2) {
    std::cout << BOOST_VERSION / 100000 << "." << BOOST_VERSION / 100 % 1000 << "." << BOOST_VERSION % 100 << " (Beast "
              << BOOST_BEAST_VERSION << ")\n";
    return 0;
  }
  if (flag != "--port" || argc != 3) {
    std::cerr << "usage: beast_echo --version | --port N\n";
    return 2;
  }
  try {
    asio::io_context io;
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::atoi(argv[2]))});
    for (;;) std::thread(session, acceptor.accept()).detach();
  } catch (const std::exception& e) {
    std::cerr << "beast_echo: " << e.what() << "\n";
    return 1;
  }
}
