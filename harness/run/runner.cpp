#include "wsh/runner.hpp"

#include <chrono>
#include <string>

#include "wsh/transport.hpp"

namespace wsh {

namespace {

using clock_type = transport::clock_type;

// Reads that may still find bytes once a step's deadline has passed (each up to 64 KiB): what
// the kernel already holds is taken, not dropped, but a server that keeps sending cannot
// stretch a deadline past this.
constexpr int max_late_reads = 16;

}  // namespace

transcript run_case(const endpoint& ep, const test_case& c, const stop_condition& stop, const run_options& opt) {
  const wire_layout w = layout(c);
  session_options so;
  so.host = ep.host;
  so.port = ep.port;
  so.path = ep.path;
  so.timeout_ms = opt.timeout_ms;
  so.max_message = opt.max_message;
  so.probe_grace_ms = opt.probe_grace_ms;
  so.stop = stop;
  std::vector<write_chunk> chunks;
  client_session s(plan_for(c, w, opt.pause_ms, chunks), std::move(so));
  const auto t0 = clock_type::now();
  auto now_ms = [&] { return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count(); };
  auto at = [&](double ms) {
    return t0 + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double, std::milli>(ms));
  };

  transport io(ep.tls);
  if (std::string why = io.connect(ep, at(s.deadline_ms())); !why.empty())
    s.setup_failed(std::move(why));
  else
    s.connected();
  // Each step either ends the session or moves it on: writes and reads are bounded by their
  // deadlines, and every phase of the session ends at the case's deadline at the latest (past
  // it, at most max_late_reads reads that find bytes already there).
  double late_for = -1;
  int late_reads = 0;
  for (auto st = s.next(); st.what != client_session::action::done; st = s.next()) {
    if (st.what == client_session::action::write) {
      if (std::string why = io.write(st.bytes, at(st.until_ms)); why.empty())
        s.wrote(now_ms());
      else
        s.write_failed(std::move(why), now_ms());
      continue;
    }
    if (now_ms() >= st.until_ms) {
      if (st.until_ms != late_for) {
        late_for = st.until_ms;
        late_reads = 0;
      }
      if (++late_reads > max_late_reads) {
        s.read_timed_out(now_ms());
        continue;
      }
    }
    const transport::read_result r = io.read_some(at(st.until_ms));
    switch (r.what) {
      case transport::read_result::kind::data: s.received(io.buffer(r.n), now_ms()); break;
      case transport::read_result::kind::timed_out: s.read_timed_out(now_ms()); break;
      case transport::read_result::kind::ended: s.read_ended(r.reset, r.why, now_ms()); break;
    }
  }
  return s.finish(now_ms());
}

std::string check_connect(const endpoint& ep, int timeout_ms) {
  transport io(ep.tls);
  return io.connect(ep, clock_type::now() + std::chrono::milliseconds(timeout_ms));
}

}  // namespace wsh
