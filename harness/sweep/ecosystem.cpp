#include "wsh/ecosystem.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "wsh/bounded_command.hpp"
#include "wsh/setup_error.hpp"

namespace wsh {

namespace {
std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }
}  // namespace

const std::vector<ecosystem>& ecosystems() {
  static const std::vector<ecosystem> rows{
      // Node.js: `npm install` into its own prefix; optional dependencies (ws 1.x's native
      // utf-8-validate, bufferutil) and install scripts left out, so the library's own JavaScript
      // is what runs. echo.js loads the package from that prefix (--from).
      {"npm", "the npm registry", version_scheme::semver, "", "node",
       "npm view {pkg} versions --json",
       "mkdir -p {dir} && cd {dir} && echo '{\"private\": true}' > package.json && "
       "npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts --omit=optional "
       "--loglevel=error {spec}",
       "{interp} {src}/node/echo.js {pkg} --from {dir}/node_modules --port {port}",
       "{interp} {src}/node/echo.js {pkg} --from {dir}/node_modules --version",
       {}},
      // Python: a venv per version, of the python3 on PATH or --interpreter; echo.py runs on the
      // venv's interpreter.
      {"pypi", "PyPI", version_scheme::pep440, "", "python3",
       "python3 -m pip index versions {pkg}",
       "{interp} -m venv {dir} && {dir}/bin/python -m pip install --no-input --quiet --disable-pip-version-check "
       "{pyspec}",
       "{dir}/bin/python {src}/python/echo.py --port {port}",
       "{dir}/bin/python {src}/python/echo.py --version",
       {}},
      // Maven: versions from Maven Central's maven-metadata.xml (GROUP:ARTIFACT, the group's dots
      // as folders). Each version is targets/java/spring's echo server built in {dir} through the
      // Spring Boot line that shipped with that Spring minor, Spring Framework overridden to the
      // version swept (targets/java/spring/sweep/build.sh says which Boot and why), with one Maven
      // local repository for every version beside them (<cache>/maven/.m2; never
      // targets/java/.m2). The endpoint is the `spring-text` target's: a TextWebSocketHandler,
      // binary refused with 1003, Tomcat's 8 KiB message buffers, so the same policy.
      {"maven", "Maven Central", version_scheme::maven, "", "java",
       "p={pkg}; curl -fsS --max-time 60 "
       "\"https://repo1.maven.org/maven2/$(echo \"${p%%:*}\" | tr . /)/${p#*:}/maven-metadata.xml\"",
       "{src}/java/{prog}/sweep/build.sh {version} {dir} \"$(dirname \"$(dirname {dir})\")/.m2\"",
       "{interp} -XX:TieredStopAtLevel=1 -jar {dir}/spring-echo.jar --port {port} --handler text",
       "{interp} -jar {dir}/spring-echo.jar --version",
       {{"org.springframework:spring-websocket", "spring"}},
       {.text_only = true, .binary_close_code = 1003, .max_message_size = 8192},
       {"java/{prog}"}},
      // Go: a module per version in {dir} around the library's echo server from targets/go/, the
      // library required at that version (`go get`), built there. Go from PATH or /usr/local/go.
      {"go", "the Go module proxy", version_scheme::semver, "", "go",
       "export PATH=\"$PATH:/usr/local/go/bin\" GOTOOLCHAIN=local; go list -m -versions {pkg}",
       "export PATH=\"$PATH:/usr/local/go/bin\" GOTOOLCHAIN=local GOFLAGS=-modcacherw; mkdir -p {dir} && "
       "cp {src}/go/{prog}/main.go {dir}/ && cd {dir} && {interp} mod init wsharness/sweep 2>/dev/null && "
       "{interp} get {spec} && {interp} mod tidy && {interp} build -trimpath -o echo .",
       "{dir}/echo --port {port}",
       "{dir}/echo --version",
       {{"github.com/gorilla/websocket", "gorilla"},
        {"github.com/coder/websocket", "coder-websocket"},
        {"github.com/gobwas/ws", "gobwas"}},
       {},
       {"go/{prog}/main.go"}},
      // crates.io: versions from the sparse index cargo itself reads; a Cargo project per version
      // around targets/rust/src/bin/<program>.rs (its versions, set by build.rs on main, are
      // written by a two-line build.rs here), all versions sharing one target directory so only
      // the library itself is compiled again.
      {"crates", "crates.io", version_scheme::semver, "", "cargo",
       "n={pkg}; curl -fsS --max-time 60 \"https://index.crates.io/$(echo \"$n\" | cut -c1-2)/"
       "$(echo \"$n\" | cut -c3-4)/$n\"",
       "mkdir -p {dir}/src && cp {src}/rust/src/bin/{prog}.rs {dir}/src/main.rs && cd {dir} && "
       "printf '[package]\\nname = \"wsh-sweep-echo\"\\nversion = \"0.1.0\"\\nedition = \"2021\"\\n"
       "[dependencies]\\ntokio = { version = \"1\", default-features = false, features = [\"rt\", \"net\"] }\\n"
       "futures-util = { version = \"0.3\", default-features = false, features = [\"sink\", \"std\"] }\\n"
       "%s = { version = \"=%s\", default-features = false, features = [\"handshake\"] }\\n"
       "[profile.release]\\nopt-level = 1\\ndebug = false\\ncodegen-units = 16\\n' {pkg} {version} > Cargo.toml && "
       "printf 'fn main() {\\n  println!(\"cargo:rustc-env=WSH_TOKIO_TUNGSTENITE_VERSION=%s\");\\n"
       "  println!(\"cargo:rustc-env=WSH_TUNGSTENITE_VERSION=(as %s requires)\");\\n}\\n' {version} {pkg} > build.rs && "
       "CARGO_TARGET_DIR=\"$(dirname {dir})/target\" {interp} build --release --quiet && "
       "cp \"$(dirname {dir})/target/release/wsh-sweep-echo\" echo",
       "{dir}/echo --port {port}",
       "{dir}/echo --version",
       {{"tokio-tungstenite", "tokio_tungstenite_echo"}},
       {},
       {"rust/src/bin/{prog}.rs"}},
  };
  return rows;
}

