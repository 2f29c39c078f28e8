#include "wsh/version_order.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>
#include <tuple>

#include "wsh/setup_error.hpp"

namespace wsh {

namespace {

using number = std::int64_t;
constexpr number infinity = std::numeric_limits<number>::max();

std::string strip_v(const std::string& v) {
  return (!v.empty() && (v[0] == 'v' || v[0] == 'V') && v.size() > 1 && std::isdigit(static_cast<unsigned char>(v[1])))
             ? v.substr(1)
             : v;
}

// Reads digits at `i` (none: 0), saturating instead of overflowing.
number read_number(const std::string& s, std::size_t& i) {
  number n = 0;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i)
    n = n > (infinity - 9) / 10 ? infinity : n * 10 + (s[i] - '0');
  return n;
}

// "1.2.3" followed by the rest: the numeric release and where it ended.
std::vector<number> read_release(const std::string& s, std::size_t& i) {
  std::vector<number> release;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    release.push_back(read_number(s, i));
    if (i + 1 < s.size() && s[i] == '.' && std::isdigit(static_cast<unsigned char>(s[i + 1])))
      ++i;
    else
      break;
  }
  return release;
}

int compare_release(std::vector<number> a, std::vector<number> b) {
  const auto n = std::max(a.size(), b.size());
  a.resize(n, 0);
  b.resize(n, 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Semver pre-release identifiers: numeric < alphanumeric, numbers by value, a prefix first.
std::vector<std::string> identifiers(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i <= s.size();) {
    const auto dot = std::min(s.find('.', i), s.size());
    out.push_back(s.substr(i, dot - i));
    i = dot + 1;
  }
  return out;
}

int compare_prerelease(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  if (a.empty()) return 1;  // a release after its pre-releases
  if (b.empty()) return -1;
  const auto x = identifiers(a), y = identifiers(b);
  for (std::size_t k = 0; k < x.size() && k < y.size(); ++k) {
    const bool nx = all_digits(x[k]), ny = all_digits(y[k]);
    if (nx && ny) {
      std::size_t p = 0, q = 0;
      const number vx = read_number(x[k], p), vy = read_number(y[k], q);
      if (vx != vy) return vx < vy ? -1 : 1;
    } else if (nx != ny) {
      return nx ? -1 : 1;
    } else if (x[k] != y[k]) {
      return x[k] < y[k] ? -1 : 1;
    }
  }
  return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
}

struct semver_key {
  std::vector<number> release;
  std::string pre, rest;  // rest: anything unparsed, compared as text last
};

semver_key semver_parse(const std::string& text) {
  const std::string v = strip_v(text);
  semver_key k;
  std::size_t i = 0;
  k.release = read_release(v, i);
  std::string tail = v.substr(i);
  tail = tail.substr(0, tail.find('+'));  // build metadata does not order
  if (!tail.empty() && tail[0] == '-')
    k.pre = tail.substr(1);
  else
    k.rest = tail;
  return k;
}

int semver_compare(const std::string& a, const std::string& b) {
  const auto x = semver_parse(a), y = semver_parse(b);
  if (const int c = compare_release(x.release, y.release)) return c;
  if (const int c = compare_prerelease(x.pre, y.pre)) return c;
  return x.rest < y.rest ? -1 : x.rest > y.rest ? 1 : 0;
}

// PEP 440: X.devN < X.aN < X.bN < X.rcN < X < X.postN.
struct pep440_key {
  std::vector<number> release;
  std::tuple<int, number> pre{3, 0};  // (phase a=0 b=1 rc=2 final=3, n); dev-only releases: (-1, 0)
  number post = -1;
  number dev = infinity;
  std::string rest;
};

pep440_key pep440_parse(const std::string& text) {
  std::string v;
  for (char c : strip_v(text)) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  pep440_key k;
  std::size_t i = 0;
  k.release = read_release(v, i);
  const auto skip_sep = [&] {
    if (i < v.size() && (v[i] == '.' || v[i] == '-' || v[i] == '_')) ++i;
  };
  const auto take = [&](const char* word) {
    const std::string w = word;
    if (v.compare(i, w.size(), w) != 0) return false;
    i += w.size();
    return true;
  };
  const std::size_t before_pre = i;
  skip_sep();
  bool has_pre = false;
  for (const auto& [word, phase] : {std::pair{"alpha", 0}, {"beta", 1}, {"rc", 2}, {"a", 0}, {"b", 1}, {"c", 2}}) {
    if (take(word)) {
      skip_sep();
      k.pre = {phase, read_number(v, i)};
      has_pre = true;
      break;
    }
  }
  if (!has_pre) i = before_pre;
  const std::size_t before_post = i;
  skip_sep();
  if (take("post")) {
    skip_sep();
    k.post = read_number(v, i);
  } else {
    i = before_post;
  }
  const std::size_t before_dev = i;
  skip_sep();
  if (take("dev")) {
    skip_sep();
    k.dev = read_number(v, i);
    if (!has_pre && k.post < 0) k.pre = {-1, 0};
  } else {
    i = before_dev;
  }
  k.rest = v.substr(i);
  k.rest = k.rest.substr(0, k.rest.find('+'));  // local versions do not order here
  return k;
}

int pep440_compare(const std::string& a, const std::string& b) {
  const auto x = pep440_parse(a), y = pep440_parse(b);
  if (const int c = compare_release(x.release, y.release)) return c;
  const auto tx = std::tie(x.pre, x.post, x.dev, x.rest), ty = std::tie(y.pre, y.post, y.dev, y.rest);
  return tx < ty ? -1 : tx > ty ? 1 : 0;
}

// Maven: a release, then a qualifier: none, RELEASE, FINAL or GA is the release itself; M1,
// RC1, SNAPSHOT... come before it (semver order among themselves).
std::string maven_qualifier(const std::string& v, std::size_t i) {
  std::string q = v.substr(i);
  if (!q.empty() && (q[0] == '-' || q[0] == '.')) q = q.substr(1);
  std::string upper;
  for (char c : q) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == "RELEASE" || upper == "FINAL" || upper == "GA" ? std::string{} : upper;
}

int maven_compare(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  const auto ra = read_release(a, i), rb = read_release(b, j);
  if (const int c = compare_release(ra, rb)) return c;
  return compare_prerelease(maven_qualifier(a, i), maven_qualifier(b, j));
}

std::vector<number> release_of(version_scheme s, const std::string& v) {
  std::size_t i = 0;
  return read_release(s == version_scheme::maven ? v : strip_v(v), i);
}

}  // namespace

