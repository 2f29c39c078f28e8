// --url: a server somebody else runs (ws:// or wss://); we only parse the URL and check it is reachable.
#include <array>
#include <asio.hpp>
#include <chrono>

#include "wsh/adapter.hpp"
#include "wsh/handshake.hpp"
#include "wsh/runner.hpp"

namespace wsh {

namespace {

endpoint parse_ws_url(const std::string& url, const tls_settings& tls) {
  const bool secure = url.rfind("wss://", 0) == 0;
  if (!secure && url.rfind("ws://", 0) != 0)
    throw setup_error("unsupported URL '" + url + "': expected ws://HOST:PORT/PATH or wss://HOST:PORT/PATH");
  if (!secure && (tls.insecure || !tls.ca_file.empty()))
    throw setup_error("--ca and --insecure are for wss:// URLs, not " + url);
  std::string rest = url.substr(secure ? 6 : 5);
  endpoint ep;
  if (secure) ep.tls = tls;
  const std::size_t slash = rest.find('/');
  ep.path = slash == std::string::npos ? "/" : rest.substr(slash);
  std::string hostport = rest.substr(0, slash);
  std::string port = secure ? "443" : "80";
  if (!hostport.empty() && hostport.front() == '[') {  // [::1]:9001
    const std::size_t close = hostport.find(']');
    if (close == std::string::npos) throw setup_error("malformed IPv6 host in URL '" + url + "'");
    ep.host = hostport.substr(1, close - 1);
    if (close + 1 < hostport.size() && hostport[close + 1] == ':') port = hostport.substr(close + 2);
  } else {
    const std::size_t colon = hostport.rfind(':');
    ep.host = hostport.substr(0, colon);
    if (colon != std::string::npos) port = hostport.substr(colon + 1);
  }
  if (ep.host.empty()) throw setup_error("URL '" + url + "' has no host");
  char* end = nullptr;
  const long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p < 1 || p > 65535) throw setup_error("URL '" + url + "' has an invalid port");
  ep.port = static_cast<std::uint16_t>(p);
  return ep;
}

class url_adapter final : public adapter {
 public:
  url_adapter(std::string url, endpoint_policy p, const tls_settings& tls)
      : url_(std::move(url)), policy_(p), ep_(parse_ws_url(url_, tls)) {}

  // Reachable, and for wss:// a certificate that verifies: otherwise a set-up error, not verdicts.
  endpoint start() override {
    if (ep_.tls) {
      if (std::string why = check_connect(ep_, 5000); !why.empty()) throw setup_error(why);
      return ep_;
    }
    asio::io_context io;
    asio::ip::tcp::socket sock(io);
    if (std::string why = connect(sock); !why.empty()) throw setup_error(why);
    return ep_;
  }
  void stop() override {}
  // Someone else's server: ask it for an upgrade. A process that is exiting can still accept on
  // its listening socket for a moment after its connections dropped; it never answers, and its
  // exit resets the probe. No answer within the second (a slow server) still counts as alive.
  bool alive() override {
    if (ep_.tls) return check_connect(ep_, 1000).empty();  // a TLS listener that completes a handshake
    asio::io_context io;
    asio::ip::tcp::socket sock(io);
    if (!connect(sock).empty()) return false;
    asio::error_code ec;
    asio::write(sock, asio::buffer(upgrade_request(ep_.host, ep_.port, ep_.path, random_key())), ec);
    if (ec) return false;
    std::array<char, 256> head;
    bool reset = false;
    sock.async_read_some(asio::buffer(head), [&](const asio::error_code& e, std::size_t) { reset = bool(e); });
    io.run_for(std::chrono::seconds(1));
    return !reset;
  }
  std::string name() const override { return url_; }
  std::string version() const override { return "unknown (remote)"; }
  endpoint_policy policy() const override { return policy_; }

 private:
  // Resolves the host and connects `sock`: empty when connected, else why not (one line).
  std::string connect(asio::ip::tcp::socket& sock) const {
    asio::ip::tcp::resolver resolver(sock.get_executor());
    asio::error_code ec;
    auto results = resolver.resolve(ep_.host, std::to_string(ep_.port), ec);
    if (ec) return "cannot resolve " + ep_.host + ": " + ec.message();
    asio::connect(sock, results, ec);
    if (ec) return "cannot reach " + url_ + ": " + ec.message();
    return {};
  }

  std::string url_;
  endpoint_policy policy_;
  endpoint ep_;
};

}  // namespace

std::unique_ptr<adapter> make_url_adapter(const std::string& url, endpoint_policy policy, tls_settings tls) {
  return std::make_unique<url_adapter>(url, policy, tls);
}

}  // namespace wsh
