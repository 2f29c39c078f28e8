// Escaping text for XML and HTML (JUnit files, the HTML matrix). Case ids, reasons and replay
// commands can hold any character a report carries, so every text node and attribute goes
// through this.
#pragma once
#include <string>
#include <string_view>

namespace wsh {

// & < > " ' become entities; control characters other than tab, LF and CR (not allowed in
// XML 1.0, even as references) become U+FFFD.
std::string markup_escape(std::string_view s);

}  // namespace wsh
