// One client connection: TCP, TLS on top for wss://. Every wait has a deadline (a timeout is an
// event, not a hang); run_case drives a wsh::client_session over it. Asio stays behind the
// interface, so tests and other drivers need no Asio headers.
//
// Bytes read from the kernel are never dropped: a read that completes as its deadline passes
// (under load: the reactor already read them, or the deadline was already past when the wait
// began) returns them, and only a read that got nothing is a timeout.
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "wsh/adapter.hpp"
#include "wsh/bytes.hpp"

namespace wsh {

class transport {
 public:
  using clock_type = std::chrono::steady_clock;

  struct read_result {
    enum class kind { data, timed_out, ended };
    kind what = kind::timed_out;
    std::size_t n = 0;   // data: how many bytes buffer(n) holds
    bool reset = false;  // ended: by an RST (ECONNRESET), not a FIN
    std::string why;     // ended: the error's message ("End of file", "Connection reset by peer")
  };

  explicit transport(const std::optional<tls_settings>& tls);
  ~transport();
  transport(const transport&) = delete;
  transport& operator=(const transport&) = delete;

  // Empty when connected (and, for TLS, the handshake passed its checks), otherwise why not.
  std::string connect(const endpoint& ep, clock_type::time_point deadline);
  // Empty when all of `b` was written (even if that completed as the deadline passed),
  // otherwise why not.
  std::string write(byte_view b, clock_type::time_point deadline);
  // Some bytes into buffer(), the end of the connection, or nothing by the deadline. A TLS peer
  // that ends TCP without close_notify reads as end of stream, like a plain TCP close.
  read_result read_some(clock_type::time_point deadline);
  byte_view buffer(std::size_t n) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wsh
