// Version order per ecosystem, and picking versions out of a registry's list: a range, the last
// patch of every minor. Only the forms the registries we sweep publish are understood; anything
// else sorts by its numeric prefix, then as text, so a listing never throws.
#pragma once
#include <string>
#include <vector>

namespace wsh {

enum class version_scheme {
  semver,  // npm, crates, Go modules (a leading `v` is ignored): 1.2.3-beta.1+build
  pep440,  // PyPI, the simple forms: 1.2, 1.2.3, 1.2rc1, 1.2a1, 1.2b1, 1.2.post1, 1.2.dev1
  maven,   // 5.3.31, 6.0.0-M1, 6.0.0-RC2, 4.3.30.RELEASE
};

// <0, 0, >0 like strcmp.
int compare_versions(version_scheme s, const std::string& a, const std::string& b);
bool is_prerelease(version_scheme s, const std::string& v);
void sort_versions(version_scheme s, std::vector<std::string>& versions);

// Every version of `published` from `from` to `to`, both included, in order. Pre-releases in
// between are left out unless `prereleases`. Throws setup_error when `from` or `to` is not
// published or `from` comes after `to`.
std::vector<std::string> select_range(version_scheme s, std::vector<std::string> published, const std::string& from,
                                      const std::string& to, bool prereleases = false);

// The highest version that is not a pre-release (what `latest` stands for in a spec); the
// highest of all when every version is a pre-release; empty for an empty list.
std::string newest_release(version_scheme s, std::vector<std::string> published);

// `6.2.x` (any release ending in `.x`): the newest published release of that series (6.2.19),
// else `series` as it is (so a series with no release is reported as not published).
// Anything else is returned unchanged.
std::string newest_of_series(version_scheme s, const std::vector<std::string>& published, const std::string& series);

// The highest version of each major.minor, in order ("the last patch of every minor").
std::vector<std::string> last_patch_per_minor(version_scheme s, std::vector<std::string> versions);

}  // namespace wsh
