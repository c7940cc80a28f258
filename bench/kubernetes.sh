#!/usr/bin/env bash
# How much time mlops:deploy to a Kubernetes cluster adds to a small model project's build, with the host's image
# already in the registry: a repository generated from the archetype with platform: kubernetes, built offline with
#   package  mvn package -Dmlops.skip   (no mlops goal at all: the baseline)
#   deploy   mvn deploy                 (+ validate, the service test, the bundle stored in S3, the objects applied,
#                                        the rollout awaited, smoke calls through the service proxy, the alias moved)
# No cluster can run on these machines: the cluster is fabric8's mock API server with mlops-core's kubelet stand-in
# (bench/src/main/java/dev/mlops/bench/BenchCluster.java), whose pods run the real function host, which fetches its
# bundle from S3Proxy; a pod's start is the host's start and fetch, also printed. Each build is run 5 times after a
# warm-up, interleaved; medians are printed. Target: deploy under 5 s beyond package plus the pod's start.
# Usage: bash bench/kubernetes.sh   (from the project root; installs mlops first)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/target/kubernetes"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
mvn_quiet() { mvn -B -q -o -Dstyle.color=never "$@"; }

mvn -B -q -Dstyle.color=never -f "$root/pom.xml" install -DskipTests -Darchetype.test.skip=true -Dinvoker.skip=true
(cd "$root" && mvn_quiet -pl bench package -DskipTests)
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && mvn_quiet org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate \
  -DarchetypeGroupId=dev.mlops -DarchetypeArtifactId=mlops-archetype -DarchetypeVersion="$version" \
  -DgroupId=com.example -DartifactId=small-model)
project="$work/small-model"
sed -i 's/^platform: .*$//' "$project/mlops_settings.yaml"
sed -i '0,/^model_name:/s//platform: kubernetes\nmodel_name:/' "$project/mlops_settings.yaml"

# The cluster, until this script ends.
cluster="$work/cluster"
java -cp "$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")" dev.mlops.bench.BenchCluster \
  "$cluster" > "$work/cluster.log" 2>&1 &
cluster_pid=$!
trap 'touch "$cluster/stop"; wait "$cluster_pid" 2>/dev/null || true' EXIT
for _ in $(seq 300); do [ -f "$cluster/ready" ] && break; sleep 0.1; done
[ -f "$cluster/ready" ] || { echo "the bench cluster did not start:" >&2; cat "$work/cluster.log" >&2; exit 1; }
mkdir -p "$project/.mvn" && cp "$cluster/maven.config" "$project/.mvn/maven.config"
cd "$project"

seconds() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
run() {
  case "$1" in
    package) seconds mvn_quiet package -Dmlops.skip ;;
    deploy) seconds mvn_quiet -s "$cluster/settings.xml" deploy -Dmlops.home="$work/home" \
      -Dmlops.image="registry.bench/mlops-host:$version" ;;
  esac
}
kinds=(package deploy)
for kind in "${kinds[@]}"; do run "$kind" >/dev/null; done   # warm-up
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
deploy=$(median "${times[deploy]}")
# The pods' starts as the stand-in ran them: from the pod's creation to its host's readiness.
touch "$cluster/stop"; wait "$cluster_pid" || true
starts=$(sed -n 's/^pod starts (ms): //p' "$work/cluster.log")
pod=$(tr ' ' '\n' <<<"$starts" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "pod starts (ms): $starts; median $pod ms"
echo "mvn deploy to the mock cluster adds $((deploy - package)) ms to mvn package, $((deploy - package - pod)) ms besides the pod's start (target under 5000 ms plus the pod's start)"
