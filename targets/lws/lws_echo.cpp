// libwebsockets echo server for wsharness, in the style of lws's minimal-ws-server-echo example:
// reassemble each message from the RECEIVE callbacks, queue it, write it back when writable.
//   lws_echo --version              prints lws_get_library_version()
//   lws_echo --port N [--validate-utf8]
// lws checks UTF-8 only when the server sets LWS_SERVER_OPTION_VALIDATE_UTF8, so the flag is
// part of the target: `lws` sets it (the library's documented way to be RFC 6455 §8.1 strict),
// `lws-default` leaves the library default, as servers that never heard of the option run.
#include <libwebsockets.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace {

struct message {
  std::string payload;
  bool binary = false;
};

// lws hands out raw zeroed per-session memory; it holds a pointer to this, owned from
// ESTABLISHED to CLOSED.
struct session {
  std::string partial;
  bool binary = false;
  std::deque<message> out;
};

volatile std::sig_atomic_t interrupted = 0;

int on_event(lws* wsi, lws_callback_reasons reason, void* user, void* in, std::size_t len) {
  // `user` is the session's slot in connection callbacks only; lws passes null for the others.
  auto** slot = static_cast<session**>(user);
  switch (reason) {
    case LWS_CALLBACK_ESTABLISHED:
      *slot = new session;
      break;
    case LWS_CALLBACK_CLOSED:
      delete *slot;
      *slot = nullptr;
      break;
    case LWS_CALLBACK_RECEIVE: {
      session* s = *slot;
      if (lws_is_first_fragment(wsi) && s->partial.empty()) s->binary = lws_frame_is_binary(wsi);
      s->partial.append(static_cast<const char*>(in), len);
      if (lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0) {
        s->out.push_back({std::move(s->partial), s->binary});
        s->partial.clear();
        lws_callback_on_writable(wsi);
      }
      break;
    }
    case LWS_CALLBACK_SERVER_WRITEABLE: {
      session* s = *slot;
      if (s->out.empty()) break;
      const message& m = s->out.front();
      std::vector<unsigned char> buf(LWS_PRE + m.payload.size());
      std::memcpy(buf.data() + LWS_PRE, m.payload.data(), m.payload.size());
      const int n =
          lws_write(wsi, buf.data() + LWS_PRE, m.payload.size(), m.binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
      if (n < static_cast<int>(m.payload.size())) return -1;
      s->out.pop_front();
      if (!s->out.empty()) lws_callback_on_writable(wsi);
      break;
    }
    default:
      break;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string flag = argc > 1 ? argv[1] : "";
  if (flag == "--version" && argc == 2) {
    // Debian builds it without a git hash, leaving "4.1.6-": drop the empty suffix.
    std::string v = lws_get_library_version();
    if (!v.empty() && v.back() == '-') v.pop_back();
    std::printf("%s\n", v.c_str());
    return 0;
  }
  const bool validate = argc == 4 && std::string(argv[3]) == "--validate-utf8";
  if (flag != "--port" || (argc != 3 && !validate)) {
    std::fprintf(stderr, "usage: lws_echo --version | --port N [--validate-utf8]\n");
    return 2;
  }
  lws_set_log_level(LLL_ERR, nullptr);
  const lws_protocols protocols[] = {{"echo", on_event, sizeof(session*), 0, 0, nullptr, 0},
                                     {nullptr, nullptr, 0, 0, 0, nullptr, 0}};  // list terminator
  lws_context_creation_info info{};
  info.port = std::atoi(argv[2]);
  info.iface = "127.0.0.1";
  info.protocols = protocols;
  info.options = validate ? LWS_SERVER_OPTION_VALIDATE_UTF8 : 0;
  lws_context* context = lws_create_context(&info);
  if (!context) {
    std::fprintf(stderr, "lws_echo: cannot listen on 127.0.0.1:%d\n", info.port);
    return 1;
  }
  std::signal(SIGTERM, [](int) { interrupted = 1; });
  while (!interrupted && lws_service(context, 0) >= 0) {
  }
  lws_context_destroy(context);
  return 0;
}
