#!/usr/bin/env bash
# How much time the mlops goals add to a small model project's build: a repository generated from the archetype,
# built offline with
#   package  mvn package -Dmlops.skip   (no mlops goal at all: the baseline)
#   verify   mvn verify                 (+ mlops:validate and mlops:service-test)
#   deploy   mvn deploy                 (+ mlops:deploy to the local platform, its host already running)
#   deploy*  mvn deploy                 (the same, the host stopped before: the first deployment of a session)
# Each is run 5 times after a warm-up, interleaved; medians are printed, and the overheads against package.
# Targets: the service test under 3 s beyond package, a whole deploy under 5 s beyond package.
# Usage: bash bench/goals.sh   (from the project root; installs mlops first)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/target/goals"
home="$work/mlops-home"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
plugin="dev.mlops:mlops-maven-plugin:$version"
mvn_quiet() { mvn -B -q -o -Dstyle.color=never "$@"; }
stop_host() { (cd "$root" && mvn_quiet -N "$plugin:stop" -Dmlops.home="$home" -Dmlops.platformHost) >/dev/null; }

mvn -B -q -Dstyle.color=never -f "$root/pom.xml" install -DskipTests
[ -f "$home/local/host.properties" ] && stop_host || true
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && mvn_quiet org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate \
  -DarchetypeGroupId=dev.mlops -DarchetypeArtifactId=mlops-archetype -DarchetypeVersion="$version" \
  -DgroupId=com.example -DartifactId=small-model)
cd "$work/small-model"
trap stop_host EXIT

seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
run() {
  case "$1" in
    package) seconds mvn_quiet package -Dmlops.skip ;;
    verify) seconds mvn_quiet verify ;;
    deploy) seconds mvn_quiet deploy -Dmlops.home="$home" -Dmlops.port=0 ;;
    deploy-cold) stop_host; seconds mvn_quiet deploy -Dmlops.home="$home" -Dmlops.port=0 ;;
  esac
}
kinds=(package verify deploy deploy-cold)
for kind in "${kinds[@]}"; do run "$kind" >/dev/null; done   # warm-up: caches, the first deployment
declare -A times
for round in 1 2 3 4 5; do
  for kind in "${kinds[@]}"; do times[$kind]+="$(run "$kind") "; done
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | sed -n 3p; }
package=$(median "${times[package]}")
printf '%-12s %8s %10s   %s\n' build median "- package" "all runs (ms)"
for kind in "${kinds[@]}"; do
  m=$(median "${times[$kind]}")
  printf '%-12s %6d ms %7d ms   %s\n' "$kind" "$m" $((m - package)) "${times[$kind]}"
done
verify=$(median "${times[verify]}"); deploy=$(median "${times[deploy]}"); cold=$(median "${times[deploy-cold]}")
echo "service test and validate add $((verify - package)) ms to mvn package (target under 3000 ms)"
echo "mvn deploy adds $((deploy - package)) ms to mvn package with the host running, $((cold - package)) ms starting it (target under 5000 ms)"
