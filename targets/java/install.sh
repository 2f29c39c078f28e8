#!/usr/bin/env bash
# Builds the Java echo servers (Spring WebSocket on Spring Boot/Tomcat, Jetty 12, Netty 4.1,
# Undertow) into targets/java/build/<module>/<module>-echo.jar, with every version pinned in the
# poms and every artifact kept in the project-local repository targets/java/.m2 (both
# gitignored). Idempotent: jars newer than every source and pom mean nothing to do; once .m2 is
# filled the build runs offline (mvn -o).
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
modules=(spring jetty netty undertow)

# The toolchain: a JDK 17 (javac) and Maven, from Debian's apt if missing.
need=()
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "targets/java: missing ${need[*]}; run as root: apt-get install ${need[*]}" >&2
    exit 2
  fi
  echo "targets/java: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

up_to_date=1
for m in "${modules[@]}"; do
  jar="$dir/build/$m/$m-echo.jar"
  if [ ! -e "$jar" ] || [ -n "$(find "$dir/pom.xml" "$dir/$m" -type f -newer "$jar" -print -quit)" ]; then
    up_to_date=0
  fi
done
if [ $up_to_date -eq 1 ]; then
  echo "targets/java: jars up to date"
  exit 0
fi

echo "targets/java: mvn package (spring, jetty, netty, undertow)"
mvn_args=(-B -q -Dstyle.color=never -Dmaven.repo.local="$dir/.m2" -Dmaven.test.skip=true -f "$dir/pom.xml" package)
# Offline first: everything is in .m2 after the first build. Online only to fill it.
if [ -d "$dir/.m2" ] && mvn -o "${mvn_args[@]}" >/dev/null 2>&1; then
  echo "targets/java: built offline"
else
  mvn "${mvn_args[@]}"
fi
