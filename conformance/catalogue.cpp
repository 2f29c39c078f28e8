#include "catalogue.hpp"

namespace wsh {

const std::vector<test_case>& catalogue() {
  static const std::vector<test_case> all = [] {
    std::vector<test_case> out;
    cases::add_utf8_valid(out);
    cases::add_utf8_invalid(out);
    cases::add_fail_fast(out);
    cases::add_binary_on_text(out);
    cases::add_close_reason(out);
    return out;
  }();
  return all;
}

}  // namespace wsh
