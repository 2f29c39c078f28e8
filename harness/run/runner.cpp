#include "wsh/runner.hpp"

#include <array>
#include <asio.hpp>
#include <chrono>
#include <string>

namespace wsh {

namespace {

using clock_type = std::chrono::steady_clock;
using asio::ip::tcp;

// One TCP connection; every wait is bounded by a deadline (a timeout is an event, not a hang).
class tcp_transport {
 public:
  tcp_transport() : sock_(io_) {}

  // Empty when connected, otherwise why not (one line).
  std::string connect(const endpoint& ep, clock_type::time_point deadline) {
    asio::error_code ec;
    tcp::resolver resolver(io_);
    auto results = resolver.resolve(ep.host, std::to_string(ep.port), ec);
    if (ec) return "cannot resolve " + ep.host + ": " + ec.message();
    bool done = false;
    asio::async_connect(sock_, results, [&](const asio::error_code& e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    const std::string where = ep.host + ":" + std::to_string(ep.port);
    if (!wait(done, deadline)) return "connect to " + where + " timed out";
    if (ec) return "cannot connect to " + where + ": " + ec.message();
    sock_.set_option(tcp::no_delay(true), ec);
    return {};
  }

  // Empty when all of `b` was written, otherwise why not.
  std::string write(byte_view b, clock_type::time_point deadline) {
    bool done = false;
    asio::error_code ec;
    asio::async_write(sock_, asio::buffer(b.data(), b.size()), [&](const asio::error_code& e, std::size_t) {
      ec = e;
      done = true;
    });
    if (!wait(done, deadline)) return "write timed out";
    return ec ? ec.message() : std::string();
  }

  // Reads some bytes into buffer(); operation_aborted when the deadline passed.
  asio::error_code read_some(std::size_t& n, clock_type::time_point deadline) {
    bool done = false;
    asio::error_code ec;
    sock_.async_read_some(asio::buffer(rbuf_), [&](const asio::error_code& e, std::size_t got) {
      ec = e;
      n = got;
      done = true;
    });
    if (!wait(done, deadline)) return asio::error::operation_aborted;
    return ec;
  }

  byte_view buffer(std::size_t n) const { return byte_view(rbuf_.data(), n); }

 private:
  // Runs the io_context until `done` or the deadline; on the deadline cancels the pending op.
  bool wait(bool& done, clock_type::time_point deadline) {
    io_.restart();
    while (!done) {
      if (io_.run_one_until(deadline) == 0 && !done) {
        asio::error_code ignored;
        sock_.cancel(ignored);
        io_.restart();
        while (!done) io_.run_one();
        return false;
      }
    }
    return true;
  }

  asio::io_context io_;
  tcp::socket sock_;
  std::array<std::uint8_t, 65536> rbuf_{};
};

}  // namespace

transcript run_case(const endpoint& ep, const test_case& c, const stop_condition& stop, const run_options& opt) {
  const wire_layout w = layout(c);
  session_options so;
  so.host = ep.host;
  so.port = ep.port;
  so.path = ep.path;
  so.timeout_ms = opt.timeout_ms;
  so.max_message = opt.max_message;
  so.stop = stop;
  client_session s(plan_for(c, w, opt.pause_ms), std::move(so));
  const auto t0 = clock_type::now();
  auto now_ms = [&] { return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count(); };
  auto at = [&](double ms) {
    return t0 + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double, std::milli>(ms));
  };

  tcp_transport io;
  if (std::string why = io.connect(ep, at(s.deadline_ms())); !why.empty())
    s.setup_failed(std::move(why));
  else
    s.connected();
  // Each step either ends the session or moves it on: writes and reads are bounded by their
  // deadlines, and every phase of the session ends at the case's deadline at the latest.
  for (auto st = s.next(); st.what != client_session::action::done; st = s.next()) {
    if (st.what == client_session::action::write) {
      if (std::string why = io.write(st.bytes, at(st.until_ms)); why.empty())
        s.wrote(now_ms());
      else
        s.write_failed(std::move(why), now_ms());
      continue;
    }
    std::size_t n = 0;
    const asio::error_code ec = io.read_some(n, at(st.until_ms));
    if (ec == asio::error::operation_aborted)
      s.read_timed_out(now_ms());
    else if (ec)
      s.read_ended(ec == asio::error::connection_reset, ec.message(), now_ms());
    else
      s.received(io.buffer(n), now_ms());
  }
  return s.finish(now_ms());
}

}  // namespace wsh
