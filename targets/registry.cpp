#include "registry.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <mutex>
#include <set>
#include <sstream>

#include "websocketpp_echo.hpp"

namespace wsh {

namespace {

// Install hints, one place each.
const std::string build_hint = "cmake --preset default && cmake --build --preset default";
const std::string python_hint = "scripts/install-deps.sh (targets/python/install.sh)";

// A Python target's needs: its venv's interpreter, and the stamp targets/python/install.sh leaves
// once the venv's pinned requirements are in.
std::vector<requirement> python_venv(const std::string& venv) {
  return {{"{src}/python/" + venv + "/bin/python", python_hint}, {"{src}/python/" + venv + "/.installed", python_hint}};
}
const std::string npm_hint = "npm ci --prefix " WSH_TARGETS_SRC_DIR "/node (scripts/install-deps.sh runs it)";

std::string built_by(const std::string& program, const std::string& package) {
  return "apt-get install " + package + ", then " + build_hint + " --target " + program + " (CMake builds " +
         program + " only with " + package + " installed)";
}

spawned_target spawned(std::string command, std::string version_command, std::vector<requirement> needs,
                       int startup_timeout_ms = 10000) {
  spawned_target t;
  t.command = std::move(command);
  t.version_command = std::move(version_command);
  t.needs = std::move(needs);
  t.startup_timeout_ms = startup_timeout_ms;
  return t;
}

// The same server behind TLS: wss:// with a certificate `ca` signs (targets/tls/install.sh).
spawned_target over_tls(spawned_target t, std::string ca) {
  t.tls_ca = std::move(ca);
  return t;
}

// Libraries' default message size limits, as each target's policy declares them (a larger
// message is closed with 1009, RFC 6455 §7.4.1), found in the installed library itself:
// websockets' serve(max_size=2**20) (legacy/server.py in 10.x, asyncio/server.py since 14.0).
constexpr std::uint64_t websockets_max_size = std::uint64_t{1} << 20;
// Tomcat's org.apache.tomcat.websocket.Constants.DEFAULT_BUFFER_SIZE, 8192: the default text and
// binary buffers of a session (WsSession textBufferSize/binaryBufferSize). The text buffer holds
// decoded chars, so as bytes this is the smallest it can be; every longer text in the catalogue
// is over it either way.
constexpr std::uint64_t tomcat_buffer_size = 8192;
// Jetty 12's WebSocketConstants.DEFAULT_MAX_TEXT_MESSAGE_SIZE (and _BINARY_, and
// DEFAULT_MAX_FRAME_SIZE): 65536.
constexpr std::uint64_t jetty_max_message_size = 65536;
// WebSocket-Node's WebSocketServer config maxReceivedMessageSize 0x100000 (lib/WebSocketServer.js).
constexpr std::uint64_t websocket_node_max_message_size = 0x100000;
// coder/websocket's defaultReadLimit, 32768 bytes per message (read.go, SetReadLimit: "By default,
// the connection has a message read limit of 32768 bytes", closed with StatusMessageTooBig).
constexpr std::uint64_t coder_websocket_read_limit = 32768;

}  // namespace

std::span<const target_info> builtin_targets() {
  static const std::vector<target_info> targets{
      {"websocketpp", "websocketpp (Asio), in-process", "C++", {},
       in_process_target{websocketpp_version, make_websocketpp_echo}, 64},  // 64 connections: tests/e2e
      {"websocketpp-spawned", "websocketpp (Asio), standalone program", "C++", {},
       spawned("{bin}/websocketpp_echo_server --port {port}", "{bin}/websocketpp_echo_server --version",
               {{"{bin}/websocketpp_echo_server", "apt-get install libwebsocketpp-dev, then " + build_hint}})},
      {"ws8", "Node.js ws 8 (npm)", "JavaScript", {},
       spawned("node {src}/node/echo.js ws --port {port}", "node {src}/node/echo.js ws --version",
               {{"node", "apt-get install nodejs npm"}, {"{src}/node/node_modules/ws/package.json", npm_hint}})},
      // ws 8 on Node's https server: every case over wss://, judged as over ws:// (the
      // certificate is the test CA's, made by targets/tls/install.sh).
      {"ws8-tls", "Node.js ws 8 (npm) over TLS (https server, wss://)", "JavaScript", {},
       over_tls(spawned("node {src}/node/echo.js ws --port {port} --tls {src}/tls/certs/server.pem "
                        "{src}/tls/certs/server.key",
                        "node {src}/node/echo.js ws --version",
                        {{"node", "apt-get install nodejs npm"},
                         {"{src}/node/node_modules/ws/package.json", npm_hint},
                         {"{src}/tls/certs/server.pem", "scripts/install-deps.sh (targets/tls/install.sh)"}}),
                "{src}/tls/certs/ca.pem")},
      {"ws7", "Node.js ws 7 (npm alias ws7)", "JavaScript", {},
       spawned("node {src}/node/echo.js ws7 --port {port}", "node {src}/node/echo.js ws7 --version",
               {{"node", "apt-get install nodejs npm"}, {"{src}/node/node_modules/ws7/package.json", npm_hint}})},
      // Debian's interpreter on purpose: python3-websockets is installed for it, not for a pyenv.
      // Takes 8 connections: --connections 8 gave the verdicts of one at a time (3 runs, 2026-12-02).
      {"python-websockets", "Python websockets (asyncio)", "Python", {.max_message_size = websockets_max_size},
       spawned("/usr/bin/python3 {src}/python/echo.py --port {port}", "/usr/bin/python3 {src}/python/echo.py --version",
               {{"/usr/bin/python3", "apt-get install python3"},
                {"/usr/lib/python3/dist-packages/websockets/__init__.py", "apt-get install python3-websockets"}}),
       8},
      {"beast", "Boost.Beast (sync, thread per connection)", "C++", {},
       spawned("{bin}/beast_echo --port {port}", "{bin}/beast_echo --version",
               {{"{bin}/beast_echo", built_by("beast_echo", "libboost-dev")}})},
      // lws checks UTF-8 only when asked (LWS_SERVER_OPTION_VALIDATE_UTF8): both ways are deployed.
      {"lws", "libwebsockets, UTF-8 validation on", "C", {},
       spawned("{bin}/lws_echo --port {port} --validate-utf8", "{bin}/lws_echo --version",
               {{"{bin}/lws_echo", built_by("lws_echo", "libwebsockets-dev")}})},
      {"lws-default", "libwebsockets, library defaults", "C", {},
       spawned("{bin}/lws_echo --port {port}", "{bin}/lws_echo --version",
               {{"{bin}/lws_echo", built_by("lws_echo", "libwebsockets-dev")}})},
      // Stands in for Spring WebSocket 6.0, whose TextWebSocketHandler refuses binary with 1003
      // (CloseStatus.NOT_ACCEPTABLE, RFC 6455 §7.4.1): that is the policy a text-only endpoint
      // on this container is held to.
      {"tomcat", "Apache Tomcat (Jakarta WebSocket @OnMessage String)", "Java",
       {.text_only = true, .binary_close_code = 1003, .max_message_size = tomcat_buffer_size},
       spawned("java -cp {bin}/tomcat:{tomcat_cp} TomcatEcho --port {port}",
               "java -cp {bin}/tomcat:{tomcat_cp} TomcatEcho --version",
               {{"java", "apt-get install openjdk-17-jdk-headless"},
                {"/usr/share/java/tomcat10-websocket.jar", "apt-get install libtomcat10-java"},
                {"{bin}/tomcat/TomcatEcho.class", built_by("tomcat_echo", "openjdk-17-jdk-headless libtomcat10-java")}},
               30000)},
      // ---- java (targets/java/) ----
      // One pinned Maven build (targets/java/pom.xml, install.sh), an executable jar per server.
      // -XX:TieredStopAtLevel=1 only shortens start-up; no WebSocket setting is changed.
      // Spring WebSocket 6.0 on Boot 3.1's embedded Tomcat 10.1, the seed system: its
      // TextWebSocketHandler refuses binary with CloseStatus.NOT_ACCEPTABLE (1003, §7.4.1).
      {"spring-text", "Spring WebSocket (Boot, embedded Tomcat), TextWebSocketHandler", "Java",
       {.text_only = true, .binary_close_code = 1003, .max_message_size = tomcat_buffer_size},
       spawned("java -XX:TieredStopAtLevel=1 -jar {src}/java/build/spring/spring-echo.jar"
               " --port {port} --handler text",
               "java -jar {src}/java/build/spring/spring-echo.jar --version",
               {{"java", "apt-get install openjdk-17-jdk-headless"},
                {"{src}/java/build/spring/spring-echo.jar", "scripts/install-deps.sh (targets/java/install.sh)"}},
               30000)},
      // The users' workaround for binary: an AbstractWebSocketHandler echoing text and binary.
      {"spring-binary", "Spring WebSocket (Boot, embedded Tomcat), AbstractWebSocketHandler", "Java",
       {.max_message_size = tomcat_buffer_size},
       spawned("java -XX:TieredStopAtLevel=1 -jar {src}/java/build/spring/spring-echo.jar"
               " --port {port} --handler binary",
               "java -jar {src}/java/build/spring/spring-echo.jar --version",
               {{"java", "apt-get install openjdk-17-jdk-headless"},
                {"{src}/java/build/spring/spring-echo.jar", "scripts/install-deps.sh (targets/java/install.sh)"}},
               30000)},
      {"jetty12", "Eclipse Jetty 12 (Jetty WebSocket API)", "Java", {.max_message_size = jetty_max_message_size},
       spawned("java -XX:TieredStopAtLevel=1 -jar {src}/java/build/jetty/jetty-echo.jar --port {port}",
               "java -jar {src}/java/build/jetty/jetty-echo.jar --version",
               {{"java", "apt-get install openjdk-17-jdk-headless"},
                {"{src}/java/build/jetty/jetty-echo.jar", "scripts/install-deps.sh (targets/java/install.sh)"}},
               20000)},
      {"netty41", "Netty 4.1 (WebSocketServerProtocolHandler, defaults)", "Java", {},
       spawned("java -XX:TieredStopAtLevel=1 -jar {src}/java/build/netty/netty-echo.jar --port {port}",
               "java -jar {src}/java/build/netty/netty-echo.jar --version",
               {{"java", "apt-get install openjdk-17-jdk-headless"},
                {"{src}/java/build/netty/netty-echo.jar", "scripts/install-deps.sh (targets/java/install.sh)"}},
               20000)},
      {"undertow", "Undertow (core WebSocket API)", "Java", {},
       spawned("java -XX:TieredStopAtLevel=1 -jar {src}/java/build/undertow/undertow-echo.jar --port {port}",
               "java -jar {src}/java/build/undertow/undertow-echo.jar --version",
               {{"java", "apt-get install openjdk-17-jdk-headless"},
                {"{src}/java/build/undertow/undertow-echo.jar", "scripts/install-deps.sh (targets/java/install.sh)"}},
               20000)},
      // ---- python (targets/python/) ----
      // One venv per pinned set (targets/python/install.sh, requirements-*.txt with hashes):
      // .venv-websockets10 holds websockets 10.0, .venv-latest the newest websockets, aiohttp,
      // tornado and uvicorn + wsproto.
      {"websockets-10.0", "Python websockets 10.0 (asyncio, legacy API), pip venv", "Python",
       {.max_message_size = websockets_max_size},
       spawned("{src}/python/.venv-websockets10/bin/python {src}/python/echo.py --port {port}",
               "{src}/python/.venv-websockets10/bin/python {src}/python/echo.py --version",
               python_venv(".venv-websockets10"))},
      {"websockets-latest", "Python websockets, newest (websockets.asyncio.server), pip venv", "Python",
       {.max_message_size = websockets_max_size},
       spawned("{src}/python/.venv-latest/bin/python {src}/python/websockets_echo.py --port {port}",
               "{src}/python/.venv-latest/bin/python {src}/python/websockets_echo.py --version",
               python_venv(".venv-latest"))},
      {"aiohttp", "aiohttp (web.WebSocketResponse), pip venv", "Python", {},
       spawned("{src}/python/.venv-latest/bin/python {src}/python/aiohttp_echo.py --port {port}",
               "{src}/python/.venv-latest/bin/python {src}/python/aiohttp_echo.py --version",
               python_venv(".venv-latest"))},
      {"tornado", "Tornado (WebSocketHandler), pip venv", "Python", {},
       spawned("{src}/python/.venv-latest/bin/python {src}/python/tornado_echo.py --port {port}",
               "{src}/python/.venv-latest/bin/python {src}/python/tornado_echo.py --version",
               python_venv(".venv-latest"))},
      {"uvicorn-wsproto", "uvicorn --ws wsproto, ASGI echo app, pip venv", "Python", {},
       spawned("{src}/python/.venv-latest/bin/python {src}/python/uvicorn_echo.py --port {port}",
               "{src}/python/.venv-latest/bin/python {src}/python/uvicorn_echo.py --version",
               python_venv(".venv-latest"))},
      // ---- node (targets/node/) ----
      // targets/node/package.json + package-lock.json (npm ci); ws8-latest is an npm alias.
      {"ws8-latest", "Node.js ws 8, newest (npm alias ws8-latest)", "JavaScript", {},
       spawned("node {src}/node/echo.js ws8-latest --port {port}", "node {src}/node/echo.js ws8-latest --version",
               {{"node", "apt-get install nodejs npm"},
                {"{src}/node/node_modules/ws8-latest/package.json", npm_hint}})},
      {"websocket-node", "WebSocket-Node (npm websocket)", "JavaScript",
       {.max_message_size = websocket_node_max_message_size},
       spawned("node {src}/node/websocket_node_echo.js --port {port}",
               "node {src}/node/websocket_node_echo.js --version",
               {{"node", "apt-get install nodejs npm"}, {"{src}/node/node_modules/websocket/package.json", npm_hint}})},
      // ---- go (targets/go/) ----
      // One Go module (targets/go/go.mod + go.sum), built by targets/go/install.sh into
      // targets/go/bin/; `--version` reads the module version from the binary's build info.
      {"gorilla", "gorilla/websocket (Go net/http)", "Go", {},
       spawned("{src}/go/bin/gorilla --port {port}", "{src}/go/bin/gorilla --version",
               {{"{src}/go/bin/gorilla", "scripts/install-deps.sh (targets/go/install.sh)"}})},
      {"coder-websocket", "coder/websocket, formerly nhooyr.io/websocket (Go net/http)", "Go",
       {.max_message_size = coder_websocket_read_limit},
       spawned("{src}/go/bin/coder-websocket --port {port}", "{src}/go/bin/coder-websocket --version",
               {{"{src}/go/bin/coder-websocket", "scripts/install-deps.sh (targets/go/install.sh)"}})},
      {"gobwas", "gobwas/ws with its wsutil helpers (Go net/http)", "Go", {},
       spawned("{src}/go/bin/gobwas --port {port}", "{src}/go/bin/gobwas --version",
               {{"{src}/go/bin/gobwas", "scripts/install-deps.sh (targets/go/install.sh)"}})},
      // ---- rust (targets/rust/) ----
      // One Cargo package (targets/rust/Cargo.toml + Cargo.lock), one binary per library, built
      // by targets/rust/install.sh (cargo build --release --locked); `--version` prints the
      // versions Cargo.lock pinned, fixed at build time by targets/rust/build.rs.
      {"tokio-tungstenite", "tokio-tungstenite over tungstenite (Rust, tokio)", "Rust", {},
       spawned("{src}/rust/target/release/tokio_tungstenite_echo --port {port}",
               "{src}/rust/target/release/tokio_tungstenite_echo --version",
               {{"{src}/rust/target/release/tokio_tungstenite_echo", "scripts/install-deps.sh (targets/rust/install.sh)"}})},
      {"fastwebsockets", "fastwebsockets with FragmentCollector, hyper upgrade (Rust, tokio)", "Rust", {},
       spawned("{src}/rust/target/release/fastwebsockets_echo --port {port}",
               "{src}/rust/target/release/fastwebsockets_echo --version",
               {{"{src}/rust/target/release/fastwebsockets_echo", "scripts/install-deps.sh (targets/rust/install.sh)"}})},
      {"axum", "axum extract::ws over tokio-tungstenite (Rust, tokio)", "Rust", {},
       spawned("{src}/rust/target/release/axum_echo --port {port}", "{src}/rust/target/release/axum_echo --version",
               {{"{src}/rust/target/release/axum_echo", "scripts/install-deps.sh (targets/rust/install.sh)"}})},
  };
  return targets;
}

namespace {

// Filled by the CLI's own thread before any target is looked up or runs, so references that
// find_target() hands out are never invalidated by a later load.
std::vector<target_info>& loaded_rows() {
  static std::vector<target_info> rows;
  return rows;
}

target_info parse_target_row(const nlohmann::json& row, const std::string& where) {
  const auto text = [&](const char* key, bool required) -> std::string {
    if (!row.contains(key)) {
      if (required) throw setup_error(where + ": missing \"" + key + "\"");
      return "";
    }
    if (!row.at(key).is_string() || (required && row.at(key).get<std::string>().empty()))
      throw setup_error(where + ": \"" + key + "\" must be a non-empty string");
    return row.at(key).get<std::string>();
  };
  if (!row.is_object()) throw setup_error(where + ": not a JSON object");
  target_info t;
  t.name = text("name", true);
  t.library = row.contains("library") ? text("library", false) : "user target";
  t.language = text("language", false);
  spawned_target how;
  how.command = text("command", true);
  if (how.command.find("{port}") == std::string::npos)
    throw setup_error(where + ": \"command\" must contain {port}, where the harness puts the port");
  how.version_command = text("version_command", false);
  if (row.contains("startup_timeout_ms")) {
    const auto& v = row.at("startup_timeout_ms");
    if (!v.is_number_integer() || v.get<long>() < 100 || v.get<long>() > 600000)
      throw setup_error(where + ": \"startup_timeout_ms\" must be an integer from 100 to 600000");
    how.startup_timeout_ms = v.get<int>();
  }
  if (row.contains("policy")) {
    const auto& p = row.at("policy");
    if (!p.is_object()) throw setup_error(where + ": \"policy\" must be an object");
    if (p.contains("text_only")) {
      if (!p.at("text_only").is_boolean()) throw setup_error(where + ": \"policy.text_only\" must be true or false");
      t.policy.text_only = p.at("text_only").get<bool>();
    }
    if (p.contains("binary_close_code")) {
      const auto& c = p.at("binary_close_code");
      if (!c.is_number_integer() || (c.get<int>() != 1007 && c.get<int>() != 1003))
        throw setup_error(where + ": \"policy.binary_close_code\" must be 1007 or 1003");
      t.policy.binary_close_code = static_cast<std::uint16_t>(c.get<int>());
    }
    if (p.contains("max_message_size") && !p.at("max_message_size").is_null()) {
      const auto& m = p.at("max_message_size");
      if (!m.is_number_unsigned() || m.get<std::uint64_t>() == 0)
        throw setup_error(where + ": \"policy.max_message_size\" must be a positive number of bytes (or null)");
      t.policy.max_message_size = m.get<std::uint64_t>();
    }
  }
  if (row.contains("needs")) {
    if (!row.at("needs").is_array()) throw setup_error(where + ": \"needs\" must be an array");
    for (const auto& n : row.at("needs")) {
      if (!n.is_object() || !n.contains("path") || !n.at("path").is_string())
        throw setup_error(where + ": each of \"needs\" is {\"path\": ..., \"install\": ...}");
      how.needs.push_back({n.at("path").get<std::string>(), n.value("install", std::string("(no install hint)"))});
    }
  }
  t.how = std::move(how);
  return t;
}

}  // namespace

void load_targets_file(const std::string& path) {
  // Parallel jobs ask again from their threads (already loaded by then: nothing changes).
  static std::mutex m;
  static std::set<std::string> read;
  const std::lock_guard lock(m);
  if (read.count(path)) return;
  std::ifstream in(path);
  if (!in) throw setup_error("cannot read targets file " + path);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw setup_error("targets file " + path + " is not JSON: " + e.what());
  }
  if (!doc.is_object() || !doc.contains("targets") || !doc.at("targets").is_array())
    throw setup_error("targets file " + path + ": expected {\"targets\": [ ... ]}");
  std::vector<target_info> rows;
  std::size_t i = 0;
  for (const auto& row : doc.at("targets")) {
    target_info t = parse_target_row(row, "targets file " + path + ": row " + std::to_string(++i));
    const auto taken = [&](const target_info& o) { return o.name == t.name; };
    if (std::any_of(builtin_targets().begin(), builtin_targets().end(), taken) ||
        std::any_of(loaded_rows().begin(), loaded_rows().end(), taken) || std::any_of(rows.begin(), rows.end(), taken))
      throw setup_error("targets file " + path + ": row " + std::to_string(i) + ": the name '" + t.name +
                        "' is already taken");
    rows.push_back(std::move(t));
  }
  for (auto& t : rows) loaded_rows().push_back(std::move(t));
  read.insert(path);
}

