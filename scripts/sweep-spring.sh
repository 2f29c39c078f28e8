#!/usr/bin/env bash
# The README's Spring WebSocket sweep (section "Sweeping versions"): spring-websocket from 5.3 to
# 6.2, each version built on its own in the sweep cache around targets/java/spring/SpringEcho.java
# through the Spring Boot line that shipped with it (targets/java/spring/sweep/build.sh), run as
# the `spring-text` endpoint with its policy, over the whole catalogue (about 16 s a version: a
# Tomcat endpoint closes every invalid case at once). Three runs: the last patch of every minor
# (and 7.0, the newest line), the first patch of every Boot line (each brings another Tomcat),
# then a bisection over every release from 5.3.0 to the last 6.2. Reports in
# build/reports/sweep/. Needs java, mvn and Maven Central. About 15 minutes on 2 cores the first
# time (each build downloads what its Boot line needs, once, into <cache>/maven/.m2); cached after.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${WSHARNESS:-build/default/harness/cli/wsharness}
[ -x "$B" ] || { cmake --preset default >/dev/null && cmake --build --preset wsharness; }
A=maven:org.springframework:spring-websocket
OUT=build/reports/sweep
mkdir -p "$OUT"
run() { "$B" sweep "$@" || [ $? -eq 1 ]; }
run "$A@5.3.0..latest" --per-minor --timeout-ms 500 --json "$OUT/spring.json" --html "$OUT/spring.html"
# Boot 2.4, 2.5, 2.6, 2.7 (Tomcat 9.0), 3.0, 3.1, 3.2, 3.3, 3.4, 3.5 (Tomcat 10.1): build.sh's table.
run "$A@5.3.0,5.3.7,5.3.13,5.3.20,6.0.0,6.0.9,6.1.0,6.1.8,6.2.0,6.2.7" --timeout-ms 500 \
  --json "$OUT/spring-boot-lines.json" --html "$OUT/spring-boot-lines.html"
run "$A@5.3.0..6.2.x" --bisect --timeout-ms 500 --json "$OUT/spring-bisect.json"