const ecosystem& find_ecosystem(const std::string& name) {
  std::string known;
  for (const auto& e : ecosystems()) {
    if (e.name == name) {
      if (!e.unsupported.empty()) throw setup_error("sweep " + name + ": not supported yet: " + e.unsupported);
      return e;
    }
    known += (known.empty() ? "" : ", ") + e.name;
  }
  throw setup_error("unknown ecosystem '" + name + "' (known: " + known + ")");
}

std::string expand_command(const std::string& templ, const std::map<std::string, std::string>& vars) {
  std::string out;
  for (std::size_t i = 0; i < templ.size();) {
    bool replaced = false;
    if (templ[i] == '{') {
      const auto close = templ.find('}', i);
      if (close != std::string::npos) {
        const auto it = vars.find(templ.substr(i + 1, close - i - 1));
        if (it != vars.end()) {
          out += quote(it->second);
          i = close + 1;
          replaced = true;
        }
      }
    }
    if (!replaced) out += templ[i++];
  }
  return out;
}

std::vector<std::string> parse_npm_versions(const std::string& json_text) {
  const auto j = nlohmann::json::parse(json_text, nullptr, false);
  std::vector<std::string> out;
  if (j.is_string()) out.push_back(j.get<std::string>());  // a package with one version
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::vector<std::string> parse_crates_index(const std::string& text) {
  std::istringstream lines(text);
  std::vector<std::string> out;
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("vers") && j["vers"].is_string() && !j.value("yanked", false))
      out.push_back(j["vers"].get<std::string>());
  }
  return out;
}