int compare_versions(version_scheme s, const std::string& a, const std::string& b) {
  switch (s) {
    case version_scheme::semver: return semver_compare(a, b);
    case version_scheme::pep440: return pep440_compare(a, b);
    case version_scheme::maven: return maven_compare(a, b);
  }
  return 0;
}

bool is_prerelease(version_scheme s, const std::string& v) {
  switch (s) {
    case version_scheme::semver: return !semver_parse(v).pre.empty();
    case version_scheme::pep440: {
      const auto k = pep440_parse(v);
      return std::get<0>(k.pre) != 3 || k.dev != infinity;
    }
    case version_scheme::maven: {
      std::size_t i = 0;
      read_release(v, i);
      return !maven_qualifier(v, i).empty();
    }
  }
  return false;
}

void sort_versions(version_scheme s, std::vector<std::string>& versions) {
  std::stable_sort(versions.begin(), versions.end(),
                   [s](const std::string& a, const std::string& b) { return compare_versions(s, a, b) < 0; });
}

std::vector<std::string> select_range(version_scheme s, std::vector<std::string> published, const std::string& from,
                                      const std::string& to, bool prereleases) {
  const auto is_published = [&](const std::string& v) {
    return std::find(published.begin(), published.end(), v) != published.end();
  };
  if (!is_published(from)) throw setup_error("version " + from + " is not published");
  if (!is_published(to)) throw setup_error("version " + to + " is not published");
  if (compare_versions(s, from, to) > 0) throw setup_error("range " + from + ".." + to + " is backwards");
  sort_versions(s, published);
  std::vector<std::string> out;
  for (const auto& v : published) {
    if (compare_versions(s, v, from) < 0 || compare_versions(s, v, to) > 0) continue;
    if (!prereleases && is_prerelease(s, v) && v != from && v != to) continue;
    out.push_back(v);
  }
  return out;
}

std::string newest_release(version_scheme s, std::vector<std::string> published) {
  sort_versions(s, published);
  for (auto it = published.rbegin(); it != published.rend(); ++it)
    if (!is_prerelease(s, *it)) return *it;
  return published.empty() ? std::string{} : published.back();
}

std::string newest_of_series(version_scheme s, const std::vector<std::string>& published, const std::string& series) {
  if (series.size() < 3 || series.compare(series.size() - 2, 2, ".x") != 0) return series;
  const auto prefix = release_of(s, series.substr(0, series.size() - 2));
  std::string best;
  for (const auto& v : published) {
    if (is_prerelease(s, v)) continue;
    auto r = release_of(s, v);
    if (r.size() < prefix.size() || !std::equal(prefix.begin(), prefix.end(), r.begin())) continue;
    if (best.empty() || compare_versions(s, v, best) > 0) best = v;
  }
  return best.empty() ? series : best;
}

std::vector<std::string> last_patch_per_minor(version_scheme s, std::vector<std::string> versions) {
  sort_versions(s, versions);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    auto minor = release_of(s, versions[i]);
    minor.resize(2, 0);
    bool last = i + 1 == versions.size();
    if (!last) {
      auto next = release_of(s, versions[i + 1]);
      next.resize(2, 0);
      last = next != minor;
    }
    if (last) out.push_back(versions[i]);
  }
  return out;
}

}  // namespace wsh
