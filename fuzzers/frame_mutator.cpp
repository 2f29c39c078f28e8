#include "frame_mutator.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <random>

#include "wsh/wire_input.hpp"
#include "wsh/utf8_vectors.hpp"

namespace wsh::libfuzzer {

namespace {

class mutator {
 public:
  mutator(wire_input& in, unsigned seed, byte_mutator bytes) : in_(in), rng_(seed), bytes_(bytes) {}

  // Returns false when no structural mutation applies (the caller then mutates bytes).
  bool apply() {
    auto& fs = in_.frames;
    if (fs.empty()) return new_message();
    switch (pick(16)) {
      case 0: return split();
      case 1:
      case 2: return insert_vector(false);
      case 3: return insert_vector(true);
      case 4: return flip(&frame::fin);
      case 5: return insert_control();
      case 6: return change_opcode();
      case 7: return flip(pick(3) == 0 ? &frame::rsv1 : pick(2) ? &frame::rsv2 : &frame::rsv3);
      case 8: return change_mask();
      case 9: return change_length_form();
      case 10: return insert_close();
      case 11: return remove_or_duplicate();
      case 12: return merge();
      case 13: return mutate_payload();
      case 14: return change_header();
      default: return new_message();
    }
  }

 private:
  std::size_t pick(std::size_t n) { return n ? std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_) : 0; }
  frame& any_frame() { return in_.frames[pick(in_.frames.size())]; }
  std::size_t insert_at() { return pick(in_.frames.size() + 1); }

  // Invalid vectors three times out of four: they are what the oracle cares about.
  const utf8_vector& vector() {
    const auto all = utf8_vectors();
    const bool want_valid = pick(4) == 0;
    for (int tries = 0; tries < 8; ++tries) {
      const auto& v = all[pick(all.size())];
      if (v.valid == want_valid) return v;
    }
    return all[pick(all.size())];
  }

  frame* data_frame() {
    std::vector<frame*> d;
    for (auto& f : in_.frames)
      if (!is_control(f.opcode)) d.push_back(&f);
    return d.empty() ? nullptr : d[pick(d.size())];
  }

  bool split() {
    const std::size_t i = pick(in_.frames.size());
    frame head = in_.frames[i];
    frame tail = head;
    const std::size_t at = pick(head.payload.size() + 1);
    head.payload.resize(at);
    head.fin = false;
    tail.payload.erase(tail.payload.begin(), tail.payload.begin() + static_cast<std::ptrdiff_t>(at));
    tail.opcode = is_control(head.opcode) ? head.opcode : op::continuation;
    in_.frames[i] = std::move(head);
    in_.frames.insert(in_.frames.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(tail));
    return true;
  }

  bool insert_vector(bool overwrite) {
    frame& f = any_frame();
    const bytes& v = vector().data;
    // Keep a close frame's code in place so its reason gets the bytes.
    const std::size_t lo = f.opcode == op::close && f.payload.size() >= 2 ? 2 : 0;
    const std::size_t at = lo + pick(f.payload.size() - std::min(lo, f.payload.size()) + 1);
    if (overwrite) {
      const std::size_t end = std::min(f.payload.size(), at + v.size());
      f.payload.erase(f.payload.begin() + static_cast<std::ptrdiff_t>(std::min(at, f.payload.size())),
                      f.payload.begin() + static_cast<std::ptrdiff_t>(end));
    }
    f.payload.insert(f.payload.begin() + static_cast<std::ptrdiff_t>(std::min(at, f.payload.size())), v.begin(),
                     v.end());
    return true;
  }

  bool flip(bool frame::*field) {
    frame& f = any_frame();
    f.*field = !(f.*field);
    return true;
  }

  bool insert_control() {
    frame f = pick(4) ? ping() : frame{.opcode = op::pong};
    f.payload.resize(pick(6));
    for (auto& b : f.payload) b = static_cast<std::uint8_t>('a' + pick(26));
    in_.frames.insert(in_.frames.begin() + static_cast<std::ptrdiff_t>(insert_at()), std::move(f));
    return true;
  }

  bool change_opcode() {
    static constexpr std::array<std::uint8_t, 10> common{op::continuation, op::text, op::text, op::binary,
                                                         op::continuation, op::close, op::ping, op::pong, 0x3, 0xB};
    any_frame().opcode = pick(4) ? common[pick(common.size())] : static_cast<std::uint8_t>(pick(16));
    return true;
  }

  bool change_mask() {
    frame& f = any_frame();
    if (f.mask && pick(3) == 0) {
      f.mask.reset();
    } else {
      mask_key k;
      for (auto& b : k) b = static_cast<std::uint8_t>(pick(256));
      f.mask = k;
    }
    return true;
  }

