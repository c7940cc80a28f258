#!/usr/bin/env bash
# How much time mlops:deploy to a Kubernetes cluster adds to a small model project's build, with the host's image
# already in the registry: a repository generated from the archetype with platform: kubernetes, built offline with
#   package  mvn package -Dmlops.skip   (no mlops goal at all: the baseline)
#   deploy   mvn deploy                 (+ validate, the service test, the bundle stored in S3, the objects applied,
#                                        the rollout awaited, smoke calls through the service proxy, the alias moved)
# No cluster can run on these machines: the cluster is fabric8's mock API server with mlops-core's kubelet stand-in
# (bench/src/main/java/dev/mlops/bench/BenchCluster.java), whose pods run the real function host, which fetches its
# bundle from S3Proxy; a pod's start is the host's start and fetch, also printed. The host's image goes to a real
# registry (Debian's docker-registry on loopback), built on a JRE base image made from this machine's JDK (no public
# registry is reachable here); mlops:image pushes it once before the timed builds. Each build is run 5 times after a
# warm-up, interleaved; medians are printed. Targets: deploy under 5 s beyond package plus the pod's start; the
# image's own layers under 30 MB over the base; 0 bytes pushed to the registry for a new model version.
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
registry="$(cat "$cluster/registry-address")"

# The image, pushed once: its layers as the registry holds them (compressed), the base's apart from the host's own.
image_ms=$( { start=$(date +%s%N); mvn_quiet mlops:image >/dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); } )
reference="$(cat target/mlops/host-image.txt)"
python3 - "$registry" "$reference" <<'PY'
import json, sys, urllib.request
registry, reference = sys.argv[1], sys.argv[2]
def get(path):
    request = urllib.request.Request("http://" + registry + path, headers={"Accept": "application/vnd.oci.image.manifest.v1+json"})
    return json.load(urllib.request.urlopen(request))
name, digest = reference[len(registry) + 1:].split("@")
repository = name.rsplit(":", 1)[0]
manifest = get("/v2/%s/manifests/%s" % (repository, digest))
config = get("/v2/%s/blobs/%s" % (repository, manifest["config"]["digest"]))
base = config["config"]["Labels"]["org.opencontainers.image.base.name"]
base_repository, base_digest = base[len(registry) + 1:].split("@")
base_layers = {layer["digest"] for layer in get("/v2/%s/manifests/%s" % (base_repository.rsplit(":", 1)[0], base_digest))["layers"]}
own = [layer for layer in manifest["layers"] if layer["digest"] not in base_layers]
mb = lambda n: n / 1e6
print("host image %s" % reference)
print("  base layers: %.1f MB; the host's own layers (compressed, as pushed and pulled): %s; in all %.1f MB (target under 30 MB over the base)"
      % (mb(sum(l["size"] for l in manifest["layers"] if l["digest"] in base_layers)),
         ", ".join("%.2f MB" % mb(l["size"]) for l in own), mb(sum(l["size"] for l in own))))
PY
echo "mlops:image built and pushed it in $image_ms ms"
writes() { grep -c 'http.request.method=\(PUT\|POST\|PATCH\).*response completed' "$cluster/registry/registry.log" || true; }
stored() { du -sb "$cluster/registry/storage" | cut -f1; }

seconds() {
  local start end; start=$(date +%s%N)
  "$@" > "$work/last-build.log" 2>&1 || { echo "failed: $*" >&2; cat "$work/last-build.log" >&2; exit 1; }
  end=$(date +%s%N); echo $(( (end - start) / 1000000 ))
}
run() {
  case "$1" in
    package) seconds mvn_quiet package -Dmlops.skip ;;
    deploy) seconds mvn_quiet -s "$cluster/settings.xml" deploy -Dmlops.home="$work/home" ;;
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
# A new model version: another artifact, deployed; what it sent the image registry.
writes_before=$(writes); stored_before=$(stored)
echo "another version $(date +%s%N)" > "$project/model_artifact/version-note.txt"
new_version_ms=$(run deploy)
echo "a new model version: deployed in $new_version_ms ms; image registry writes (PUT/POST/PATCH) $((  $(writes) - writes_before )), bytes stored $(( $(stored) - stored_before )) (target 0)"
# The pods' starts as the stand-in ran them: from the pod's creation to its host's readiness.
touch "$cluster/stop"; wait "$cluster_pid" || true
starts=$(sed -n 's/^pod starts (ms): //p' "$work/cluster.log")
pod=$(tr ' ' '\n' <<<"$starts" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "pod starts (ms): $starts; median $pod ms"
echo "mvn deploy to the mock cluster adds $((deploy - package)) ms to mvn package, $((deploy - package - pod)) ms besides the pod's start (target under 5000 ms plus the pod's start)"
