// The ecosystems `wsharness sweep` knows: one row each (ecosystem.cpp) saying how its registry
// lists a package's versions, how one version is installed on its own into a directory, and
// how that ecosystem's echo server (targets/<language>/) runs on the installed version.
// An ecosystem whose echo server is not in targets/ yet has a row with `unsupported` set.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "wsh/policy.hpp"
#include "wsh/version_order.hpp"

namespace wsh {

struct ecosystem {
  std::string name;      // as typed before ':' ("npm")
  std::string registry;  // for messages ("the npm registry")
  version_scheme scheme = version_scheme::semver;
  std::string unsupported;  // non-empty: why `sweep` refuses it (a row whose echo server is not in targets/ yet)
  std::string interpreter;  // what runs (or builds) the echo server unless --interpreter says otherwise
  // Shell command templates. {pkg}, {version}: what is swept; {dir}: that version's install
  // directory; {src}: targets/ in the source tree; {prog}: the package's program (see
  // `programs`); {spec}: pkg@version; {interp}: the interpreter or toolchain (e.g. an older
  // python3 for releases that no longer run on the newest); {port}: the leased port (server
  // only). Every substituted value is shell-quoted.
  std::string list_command;     // prints the published versions
  std::string install_command;  // installs {pkg} {version} into {dir} (which it may create)
  std::string server_command;   // the echo server on the installed version
  std::string version_command;  // prints the installed library's version (first line)
  // Packages with an echo server of their own, and its folder under targets/<language>/ ({prog});
  // empty: one echo server for every package (echo.js, echo.py take the package as it is).
  std::map<std::string, std::string> programs;
  // What the echo server promises, as a built-in target's row declares it (the oracle judges
  // against it): Maven's runs the same Spring endpoint as the `spring-text` target.
  endpoint_policy policy{};
  // Files or folders under {src} ({prog} expanded) that install_command builds from: with the
  // command itself they are the recipe a cached install was made with (install_cache.hpp), so
  // editing an echo server or its build script rebuilds the versions instead of reusing stale ones.
  std::vector<std::string> build_inputs{};
};

// All rows, supported or not.
const std::vector<ecosystem>& ecosystems();
// Throws setup_error: an unknown name (naming the known ones), or a row not supported yet
// ("not supported yet: ...").
const ecosystem& find_ecosystem(const std::string& name);

// Replaces {key} by the shell-quoted value for every key of `vars`; other text is kept.
std::string expand_command(const std::string& templ, const std::map<std::string, std::string>& vars);

// The published versions, in the registry's words parsed (not yet ordered). Throws setup_error
// with one line for an unknown package or a registry that cannot be reached in `timeout_s`.
std::vector<std::string> list_versions(const ecosystem& eco, const std::string& package, int timeout_s);

// The folder of `package`'s echo server ("" when the ecosystem has one for every package);
// setup_error naming the packages it has when `package` has none.
std::string echo_program(const ecosystem& eco, const std::string& package);

// The parsers behind list_versions (unit-tested): `npm view PKG versions --json` output,
// `pip index versions PKG` output, and `go list -m -versions MODULE` output.
std::vector<std::string> parse_npm_versions(const std::string& json_text);
std::vector<std::string> parse_pip_index_versions(const std::string& text);
std::vector<std::string> parse_go_list_versions(const std::string& text);
// The crates.io sparse index's lines for one crate (one JSON object per version); yanked ones left out.
std::vector<std::string> parse_crates_index(const std::string& text);
// A Maven repository's maven-metadata.xml for one artifact: every <version> inside <versions>,
// in the file's order (<latest> and <release> are not versions of their own).
std::vector<std::string> parse_maven_metadata(const std::string& xml);

}  // namespace wsh