std::span<const target_info> user_targets() { return loaded_rows(); }

const target_info& find_target(const std::string& name) {
  std::string known;
  for (const auto& list : {builtin_targets(), user_targets()})
    for (const auto& t : list) {
      if (t.name == name) return t;
      known += (known.empty() ? "" : ", ") + t.name;
    }
  throw setup_error("unknown target '" + name + "' (known: " + known + "; or use --url / --command)");
}

namespace {

std::string expand(std::string s) {
  const std::pair<std::string, std::string> vars[] = {
      {"{src}", WSH_TARGETS_SRC_DIR}, {"{bin}", WSH_TARGETS_BIN_DIR}, {"{tomcat_cp}", WSH_TOMCAT_CLASSPATH}};
  for (const auto& [var, value] : vars)
    for (std::size_t at; (at = s.find(var)) != std::string::npos;) s.replace(at, var.size(), value);
  return s;
}

bool present(const std::string& path) {
  if (path.find('/') != std::string::npos) return ::access(path.c_str(), R_OK) == 0;
  const char* env = std::getenv("PATH");
  std::istringstream dirs(env ? env : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((dir + "/" + path).c_str(), X_OK) == 0) return true;
  return false;
}

}  // namespace

std::string how_started(const target_info& t) {
  if (std::holds_alternative<in_process_target>(t.how)) return "in-process";
  std::string s = std::get<spawned_target>(t.how).command;
  for (std::size_t at; (at = s.find("{src}")) != std::string::npos;) s.replace(at, 5, "targets");
  for (std::size_t at; (at = s.find("{bin}")) != std::string::npos;) s.replace(at, 5, "BUILD/targets");
  for (std::size_t at; (at = s.find(":{tomcat_cp}")) != std::string::npos;) s.replace(at, 12, ":TOMCAT_JARS");
  return s;
}

