#include <sstream>

#include "wsh/markup_escape.hpp"
#include "wsh/report.hpp"

namespace wsh {

std::string to_junit(const run_report& r) {
  std::ostringstream os;
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  os << "<testsuites name=\"wsharness\" tests=\"" << r.results.size() << "\" failures=\"" << r.count(outcome::fail)
     << "\" time=\"" << r.duration_ms / 1000.0 << "\">\n";
  os << "  <testsuite name=\"" << markup_escape(r.target_name + " " + r.target_version) << "\" tests=\""
     << r.results.size() << "\" failures=\"" << r.count(outcome::fail) << "\" time=\"" << r.duration_ms / 1000.0
     << "\">\n";
  for (const auto& res : r.results) {
    os << "    <testcase classname=\"" << markup_escape(res.c->group()) << "\" name=\"" << markup_escape(res.c->id)
       << "\" time=\"" << res.observed.total_ms / 1000.0 << "\">\n";
    const std::string detail = "expected: " + res.expected.reason + "\nobserved: " + res.v.why +
                               "\nreplay: " + res.replay;
    if (res.v.result == outcome::fail) {
      os << "      <failure type=\"" << to_string(res.v.kind) << "\" message=\"" << markup_escape(res.v.why) << "\">"
         << markup_escape(detail) << "</failure>\n";
    } else if (res.v.result == outcome::skipped) {
      os << "      <skipped message=\"" << markup_escape(res.v.why) << "\"/>\n";
    } else if (res.v.result == outcome::non_strict) {
      os << "      <system-out>non-strict: " << markup_escape(detail) << "</system-out>\n";
    } else if (res.v.result == outcome::flaky) {
      os << "      <system-out>flaky: " << markup_escape(detail) << "</system-out>\n";
    }
    // Notes beside the verdict (e.g. TCP reset right after the close frame), never a failure.
    for (const auto& n : res.v.notes) os << "      <system-out>note: " << markup_escape(n) << "</system-out>\n";
    os << "    </testcase>\n";
  }
  os << "  </testsuite>\n</testsuites>\n";
  return os.str();
}

}  // namespace wsh
