#include "utf8_differential.hpp"

#include <boost/beast/websocket/detail/utf8_checker.hpp>
#include <vector>
#include <websocketpp/utf8_validator.hpp>

#include "wsh/utf8_validator.hpp"

namespace wsh::libfuzzer {

namespace {

std::vector<byte_view> chunks(byte_view text, std::uint8_t spec) {
  const std::size_t sizes[2] = {std::size_t(spec & 15) + 1, std::size_t(spec >> 4) + 1};
  std::vector<byte_view> out;
  for (std::size_t at = 0, i = 0; at < text.size(); ++i) {
    const std::size_t n = std::min(sizes[i & 1], text.size() - at);
    out.push_back(text.subspan(at, n));
    at += n;
  }
  return out;
}

std::string yes(bool b) { return b ? "valid" : "invalid"; }

}  // namespace

std::string utf8_disagreement(byte_view input) {
  const std::uint8_t spec = input.empty() ? 0 : input[0];
  const byte_view text = input.empty() ? input : input.subspan(1);
  const auto parts = chunks(text, spec);

  utf8_validator ours;
  websocketpp::utf8_validator::validator wspp;
  boost::beast::websocket::detail::utf8_checker beast;
  bool wspp_ok = true, beast_ok = true;
  std::size_t fed = 0;
  std::string why;
  auto report = [&](const std::string& what) {
    why = what + "\n  text (" + std::to_string(text.size()) + " bytes): " + to_hex_spaced(text) +
          "\n  chunk sizes: " + std::to_string((spec & 15) + 1) + "/" + std::to_string((spec >> 4) + 1) +
          ", disagreement after " + std::to_string(fed) + " bytes";
  };

  for (const byte_view part : parts) {
    const bool ours_ok = ours.feed(part);
    fed += part.size();
    if (wspp_ok) wspp_ok = wspp.decode(part.begin(), part.end());
    if (beast_ok) beast_ok = beast.write(part.data(), part.size());
    if (ours_ok != wspp_ok) {
      report("websocketpp says the prefix is " + yes(wspp_ok) + ", wsh says " + yes(ours_ok));
      return why;
    }
    if (beast_ok != ours_ok) {
      report("Beast says the prefix is " + yes(beast_ok) + ", wsh says " + yes(ours_ok));
      return why;
    }
  }
  const bool ours_final = ours.finish();
  const bool wspp_final = wspp_ok && wspp.complete();
  const bool beast_final = beast_ok && beast.finish();
  if (ours_final != is_valid_utf8(text)) report("wsh chunked says " + yes(ours_final) + ", wsh whole-buffer disagrees");
  else if (wspp_final != ours_final) report("websocketpp says " + yes(wspp_final) + ", wsh says " + yes(ours_final));
  else if (beast_final != ours_final) report("Beast says " + yes(beast_final) + ", wsh says " + yes(ours_final));
  else if (boost::beast::websocket::detail::check_utf8(as_text(text).data(), text.size()) != ours_final)
    report("Beast check_utf8 (whole buffer) says " + yes(!ours_final) + ", wsh says " + yes(ours_final));
  return why;
}

}  // namespace wsh::libfuzzer
