// libFuzzer's custom mutator hooks for the frame-level targets (see frame_mutator.hpp).
#include <cstddef>
#include <cstdint>

#include "frame_mutator.hpp"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  return wsh::libfuzzer::mutate_frames(data, size, max_size, seed, LLVMFuzzerMutate);
}

extern "C" std::size_t LLVMFuzzerCustomCrossOver(const std::uint8_t* a, std::size_t a_size, const std::uint8_t* b,
                                                 std::size_t b_size, std::uint8_t* out, std::size_t max_out,
                                                 unsigned int seed) {
  return wsh::libfuzzer::cross_over_frames(a, a_size, b, b_size, out, max_out, seed);
}
