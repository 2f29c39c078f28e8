#include "seed_sets.hpp"

#include <algorithm>
#include <set>

#include "wsh/catalogue.hpp"
#include "server_model.hpp"
#include "wsh/wire_input.hpp"
#include "wsh/utf8_vectors.hpp"

namespace wsh::libfuzzer {

namespace {

std::string file_name(std::string id) {
  for (char& c : id)
    if (c == '/' || c == ' ') c = '_';
  return id;
}

bool has_binary(const test_case& c) {
  return std::any_of(c.frames.begin(), c.frames.end(), [](const frame& f) { return f.opcode == op::binary; });
}

// Each case under the default policy; cases with binary messages also under both text-only ones.
seed_set frame_seeds() {
  seed_set out;
  for (const test_case& c : catalogue()) {
    std::vector<std::pair<std::string, endpoint_policy>> policies{{"", {}}};
    if (has_binary(c)) {
      policies.push_back({"@text-only-1007", {true, 1007}});
      policies.push_back({"@text-only-1003", {true, 1003}});
    }
    for (const auto& [suffix, policy] : policies) {
      bytes b = encode_wire_input(c.frames, policy);
      if (b.size() <= max_seed_size) out["cat_" + file_name(c.id) + suffix] = std::move(b);
    }
  }
  return out;
}

// Each vector alone in 1-byte chunks, and inside ASCII in 8/16-byte chunks (Beast's word loop).
seed_set utf8_seeds() {
  seed_set out;
  const bytes ascii(16, 'a');
  for (const utf8_vector& v : utf8_vectors()) {
    bytes alone{0x00};
    alone.insert(alone.end(), v.data.begin(), v.data.end());
    out["vec_" + v.cls + "_" + v.name] = std::move(alone);
    bytes ctx = concat({bytes{0xF7}, ascii, v.data, bytes(ascii.begin(), ascii.begin() + 8)});
    out["vec_" + v.cls + "_" + v.name + "@ascii"] = std::move(ctx);
  }
  return out;
}

// For every documented deviation, the first catalogue case whose model applies it: the
// regression suite then pins each known finding of each server.
seed_set regression_seeds() {
  seed_set out;
  std::set<const deviation*> covered;
  for (const test_case& c : catalogue()) {
    for (const server_kind s : {server_kind::websocketpp, server_kind::beast}) {
      for (const deviation* d : expect(s, c.frames, {}, false).applied) {
        if (!covered.insert(d).second) continue;
        out["cat_" + file_name(c.id)] = encode_wire_input(c.frames, {});
      }
    }
  }
  return out;
}

}  // namespace

std::map<std::string, seed_set> generated_corpora() {
  const seed_set frames = frame_seeds();
  return {{"fuzz_websocketpp", frames},
          {"fuzz_beast", frames},
          {"fuzz_websocketpp_parser", frames},
          {"fuzz_utf8_differential", utf8_seeds()},
          {"regressions", regression_seeds()}};
}

}  // namespace wsh::libfuzzer