  bool change_length_form() {
    static constexpr std::array<length_form, 3> forms{length_form::minimal, length_form::bits16, length_form::bits64};
    any_frame().length = forms[pick(forms.size())];
    return true;
  }

  bool insert_close() {
    static constexpr std::array<std::uint16_t, 16> codes{1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007,
                                                         1011, 1012, 1014, 1015, 1016, 2999, 3000, 4999};
    const std::uint16_t code = pick(8) ? codes[pick(codes.size())] : static_cast<std::uint16_t>(pick(65536));
    frame f;
    switch (pick(5)) {
      case 0: f = close_raw({}); break;
      case 1: f = close_frame(code, vector().data); break;
      case 2: f = close_raw({static_cast<std::uint8_t>(pick(256))}); break;
      default: f = close_frame(code, "bye"); break;
    }
    in_.frames.insert(in_.frames.begin() + static_cast<std::ptrdiff_t>(insert_at()), std::move(f));
    return true;
  }

  bool remove_or_duplicate() {
    const std::size_t i = pick(in_.frames.size());
    if (pick(2)) {
      in_.frames.erase(in_.frames.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      frame copy = in_.frames[i];
      in_.frames.insert(in_.frames.begin() + static_cast<std::ptrdiff_t>(insert_at()), std::move(copy));
    }
    return true;
  }

  bool merge() {
    if (in_.frames.size() < 2) return false;
    const std::size_t i = pick(in_.frames.size() - 1);
    frame& a = in_.frames[i];
    const frame& b = in_.frames[i + 1];
    a.payload.insert(a.payload.end(), b.payload.begin(), b.payload.end());
    a.fin = b.fin;
    in_.frames.erase(in_.frames.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    return true;
  }

  bool mutate_payload() {
    frame& f = any_frame();
    const std::size_t room = f.payload.size() + 16;
    bytes buf(room);
    std::copy(f.payload.begin(), f.payload.end(), buf.begin());
    buf.resize(bytes_(buf.data(), f.payload.size(), room));
    f.payload = std::move(buf);
    return true;
  }

  bool change_header() {
    in_.policy.text_only = pick(2);
    in_.policy.binary_close_code = pick(2) ? 1003 : 1007;
    in_.write_size = pick(3) ? 0 : pick(64);
    return true;
  }

  bool new_message() {
    frame f = pick(4) ? text(vector().data) : binary(vector().data);
    if (frame* d = data_frame(); d && pick(2)) f.payload.insert(f.payload.begin(), d->payload.begin(), d->payload.end());
    in_.frames.insert(in_.frames.begin() + static_cast<std::ptrdiff_t>(insert_at()), std::move(f));
    return true;
  }

  wire_input& in_;
  std::minstd_rand rng_;
  byte_mutator bytes_;
};

std::size_t write_out(const bytes& b, std::uint8_t* out, std::size_t max) {
  if (b.size() > max) return 0;
  std::memcpy(out, b.data(), b.size());
  return b.size();
}

}  // namespace

std::size_t mutate_frames(std::uint8_t* data, std::size_t size, std::size_t max_size, unsigned seed,
                          byte_mutator bytes) {
  // One in eight: plain byte mutation, so broken headers and partial frames stay reachable.
  if (seed % 8 == 0) return bytes(data, size, max_size);
  wire_input in = decode_wire_input(byte_view(data, size));
  mutator m(in, seed / 8, bytes);
  // Structural changes compose: apply one to three.
  const unsigned rounds = 1 + (seed >> 16) % 3;
  for (unsigned r = 0; r < rounds; ++r)
    if (!m.apply()) break;
  const std::size_t n = write_out(encode_wire_input(in), data, max_size);
  return n ? n : bytes(data, size, max_size);
}

std::size_t cross_over_frames(const std::uint8_t* a, std::size_t a_size, const std::uint8_t* b, std::size_t b_size,
                              std::uint8_t* out, std::size_t max_out, unsigned seed) {
  wire_input x = decode_wire_input(byte_view(a, a_size));
  const wire_input y = decode_wire_input(byte_view(b, b_size));
  std::minstd_rand rng(seed);
  const std::size_t i = x.frames.empty() ? 0 : rng() % (x.frames.size() + 1);
  const std::size_t j = y.frames.empty() ? 0 : rng() % (y.frames.size() + 1);
  x.frames.resize(i);
  x.frames.insert(x.frames.end(), y.frames.begin() + static_cast<std::ptrdiff_t>(j), y.frames.end());
  return write_out(encode_wire_input(x), out, max_out);
}

}  // namespace wsh::libfuzzer
