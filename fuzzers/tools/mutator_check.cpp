// wsh_fuzz_mutator_check CORPUS_DIR: properties of the custom mutator over a seed corpus.
// - deterministic: the same (input, seed) gives the same output;
// - bounded: outputs never exceed max_size;
// - structural: most outputs are well-formed streams (no ignored tail), and every output
//   re-encodes to itself (the decoder's inverse holds on what the mutator writes);
// - varied: the outputs hit every frame-level feature the mutator promises.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "frame_mutator.hpp"
#include "wsh/wire_input.hpp"
#include "wsh/utf8_validator.hpp"

namespace fs = std::filesystem;

namespace {

// Stand-in for LLVMFuzzerMutate (only libFuzzer binaries have it): flip one byte.
std::size_t flip_byte(std::uint8_t* data, std::size_t size, std::size_t max_size) {
  if (size == 0) {
    if (max_size == 0) return 0;
    data[0] = 0x81;
    return 1;
  }
  data[(size * 7919) % size] ^= 0x5A;
  return size;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: wsh_fuzz_mutator_check CORPUS_DIR\n");
    return 2;
  }
  constexpr std::size_t max_size = 4096;
  std::size_t total = 0, well_formed = 0, failures = 0;
  std::set<std::string> seen;  // features observed in outputs
  for (const auto& e : fs::directory_iterator(argv[1])) {
    std::ifstream in(e.path(), std::ios::binary);
    const wsh::bytes seed_input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (seed_input.size() > max_size) continue;
    for (unsigned seed = 1; seed <= 64; ++seed) {
      wsh::bytes a(max_size), b(max_size);
      std::copy(seed_input.begin(), seed_input.end(), a.begin());
      std::copy(seed_input.begin(), seed_input.end(), b.begin());
      const std::size_t na = wsh::libfuzzer::mutate_frames(a.data(), seed_input.size(), max_size, seed * 2654435761u, flip_byte);
      const std::size_t nb = wsh::libfuzzer::mutate_frames(b.data(), seed_input.size(), max_size, seed * 2654435761u, flip_byte);
      ++total;
      if (na != nb || std::memcmp(a.data(), b.data(), na) != 0) {
        std::fprintf(stderr, "not deterministic: %s seed %u\n", e.path().c_str(), seed);
        ++failures;
      }
      if (na > max_size) {
        std::fprintf(stderr, "output of %zu bytes exceeds max_size\n", na);
        ++failures;
        continue;
      }
      const wsh::wire_input out = wsh::decode_wire_input(wsh::byte_view(a.data(), na));
      if (out.ignored == 0) ++well_formed;
      const wsh::bytes again = wsh::encode_wire_input(out);
      if (out.ignored == 0 && na > 0 && (again.size() != na || std::memcmp(again.data(), a.data(), na) != 0)) {
        std::fprintf(stderr, "output does not re-encode to itself: %s seed %u\n", e.path().c_str(), seed);
        ++failures;
      }
      for (const auto& f : out.frames) {
        if (!f.fin && !wsh::is_control(f.opcode)) seen.insert("fragment");
        if (f.rsv1 || f.rsv2 || f.rsv3) seen.insert("rsv");
        if (!f.mask) seen.insert("unmasked");
        if (f.length != wsh::length_form::minimal) seen.insert("forced-length");
        if (f.opcode == wsh::op::ping) seen.insert("ping");
        if (f.opcode == wsh::op::close) seen.insert("close");
        if (f.opcode >= 3 && f.opcode <= 7) seen.insert("reserved-opcode");
        if ((f.opcode == wsh::op::text || f.opcode == wsh::op::continuation) && !wsh::is_valid_utf8(f.payload))
          seen.insert("invalid-utf8");
      }
      if (out.policy.text_only) seen.insert("text-only");
      if (out.write_size) seen.insert("write-size");
    }
  }
  const char* wanted[] = {"fragment", "rsv",   "unmasked", "forced-length", "ping",      "close",
                          "reserved-opcode", "invalid-utf8", "text-only", "write-size"};
  for (const char* w : wanted)
    if (!seen.count(w)) std::fprintf(stderr, "no output has feature %s\n", w), ++failures;
  const double share = total ? double(well_formed) / double(total) : 0;
  std::printf("%zu mutations, %.1f%% well-formed streams, %zu features seen\n", total, 100 * share, seen.size());
  if (total == 0 || share < 0.8) std::fprintf(stderr, "too few well-formed outputs\n"), ++failures;
  return failures ? 1 : 0;
}