std::vector<std::string> parse_maven_metadata(const std::string& xml) {
  std::vector<std::string> out;
  const auto begin = xml.find("<versions>");
  const auto end = xml.find("</versions>", begin);
  if (begin == std::string::npos || end == std::string::npos) return out;
  const std::string open = "<version>", close = "</version>";
  for (auto at = xml.find(open, begin); at != std::string::npos && at < end; at = xml.find(open, at)) {
    at += open.size();
    const auto stop = xml.find(close, at);
    if (stop == std::string::npos || stop > end) break;
    const std::string v = xml.substr(at, stop - at);
    const auto b = v.find_first_not_of(" \t\r\n"), e = v.find_last_not_of(" \t\r\n");
    if (b != std::string::npos) out.push_back(v.substr(b, e - b + 1));
    at = stop + close.size();
  }
  return out;
}

std::vector<std::string> parse_go_list_versions(const std::string& text) {
  std::istringstream words(text);
  std::vector<std::string> out;
  std::string module;
  words >> module;  // the module path, then its versions
  for (std::string v; words >> v;) out.push_back(v);
  return out;
}

std::string echo_program(const ecosystem& eco, const std::string& package) {
  if (eco.programs.empty()) return "";
  if (const auto it = eco.programs.find(package); it != eco.programs.end()) return it->second;
  std::string known;
  for (const auto& [pkg, prog] : eco.programs) known += (known.empty() ? "" : ", ") + pkg;
  throw setup_error("no echo server for " + eco.name + ":" + package + " in targets/ (" + eco.name + " has: " + known +
                    ")");
}

std::vector<std::string> parse_pip_index_versions(const std::string& text) {
  std::istringstream lines(text);
  std::vector<std::string> out;
  for (std::string line; std::getline(lines, line);) {
    const std::string key = "Available versions:";
    const auto at = line.find(key);
    if (at == std::string::npos) continue;
    std::istringstream list(line.substr(at + key.size()));
    for (std::string v; std::getline(list, v, ',');) {
      const auto b = v.find_first_not_of(" \t\r"), e = v.find_last_not_of(" \t\r");
      if (b != std::string::npos) out.push_back(v.substr(b, e - b + 1));
    }
  }
  return out;
}

std::vector<std::string> list_versions(const ecosystem& eco, const std::string& package, int timeout_s) {
  const auto r = run_bounded(expand_command(eco.list_command, {{"pkg", package}}), timeout_s);
  const std::string where = eco.name + ":" + package;
  if (r.timed_out)
    throw setup_error("cannot reach " + eco.registry + " for " + where + ": no answer in " + std::to_string(timeout_s) +
                      " s");
  // What npm, pip and go say when the network is the problem, not the package.
  bool offline = false;
  for (const char* sign : {"ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT", "NewConnectionError", "Could not fetch",
                           "Max retries exceeded", "dial tcp", "no such host", "Could not resolve host",
                           "Failed to connect"})
    offline = offline || contains(r.err, sign);
  if (offline) throw setup_error("cannot reach " + eco.registry + " for " + where + ": " + r.last_line());
  std::vector<std::string> versions;
  if (r.ok())
    versions = eco.name == "npm"  ? parse_npm_versions(r.out)
               : eco.name == "go" ? parse_go_list_versions(r.out)
               : eco.name == "crates" ? parse_crates_index(r.out)
               : eco.name == "maven"  ? parse_maven_metadata(r.out)
                                      : parse_pip_index_versions(r.out);
  if (versions.empty()) {
    if (contains(r.err, "E404") || contains(r.err, "No matching distribution") || contains(r.err, "not available") ||
        contains(r.err, "404 Not Found") || contains(r.err, "410 Gone") || contains(r.err, "returned error: 404") ||
        r.ok())
      throw setup_error("unknown package " + where + " (not in " + eco.registry + ")");
    throw setup_error("cannot list the versions of " + where + ": " + r.last_line());
  }
  return versions;
}

}  // namespace wsh
