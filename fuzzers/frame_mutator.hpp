// Structure-aware mutation for the frame-level fuzzers (LLVMFuzzerCustomMutator and
// LLVMFuzzerCustomCrossOver in mutator_entry.cpp). An input is decoded with
// wsh::decode_wire_input, changed at the frame / fragment / UTF-8 level, and re-encoded, so
// most inputs stay well-formed wire streams that reach deep into a server's message handling.
#pragma once
#include <cstddef>
#include <cstdint>

namespace wsh::libfuzzer {

// libFuzzer's own byte-level mutator (LLVMFuzzerMutate) or a stand-in: mutates data[0..size)
// in place within max_size and returns the new size.
using byte_mutator = std::size_t (*)(std::uint8_t* data, std::size_t size, std::size_t max_size);

// One mutation chosen by `seed`: usually structural (split a data frame at any byte, insert or
// overwrite with a UTF-8 vector from wsh::utf8_vectors(), flip FIN, set RSV bits, change the
// opcode, insert a ping/pong/close, drop/duplicate/merge frames, change mask or length form, change
// the policy byte, mutate one payload with `bytes`), sometimes `bytes` on the whole input so
// malformed streams stay reachable. Deterministic for a given (input, seed).
std::size_t mutate_frames(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed,
                          byte_mutator bytes);

// Frames [0, i) of `a` followed by frames [j, end) of `b`, with a's header byte.
std::size_t cross_over_frames(const std::uint8_t* a, std::size_t a_size, const std::uint8_t* b, std::size_t b_size,
                              std::uint8_t* out, std::size_t max_out, unsigned seed);

}  // namespace wsh::libfuzzer
