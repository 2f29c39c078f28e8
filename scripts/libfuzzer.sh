#!/usr/bin/env bash
# A bounded libFuzzer campaign, or corpus regeneration (fuzzers/README.md):
#   scripts/libfuzzer.sh TARGET SECONDS [JOBS]   fork JOBS workers for SECONDS, merge new coverage into
#                                           corpus/TARGET, report exec/s, coverage and findings
#   scripts/libfuzzer.sh --regen-corpus          rewrite the generated seeds and the regression verdicts
# TARGET: fuzz_websocketpp fuzz_beast fuzz_websocketpp_parser fuzz_utf8_differential.
# Exit: 0 no findings, 1 findings (saved under build/libfuzzer/campaigns/), 2 usage or set-up error.
set -euo pipefail
cd "$(dirname "$0")/.."
targets="fuzz_websocketpp fuzz_beast fuzz_websocketpp_parser fuzz_utf8_differential"
usage() { echo "usage: scripts/libfuzzer.sh TARGET SECONDS [JOBS] | --regen-corpus  (TARGET: $targets)" >&2; exit 2; }
tools=build/libfuzzer/fuzzers/tools

if [ "${1:-}" = "--regen-corpus" ]; then
  scripts/build.sh libfuzzer >/dev/null
  "$tools/wsh_fuzz_seeds" write corpus
  "$tools/wsh_fuzz_regressions" update corpus/regressions
  echo "regenerated corpus/ seeds and corpus/regressions/verdicts.txt; review with git diff"
  exit 0
fi

[ $# -ge 2 ] && [ $# -le 3 ] || usage
target="$1" seconds="$2" jobs="${3:-1}"
[[ " $targets " == *" $target "* ]] || usage
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || usage
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] && [ "$jobs" -le "$(nproc)" ] || { echo "JOBS must be 1..$(nproc)" >&2; exit 2; }

scripts/build.sh libfuzzer >/dev/null
bin="build/libfuzzer/fuzzers/$target"
run="build/libfuzzer/campaigns/$target-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$run/new" "$run/findings"

# Fork mode: JOBS workers, restarted on a finding (-ignore_crashes) until SECONDS are up. New
# inputs land in $run/new; the committed corpus is only read here.
echo "campaign: $target for ${seconds}s with $jobs jobs -> $run"
"$bin" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$run/findings/" -print_final_stats=1 \
  "$run/new" "corpus/$target" >"$run/log" 2>&1 || true

# Merge: keep only inputs that add coverage to corpus/TARGET.
before="$(ls "corpus/$target" | wc -l)"
"$bin" -merge=1 "corpus/$target" "$run/new" >"$run/merge.log" 2>&1
after="$(ls "corpus/$target" | wc -l)"

# Report from libFuzzer's last status line (fork mode: "#N: cov: C ft: F corp: K exec/s E ...").
last="$(grep -E '^#[0-9]+' "$run/log" | tail -1 || true)"
field() { grep -Eo "$1:? [0-9]+" <<<"$last" | grep -Eo '[0-9]+$' || echo '?'; }
echo "runs: $(grep -Eo '^#[0-9]+' <<<"$last" | tr -d '#' || echo '?')  exec/s: $(field exec/s)  cov: $(field cov)  features: $(field ft)"
echo "corpus/$target: $before -> $after inputs (merged new coverage)"

findings=("$run"/findings/*)
[ -e "${findings[0]}" ] || { echo "findings: none"; exit 0; }
echo "findings: ${#findings[@]} (each replays with: $bin FILE)"
for f in "${findings[@]}"; do
  echo "--- $f"
  if [ "$target" = fuzz_websocketpp ] || [ "$target" = fuzz_beast ]; then
    "$tools/wsh_fuzz_regressions" show "$f" | grep -v "	pass$" || true
  else
    "$bin" -runs=1 "$f" 2>&1 | grep -E "wsh fuzz|ERROR|SUMMARY" | head -5 || true
  fi
done
echo "to keep one as a regression: cp FILE corpus/regressions/ && $tools/wsh_fuzz_regressions update corpus/regressions"
exit 1
