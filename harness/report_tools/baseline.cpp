// The baseline file format: reading, writing, and making one from a report (see baseline.hpp).
#include "wsh/baseline.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace wsh {

namespace {

using nlohmann::json;

std::string text_field(const json& obj, const char* key, const std::string& where, bool required) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) throw report_error(where + " has no \"" + key + "\"");
    return "";
  }
  if (!it->is_string()) throw report_error(where + " field \"" + key + "\" is not a string");
  return it->get<std::string>();
}

baseline_entry parse_entry(const json& j, const std::string& where) {
  if (!j.is_object()) throw report_error(where + " is not an object");
  baseline_entry e;
  e.id = text_field(j, "id", where, true);
  const std::string at = where + " (" + e.id + ")";
  try {
    e.verdict = parse_outcome(text_field(j, "verdict", at, true));
  } catch (const report_error& err) {
    throw report_error(at + " " + err.what());
  }
  // Accepting a pass or a skip would be meaningless and would hide a typo in the verdict.
  if (e.verdict == outcome::pass || e.verdict == outcome::skipped)
    throw report_error(at + " accepts \"" + to_string(e.verdict) + "\": list only fail, flaky or non-strict verdicts");
  if (j.contains("finding") && !j.at("finding").is_null()) e.finding = text_field(j, "finding", at, true);
  e.note = text_field(j, "note", at, false);
  return e;
}

}  // namespace

std::string baseline_entry::describe() const {
  return std::string(to_string(verdict)) + " [" + (finding ? *finding : "any finding") + "]";
}

const baseline_entry* baseline::find(const std::string& id) const {
  for (const auto& e : accepted)
    if (e.id == id) return &e;
  return nullptr;
}

baseline parse_baseline(const std::string& json_text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {
    throw report_error(source + ": not JSON: " + e.what());
  }
  const std::string top = source + ":";
  if (!doc.is_object()) throw report_error(top + " is not an object");
  if (text_field(doc, "tool", top, true) != "wsharness" || text_field(doc, "kind", top, false) != "baseline")
    throw report_error(top + " is not a wsharness baseline (needs \"tool\": \"wsharness\", \"kind\": \"baseline\")");
  if (doc.contains("format") && doc.at("format") != 1)
    throw report_error(top + " baseline format " + doc.at("format").dump() + " is not supported (this wsharness reads 1)");

  baseline b;
  b.source = source;
  if (auto t = doc.find("target"); t != doc.end() && t->is_object()) {
    b.target_name = text_field(*t, "name", top + " target", false);
    b.target_version = text_field(*t, "version", top + " target", false);
  }
  b.from = text_field(doc, "from", top, false);
  b.profile = text_field(doc, "profile", top, false);
  auto list = doc.find("accepted");
  if (list == doc.end() || !list->is_array()) throw report_error(top + " has no \"accepted\" array");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    b.accepted.push_back(parse_entry((*list)[i], source + ": accepted[" + std::to_string(i) + "]"));
    if (!seen.insert(b.accepted.back().id).second)
      throw report_error(source + ": case \"" + b.accepted.back().id + "\" is listed twice");
  }
  return b;
}

baseline read_baseline_file(const std::string& path) { return parse_baseline(read_text_file(path), path); }

baseline make_baseline(const report_file& r) {
  baseline b;
  b.target_name = r.target_name;
  b.target_version = r.target_version;
  b.profile = r.profile;
  b.from = r.source;
  for (const auto& c : r.cases)
    if (c.verdict == outcome::fail || c.verdict == outcome::non_strict || c.verdict == outcome::flaky)
      b.accepted.push_back({c.id, c.verdict, c.finding, ""});
  return b;
}

std::string to_json(const baseline& b) {
  // ordered_json keeps keys in reading order (id first); plain json would sort them.
  using ojson = nlohmann::ordered_json;
  ojson accepted = ojson::array();
  for (const auto& e : b.accepted) {
    ojson j{{"id", e.id}, {"verdict", to_string(e.verdict)}};
    if (e.finding) j["finding"] = *e.finding;
    if (!e.note.empty()) j["note"] = e.note;
    accepted.push_back(std::move(j));
  }
  ojson doc;
  doc["tool"] = "wsharness";
  doc["kind"] = "baseline";
  doc["format"] = 1;
  doc["target"] = {{"name", b.target_name}, {"version", b.target_version}};
  if (!b.profile.empty()) doc["profile"] = b.profile;
  doc["from"] = b.from;
  doc["accepted"] = std::move(accepted);
  return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

}  // namespace wsh
