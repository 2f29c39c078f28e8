#!/usr/bin/env bash
# Builds targets/java/spring's echo server (SpringEcho.java, the same source as the pinned
# spring-text/spring-binary targets) against one spring-websocket version, for
# `wsharness sweep maven:org.springframework:spring-websocket@V` (harness/sweep/ecosystem.cpp):
#   build.sh VERSION DIR REPO     ->  DIR/spring-echo.jar (an executable Spring Boot jar)
# REPO is the Maven local repository shared by every swept version (in the sweep cache, never
# targets/java/.m2). Offline first (mvn -o): once a version's artifacts are in REPO nothing is
# downloaded again; online only to fill it. Bounded by the sweep's --install-timeout.
#
# Spring Boot is what brings Spring WebSocket to users, with its embedded Tomcat, so each version
# is built through the Boot release line that shipped with that Spring minor: the newest Boot
# line whose first release managed a Spring Framework at or below VERSION (so the override only
# moves Spring forward within its minor, as users do for security patches), at the last patch of
# that line. Pairs from each Boot line's spring-boot-dependencies (spring-framework.version,
# tomcat.version):
#   Boot 2.4.0 -> 5.3.1    2.5.0 -> 5.3.7    2.6.0 -> 5.3.13   2.7.0 -> 5.3.20  (javax, Tomcat 9.0)
#   Boot 3.0.0 -> 6.0.2    3.1.0 -> 6.0.9                                       (jakarta, Tomcat 10.1)
#   Boot 3.2.0 -> 6.1.1    3.3.0 -> 6.1.8    3.4.0 -> 6.2.0    3.5.0 -> 6.2.7
#   Boot 4.0.x -> 7.0                                                           (Tomcat 11.0)
# Last patches used: 2.5.15 (Tomcat 9.0.75), 2.6.15 (9.0.75), 2.7.18 (9.0.83),
# 3.0.13 (10.1.16), 3.1.12 (10.1.24: the pinned targets' Boot), 3.2.12 (10.1.33),
# 3.3.13 (10.1.42), 3.4.13 (10.1.50), 3.5.7 (10.1.48), 4.0.7 (11.0.22); but Boot 2.4 at its
# first release, 2.4.0 (Spring 5.3.1, Tomcat 9.0.39), for 5.3.0 - 5.3.6: the later 2.4 patches
# need Spring classes that 5.3.0 lacks (2.4.13 on 5.3.0 does not start:
# NoClassDefFoundError org/springframework/core/NativeDetector).
#
# One source serves every era: SpringEcho.java uses only Spring's own API
# (org.springframework.web.socket.*, Boot's SpringApplication, Tomcat's ServerInfo), which is the
# same under javax (Spring 5.3, Boot 2) and jakarta (Spring 6+, Boot 3+); no servlet type is named.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: build.sh VERSION DIR REPO" >&2; exit 2; }
version=$1 dir=$2 repo=$3
here="$(cd "$(dirname "$0")" && pwd)"

patch=${version#*.*.}
patch=${patch%%[!0-9]*}
case "$version" in
  5.3.*) if [ "${patch:-0}" -ge 20 ]; then boot=2.7.18; elif [ "$patch" -ge 13 ]; then boot=2.6.15
         elif [ "$patch" -ge 7 ]; then boot=2.5.15; else boot=2.4.0; fi ;;
  6.0.*) if [ "${patch:-0}" -ge 9 ]; then boot=3.1.12; else boot=3.0.13; fi ;;
  6.1.*) if [ "${patch:-0}" -ge 8 ]; then boot=3.3.13; else boot=3.2.12; fi ;;
  6.2.*) if [ "${patch:-0}" -ge 7 ]; then boot=3.5.7; else boot=3.4.13; fi ;;
  7.0.*) boot=4.0.7 ;;
  *) echo "no Spring Boot paired with spring-websocket $version here (5.3.x - 7.0.x; targets/java/spring/sweep/build.sh)" >&2
     exit 2 ;;
esac

mkdir -p "$dir/src" "$repo"
cp "$here/../SpringEcho.java" "$dir/src/"
sed -e "s/@BOOT@/$boot/g" -e "s/@SPRING@/$version/g" "$here/pom.xml.in" > "$dir/pom.xml"
args=(-B -q -Dstyle.color=never -Dmaven.repo.local="$repo" -Dmaven.test.skip=true -f "$dir/pom.xml" package)
log="$dir/build.log"
if ! mvn -o "${args[@]}" > "$log" 2>&1; then
  if ! mvn "${args[@]}" > "$log" 2>&1; then
    # mvn reports on stdout: its first error is the sweep's one-line reason.
    grep -m1 '^\[ERROR\]' "$log" | cut -c1-300 >&2 || tail -n1 "$log" >&2
    exit 1
  fi
fi
mv "$dir/target/spring-echo.jar" "$dir/spring-echo.jar"
rm -rf "$dir/target"
echo "spring-websocket $version through Spring Boot $boot" > "$dir/boot.txt"
