#!/usr/bin/env python3
"""The README's findings matrix, regenerated from a multi-target run:

  build/default/harness/cli/wsharness conformance --all-targets --jobs 2 --timeout-ms 500 \\
      --pause-ms 300 --quiet --json-dir build/reports/matrix
  scripts/findings_matrix.py build/reports/matrix > matrix.md

Prints two Markdown tables: per target its library version and counts, then per target and case
group what happened (`pass 1007`: every case passed and the invalid ones were closed with 1007;
otherwise the non-passing cases by kind, `✗` fail, `~` non-strict)."""
import json
import os
import sys
from collections import Counter, OrderedDict

GROUPS = OrderedDict([
    ("zero-length", "8.1/zero-length/"), ("valid-fragmented", "8.1/valid-fragmented/"),
    ("invalid-fragmented", "8.1/invalid-fragmented/"), ("fail-fast", "8.1/fail-fast/"),
    ("close-reason", "5.5.1/close-reason/"), ("binary", "7.4.1/binary/"), ("deflate", "8.1/deflate/"),
    ("long", "8.1/long/"), ("sequence", "8.1/sequence/"), ("vector/valid", "8.1/vector/valid/"),
    ("vector/other", "8.1/vector/"), ("split", "8.1/split/"),
])

WORDS = {
    "wrong_code": "{code}", "tcp_drop": "drop", "tcp_reset": "reset", "no_close": "no close",
    "echoed_invalid": "echoed", "discarded_binary": "ignored", "late_close": "late {code}",
    "size_limit": "too big {code}", "bad_close_frame": "reason echoed {code}", "closed_valid": "closed valid {code}",
    "not_fail_fast": "no fail-fast", "replaced_invalid": "U+FFFD", "echo_mismatch": "altered",
    "missing_echo": "no echo", "protocol_error": "bad frame", "no_close_reply": "no close reply",
}


def group_of(case_id):
    for name, prefix in GROUPS.items():
        if case_id.startswith(prefix):
            return name
    return None


def cell(cases):
    if not cases:
        return "-"
    kinds = Counter()
    closed_1007 = False
    for c in cases:
        v, code = c["verdict"], c["observed"].get("close_code")
        if v == "pass":
            closed_1007 |= c["expected"]["close"] and code == 1007
            continue
        if v == "skipped":
            kinds["skip"] += 1
            continue
        word = WORDS.get(c["finding"], c["finding"]).format(code=code if code is not None else "-")
        kinds[word + (" ~" if v == "non-strict" else " ?" if v == "flaky" else " ✗")] += 1
    if not kinds:
        return "pass 1007" if closed_1007 else "pass"
    return ", ".join(f"{n}× {k}" for k, n in kinds.most_common())


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: findings_matrix.py DIR (a --json-dir of conformance --all-targets)")
    d = sys.argv[1]
    combined = json.load(open(os.path.join(d, "combined.json")))
    print("| target | version | pass | fail | non-strict | skipped |")
    print("|---|---|---:|---:|---:|---:|")
    reports = []
    for t in combined["targets"]:
        if not t.get("report"):
            print(f"| {t['name']} | not run: {t.get('error')} | | | | |")
            continue
        r = json.load(open(os.path.join(d, t["report"])))
        s = r["summary"]
        print(f"| {t['name']} | {r['target']['version']} | {s['pass']} | {s['fail']} | {s['non_strict']} | {s['skipped']} |")
        reports.append((t["name"], r))
    print()
    counts = Counter(group_of(c["id"]) for c in reports[0][1]["cases"]) if reports else Counter()
    print("| target | " + " | ".join(f"`{g}` ({counts[g]})" for g in GROUPS) + " |")
    print("|---|" + "---|" * len(GROUPS))
    for name, r in reports:
        by_group = {g: [] for g in GROUPS}
        for c in r["cases"]:
            g = group_of(c["id"])
            if g:
                by_group[g].append(c)
        print(f"| {name} | " + " | ".join(cell(by_group[g]) for g in GROUPS) + " |")


main()
