// judge: a transcript against an expectation, as a short composition of the verifiers in
// wsh/verifiers.hpp; the first rule that decides the case gives the verdict.
#include "wsh/oracle.hpp"
#include "wsh/verifiers.hpp"

namespace wsh {

namespace {

verdict decide(const expectation& e, const transcript& t, profile p) {
  const bool application = p == profile::application;
  if (auto v = verify_handshake(e, t)) return *v;
  // In a capture the receiver's frames are judged as the sender's frames of the other direction
  // (derive with its role), so only our own runs check the server's framing, close and text here.
  const expectation server = application ? expectation{} : server_side(t);
  if (!application)
    if (auto v = verify_server_framing(e, server, t)) return *v;
  if (auto v = application ? verify_no_repair(e, t) : verify_echoes(e, t)) return *v;
  if (auto v = verify_frames_wellformed(e, t)) return *v;
  if (!application) {
    if (auto v = verify_close_frame_wellformed(e, t)) return *v;
    if (auto v = verify_server_text(e, server, t)) return *v;
  }
  if (!e.close) {
    if (auto v = verify_no_close_on_valid(e, t, p)) return *v;
    return verify_valid_traffic(e, t, p);
  }
  // The sender's own valid close frame: under application any close frame answers it.
  if (application && e.kind == violation::none) return verify_close_reply(e, t);
  return verify_expected_close(e, t, p);
}

}  // namespace

verdict judge(const expectation& e, const transcript& t, profile p) {
  verdict v = decide(e, t, p);
  if (auto n = note_tcp_left_open(t)) v.notes.push_back(std::move(*n));
  if (auto n = note_reset_after_close(t)) v.notes.push_back(std::move(*n));
  return v;
}

}  // namespace wsh
