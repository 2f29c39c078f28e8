// Reproducer files: what `wsharness fuzz` saves for each distinct failure and `wsharness
// replay` reads back. A reproducer is ONE case in the conformance/cases format
// (conformance/README.md), so `wsharness conformance --cases-file FILE` runs it too, behind a
// header of comment lines for humans and for replay:
//
//   # wsharness fuzz reproducer: one case in the conformance/cases format
//   # replay:   wsharness replay FILE --command './faulty_wrong_code --port {port}'
//   # policy:   text+binary                  (or: text-only binary-close-code=1003)
//   # target:   command: ./faulty_wrong_code --port {port} unknown
//   # seed:     42 (run 17, size 17)
//   # key:      wrong_code/invalid_utf8/surrogate      (finding/violation/defect class)
//   # shape:    text
//   # shrunk:   4 frames -> 1 frame in 9 steps (31 server runs, 2104 ms)
//   #
//   # FAIL fuzz/... [wrong_code]             (the console report of the last failing run:
//   #   frame  1: text len=3 ed a0 80          frames in hex, expected, observed, verdict)
//   #   ...
//   case fuzz/wrong_code/invalid_utf8/surrogate/3f2a91c0 tags=fuzz
//     desc ...
//     # frame 1: text len=3 ed a0 80
//     send text x:eda080
//
// Only `# policy:` is read back (replay's default policy); the case itself is the `case` entry.
// Frames are written byte-exact: FIN ('~'), RSV bits, mask key (`mask:HEX` unless the default
// key), forced length forms, payload as `x:HEX` (close frames as `code:N x:HEX`), and pauses.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wsh/policy.hpp"
#include "wsh/report.hpp"
#include "wsh/test_case.hpp"

namespace wsh {

struct reproducer_info {
  std::string target;  // name and version
  endpoint_policy policy;
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  int size = 0;
  std::string key;     // failure_key()
  std::string shrunk;  // how it was shrunk, one line
  std::string replay;  // the replay command; "{file}" stands for the reproducer's path
};

// The case-file item that sends exactly this frame: "text~ mask:00000000 x:eda080".
std::string case_file_item(const frame& f);
// The whole reproducer file. `last` is the last failing run of `c` (c.id is used as the case id).
std::string reproducer_text(const test_case& c, const reproducer_info& info, const case_result& last);
// "wrong_code-invalid_utf8-surrogate-3f2a91c0.cases": the key and a hash of the wire bytes.
std::string reproducer_file_name(const std::string& key, const test_case& c);
// "fuzz/wrong_code/invalid_utf8/surrogate/3f2a91c0".
std::string reproducer_case_id(const std::string& key, const test_case& c);

// The `# policy:` line of a reproducer, or nullopt when it has none.
std::optional<endpoint_policy> reproducer_policy(std::string_view text);
std::string policy_words(const endpoint_policy& p);  // "text+binary" / "text-only binary-close-code=1007"

}  // namespace wsh
