#include "wsh/runner.hpp"

#include <array>
#include <asio.hpp>
#include <asio/ssl.hpp>
#include <chrono>
#include <string>

namespace wsh {

namespace {

using clock_type = std::chrono::steady_clock;
using asio::ip::tcp;

// One TCP connection, TLS on top for wss://; every wait is bounded by a deadline (a timeout is
// an event, not a hang). The session above sees only bytes, so every case is judged the same
// way over TLS.
class transport {
 public:
  explicit transport(const std::optional<tls_settings>& tls) : sock_(io_), ctx_(asio::ssl::context::tls_client) {
    if (!tls) return;
    verify_ = !tls->insecure;
    asio::error_code ec;
    if (tls->insecure) {
      ctx_.set_verify_mode(asio::ssl::verify_none, ec);
    } else {
      ctx_.set_verify_mode(asio::ssl::verify_peer, ec);
      if (tls->ca_file.empty())
        ctx_.set_default_verify_paths(ec);
      else
        ctx_.load_verify_file(tls->ca_file, ec);
      if (ec) ca_error_ = "cannot load the CA file " + tls->ca_file + ": " + ec.message();
    }
    tls_.emplace(sock_, ctx_);
  }

  // Empty when connected (and, for TLS, the handshake passed its checks), otherwise why not.
  std::string connect(const endpoint& ep, clock_type::time_point deadline) {
    if (!ca_error_.empty()) return ca_error_;
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
    return tls_ ? handshake(ep, deadline) : std::string();
  }

  // Empty when all of `b` was written, otherwise why not.
  std::string write(byte_view b, clock_type::time_point deadline) {
    bool done = false;
    asio::error_code ec;
    auto on_done = [&](const asio::error_code& e, std::size_t) {
      ec = e;
      done = true;
    };
    if (tls_)
      asio::async_write(*tls_, asio::buffer(b.data(), b.size()), on_done);
    else
      asio::async_write(sock_, asio::buffer(b.data(), b.size()), on_done);
    if (!wait(done, deadline)) return "write timed out";
    return ec ? ec.message() : std::string();
  }

  // Reads some bytes into buffer(); operation_aborted when the deadline passed. A TLS peer that
  // ends TCP without close_notify reads as end of stream, like a plain TCP close.
  asio::error_code read_some(std::size_t& n, clock_type::time_point deadline) {
    bool done = false;
    asio::error_code ec;
    auto on_done = [&](const asio::error_code& e, std::size_t got) {
      ec = e;
      n = got;
      done = true;
    };
    if (tls_)
      tls_->async_read_some(asio::buffer(rbuf_), on_done);
    else
      sock_.async_read_some(asio::buffer(rbuf_), on_done);
    if (!wait(done, deadline)) return asio::error::operation_aborted;
    if (ec == asio::ssl::error::stream_truncated) return asio::error::eof;
    return ec;
  }

  byte_view buffer(std::size_t n) const { return byte_view(rbuf_.data(), n); }

 private:
  std::string handshake(const endpoint& ep, clock_type::time_point deadline) {
    asio::error_code ec, ip_ec;
    asio::ip::make_address(ep.host, ip_ec);
    // SNI names a host, never an address (RFC 6066 §3).
    if (ip_ec) SSL_set_tlsext_host_name(tls_->native_handle(), ep.host.c_str());
    if (verify_) tls_->set_verify_callback(asio::ssl::host_name_verification(ep.host), ec);
    bool done = false;
    tls_->async_handshake(asio::ssl::stream_base::client, [&](const asio::error_code& e) {
      ec = e;
      done = true;
    });
    const std::string where = "wss://" + ep.host + ":" + std::to_string(ep.port);
    if (!wait(done, deadline)) return "TLS handshake with " + where + " timed out";
    if (!ec) return {};
    const long verify = SSL_get_verify_result(tls_->native_handle());
    if (verify != X509_V_OK)
      return "TLS: the certificate of " + where + " is not trusted: " + X509_verify_cert_error_string(verify) +
             " (--ca FILE to trust its CA, --insecure to skip the check)";
    return "TLS handshake with " + where + " failed: " + ec.message();
  }

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
  asio::ssl::context ctx_;
  std::optional<asio::ssl::stream<tcp::socket&>> tls_;
  std::string ca_error_;
  bool verify_ = false;
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

  transport io(ep.tls);
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

std::string check_connect(const endpoint& ep, int timeout_ms) {
  transport io(ep.tls);
  return io.connect(ep, clock_type::now() + std::chrono::milliseconds(timeout_ms));
}

}  // namespace wsh