std::string missing_dependency(const target_info& t) {
  if (std::holds_alternative<in_process_target>(t.how)) return "";  // linked into wsharness
  for (const auto& r : std::get<spawned_target>(t.how).needs) {
    const std::string path = expand(r.path);
    if (!present(path))
      return "target " + t.name + " needs " + (path.find('/') == std::string::npos ? "the program " : "") + path +
             ": " + r.install;
  }
  return "";
}

std::string target_version(const target_info& t) {
  if (const auto* in = std::get_if<in_process_target>(&t.how)) return in->version();
  if (const std::string missing = missing_dependency(t); !missing.empty()) throw setup_error(missing);
  const std::string& probe = std::get<spawned_target>(t.how).version_command;
  if (probe.empty()) return "unknown (no version_command)";  // a user's row may leave it out
  return probe_version(expand(probe));
}

std::unique_ptr<adapter> make_target(const target_info& t, const std::optional<endpoint_policy>& policy) {
  const endpoint_policy p = policy.value_or(t.policy);
  if (const auto* in = std::get_if<in_process_target>(&t.how)) return in->make(p);
  const auto& s = std::get<spawned_target>(t.how);
  command_spec spec;
  spec.command = expand(s.command);
  spec.name = t.name;
  spec.version = target_version(t);
  spec.startup_timeout_ms = s.startup_timeout_ms;
  spec.warm_up = true;  // every built-in server echoes
  if (!s.tls_ca.empty()) spec.tls = tls_settings{expand(s.tls_ca), false};
  return make_command_adapter(spec, p);
}

std::unique_ptr<adapter> make_target(const std::string& name, const std::optional<endpoint_policy>& policy) {
  return make_target(find_target(name), policy);
}

}  // namespace wsh
