#!/usr/bin/env python3
"""Reads a reference-suite report directory the way projects' CI scripts do: index.json mapping
agent -> case id -> {behavior, behaviorClose, duration, remoteCloseCode, reportfile}, every
reportfile opened next to it. Prints 'AGENT CASE BEHAVIOR BEHAVIORCLOSE' for each case that is not
acceptable, then 'agents=N cases=N failed=N'; exits 1 if any failed (as those scripts do)."""
import json
import os
import sys

ACCEPTED = {"OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED"}
ACCEPTED_CLOSE = {"OK", "INFORMATIONAL", "UNIMPLEMENTED"}

outdir = sys.argv[1]
with open(os.path.join(outdir, "index.json")) as f:
    index = json.load(f)
cases = failed = 0
for agent, results in index.items():
    for case_id, r in results.items():
        cases += 1
        assert isinstance(r["duration"], int)
        assert r["remoteCloseCode"] is None or isinstance(r["remoteCloseCode"], int)
        with open(os.path.join(outdir, r["reportfile"])) as f:
            detail = json.load(f)
        assert detail["behavior"] == r["behavior"] and detail["id"] == case_id
        if r["behavior"] not in ACCEPTED or r["behaviorClose"] not in ACCEPTED_CLOSE:
            failed += 1
            print(agent, case_id, r["behavior"], r["behaviorClose"])
print(f"agents={len(index)} cases={cases} failed={failed}")
sys.exit(1 if failed else 0)
