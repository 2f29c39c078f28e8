#include "beast_memory_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket.hpp>

namespace wsh::libfuzzer {

namespace {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using error_code = boost::beast::error_code;

// An async echo loop driven by io_context::poll(): every feed runs the handlers that the new
// bytes unblock and returns once the server waits for more input. No threads, no timers.
class beast_server final : public memory_server {
 public:
  explicit beast_server(const echo_options& options) : options_(options) {
    client_.connect(ws_.next_layer());
    ws_.async_accept([this](error_code ec) {
      if (ec) return finish();
      read();
    });
    ioc_.poll();
  }

  void feed(const std::uint8_t* data, std::size_t n) override {
    if (n == 0) return;
    error_code ec;
    client_.write_some(boost::asio::buffer(data, n), ec);
    ioc_.restart();
    ioc_.poll();
  }

  void drain(std::string& to) override {
    auto& in = client_.buffer();
    const auto data = in.data();  // a flat_buffer: one contiguous buffer
    to.append(static_cast<const char*>(data.data()), data.size());
    in.consume(in.size());
  }

  bool ended() const override { return ended_; }

 private:
  void read() {
    ws_.async_read(message_, [this](error_code ec, std::size_t) {
      if (ec) return finish();
      if (options_.text_only && !ws_.got_text()) {
        ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(options_.binary_close_code),
                                                "binary messages are not accepted"),
                        [this](error_code) { finish(); });
        return;
      }
      ws_.text(ws_.got_text());
      ws_.async_write(message_.data(), [this](error_code ec2, std::size_t) {
        message_.consume(message_.size());
        if (ec2) return finish();
        read();
      });
    });
  }

  // The server is done with the connection: Beast has failed it, or completed a close.
  void finish() {
    ended_ = true;
    ws_.next_layer().close();
  }

  echo_options options_;
  boost::asio::io_context ioc_;
  beast::test::stream client_{ioc_};
  websocket::stream<beast::test::stream> ws_{ioc_};
  beast::flat_buffer message_;
  bool ended_ = false;
};

}  // namespace

std::unique_ptr<memory_server> make_beast_server(const echo_options& options) {
  return std::make_unique<beast_server>(options);
}

std::string beast_version() {
  return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
         std::to_string(BOOST_VERSION % 100);
}

}  // namespace wsh::libfuzzer
