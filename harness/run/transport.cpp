#include "wsh/transport.hpp"

#include <array>
#include <asio.hpp>
#include <asio/ssl.hpp>

namespace wsh {

using asio::ip::tcp;

struct transport::impl {
  explicit impl(const std::optional<tls_settings>& tls) : sock(io), ctx(asio::ssl::context::tls_client) {
    if (!tls) return;
    verify = !tls->insecure;
    asio::error_code ec;
    if (tls->insecure) {
      ctx.set_verify_mode(asio::ssl::verify_none, ec);
    } else {
      ctx.set_verify_mode(asio::ssl::verify_peer, ec);
      if (tls->ca_file.empty())
        ctx.set_default_verify_paths(ec);
      else
        ctx.load_verify_file(tls->ca_file, ec);
      if (ec) ca_error = "cannot load the CA file " + tls->ca_file + ": " + ec.message();
    }
    tls_stream.emplace(sock, ctx);
  }

  std::string handshake(const endpoint& ep, clock_type::time_point deadline) {
    asio::error_code ec, ip_ec;
    asio::ip::make_address(ep.host, ip_ec);
    // SNI names a host, never an address (RFC 6066 §3).
    if (ip_ec) SSL_set_tlsext_host_name(tls_stream->native_handle(), ep.host.c_str());
    if (verify) tls_stream->set_verify_callback(asio::ssl::host_name_verification(ep.host), ec);
    bool done = false;
    tls_stream->async_handshake(asio::ssl::stream_base::client, [&](const asio::error_code& e) {
      ec = e;
      done = true;
    });
    const std::string where = "wss://" + ep.host + ":" + std::to_string(ep.port);
    if (!wait(done, deadline) && ec == asio::error::operation_aborted) return "TLS handshake with " + where + " timed out";
    if (!ec) return {};
    const long verify_result = SSL_get_verify_result(tls_stream->native_handle());
    if (verify_result != X509_V_OK)
      return "TLS: the certificate of " + where + " is not trusted: " + X509_verify_cert_error_string(verify_result) +
             " (--ca FILE to trust its CA, --insecure to skip the check)";
    return "TLS handshake with " + where + " failed: " + ec.message();
  }

  // Runs the io_context until `done`; false when the deadline came first. Then the pending
  // operation is cancelled and run to its end, and its own result is what counts: it may have
  // completed anyway (run_one_until returns at once when the deadline is already past, even
  // with a completion queued; the reactor may have read the bytes as the deadline passed).
  // Callers take operation_aborted as the timeout, any other result as it is.
  bool wait(bool& done, clock_type::time_point deadline) {
    io.restart();
    while (!done) {
      if (io.run_one_until(deadline) == 0 && !done) {
        asio::error_code ignored;
        sock.cancel(ignored);
        io.restart();
        while (!done) io.run_one();
        return false;
      }
    }
    return true;
  }

  asio::io_context io;
  tcp::socket sock;
  asio::ssl::context ctx;
  std::optional<asio::ssl::stream<tcp::socket&>> tls_stream;
  std::string ca_error;
  bool verify = false;
  std::array<std::uint8_t, 65536> rbuf{};
};

transport::transport(const std::optional<tls_settings>& tls) : impl_(std::make_unique<impl>(tls)) {}
transport::~transport() = default;

std::string transport::connect(const endpoint& ep, clock_type::time_point deadline) {
  impl& d = *impl_;
  if (!d.ca_error.empty()) return d.ca_error;
  asio::error_code ec;
  tcp::resolver resolver(d.io);
  auto results = resolver.resolve(ep.host, std::to_string(ep.port), ec);
  if (ec) return "cannot resolve " + ep.host + ": " + ec.message();
  bool done = false;
  asio::async_connect(d.sock, results, [&](const asio::error_code& e, const tcp::endpoint&) {
    ec = e;
    done = true;
  });
  const std::string where = ep.host + ":" + std::to_string(ep.port);
  if (!d.wait(done, deadline) && ec == asio::error::operation_aborted) return "connect to " + where + " timed out";
  if (ec) return "cannot connect to " + where + ": " + ec.message();
  d.sock.set_option(tcp::no_delay(true), ec);
  return d.tls_stream ? d.handshake(ep, deadline) : std::string();
}

std::string transport::write(byte_view b, clock_type::time_point deadline) {
  impl& d = *impl_;
  bool done = false;
  asio::error_code ec;
  auto on_done = [&](const asio::error_code& e, std::size_t) {
    ec = e;
    done = true;
  };
  if (d.tls_stream)
    asio::async_write(*d.tls_stream, asio::buffer(b.data(), b.size()), on_done);
  else
    asio::async_write(d.sock, asio::buffer(b.data(), b.size()), on_done);
  if (!d.wait(done, deadline) && ec == asio::error::operation_aborted) return "write timed out";
  return ec ? ec.message() : std::string();
}

transport::read_result transport::read_some(clock_type::time_point deadline) {
  impl& d = *impl_;
  bool done = false;
  asio::error_code ec;
  std::size_t n = 0;
  auto on_done = [&](const asio::error_code& e, std::size_t got) {
    ec = e;
    n = got;
    done = true;
  };
  if (d.tls_stream)
    d.tls_stream->async_read_some(asio::buffer(d.rbuf), on_done);
  else
    d.sock.async_read_some(asio::buffer(d.rbuf), on_done);
  d.wait(done, deadline);  // late or not, what the read got counts
  read_result r;
  if (!ec) {
    r.what = read_result::kind::data;
    r.n = n;
  } else if (ec != asio::error::operation_aborted) {
    if (ec == asio::ssl::error::stream_truncated) ec = asio::error::eof;
    r.what = read_result::kind::ended;
    r.reset = ec == asio::error::connection_reset;
    r.why = ec.message();
  }
  return r;
}

byte_view transport::buffer(std::size_t n) const { return byte_view(impl_->rbuf.data(), n); }

}  // namespace wsh
