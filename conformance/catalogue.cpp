#include "wsh/catalogue.hpp"

#include <set>

#include "wsh/case_file.hpp"

namespace wsh {

namespace {
void append_unique(std::vector<test_case>& all, std::set<std::string>& ids, std::vector<test_case> more) {
  for (auto& c : more) {
    if (!ids.insert(c.id).second) throw case_file_error("duplicate case id " + c.id);
    all.push_back(std::move(c));
  }
}
}  // namespace

std::vector<test_case> catalogue_with(const std::vector<std::string>& case_files) {
  std::vector<test_case> all;
  std::set<std::string> ids;
  for (const auto& f : cases::embedded_files()) append_unique(all, ids, parse_case_file(f.text, f.name));
  append_unique(all, ids, cases::from_vectors());
  append_unique(all, ids, cases::split_variants());
  append_unique(all, ids, cases::write_splits());
  for (const auto& path : case_files) append_unique(all, ids, load_case_file(path));
  return all;
}

const std::vector<test_case>& catalogue() {
  static const std::vector<test_case> all = catalogue_with({});
  return all;
}

}  // namespace wsh
