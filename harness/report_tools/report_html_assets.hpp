// The HTML matrix's inline style sheet and script (kept apart from the markup generator so
// each reads on its own).
#pragma once

namespace wsh::detail {

extern const char* const html_css;
extern const char* const html_script;

}  // namespace wsh::detail
