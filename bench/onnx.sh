#!/usr/bin/env bash
# ONNX benchmark, on loopback: one function host serves the archetype's linear regression twice, as the Java model
# (coefficients.txt) and as the ONNX graph of the same regression (model.onnx, run by ONNX Runtime with one thread),
# and wrk posts the same 100-row JSON request to each. After a warm-up of each, the two are measured in turns, three
# rounds, so that a slow spell of the machine falls on both; prints each one's median requests/s and p99 and the ratio
# (target: ONNX at least 1/1.5 = 0.67 of the Java model's throughput).
# Installs wrk from Debian's packages when missing (needs root or sudo).
# Usage: bash bench/onnx.sh [seconds per measurement, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS=32
HOST_PORT=18090
HOST_JVM_OPTS="-XX:+UseParallelGC -Xms256m -Xmx1g"
RESOURCES=mlops-archetype/src/main/resources/archetype-resources/model_artifact
work="$(mktemp -d /tmp/mlops-onnx-bench.XXXXXX)"
host_pid=""
cleanup() {
  [ -z "$host_pid" ] || kill "$host_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "installing wrk"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi

source bench/host-setup.sh
prepare_host_bench "$work" 1 "$RESOURCES/model.onnx" "$RESOURCES/coefficients.txt"

java $HOST_JVM_OPTS -cp "$CP" dev.mlops.core.host.FunctionHostCommand --deployments "$work/deployments" \
  --port "$HOST_PORT" > "$work/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$HOST_PORT/v2/health/ready" && break; sleep 0.2; done
JAVA_URL="http://127.0.0.1:$HOST_PORT/functions/linear-prediction-dev-1/call"
ONNX_URL="http://127.0.0.1:$HOST_PORT/functions/linear_onnx-prediction-dev-1/call"

# Both answer the request, with the same numbers (to 1e-9: ONNX Runtime may add in another order).
curl -sf -X POST --data-binary @"$work/request.json" "$JAVA_URL" > "$work/java.json"
curl -sf -X POST --data-binary @"$work/request.json" "$ONNX_URL" > "$work/onnx.json" \
  || { echo "the ONNX model did not answer; host log:" >&2; cat "$work/host.log" >&2; exit 1; }
/usr/bin/python3 - "$work/java.json" "$work/onnx.json" <<'PY'
import json, sys
java, onnx = (json.load(open(path)) for path in sys.argv[1:3])
a, b = java["prediction"]["AC"], onnx["prediction"]["AC"]
assert len(a) == len(b) == 100, (len(a), len(b))
worst = max(abs(x - y) for x, y in zip(a, b))
assert worst < 1e-9, f"the ONNX answer differs from the Java one by {worst}"
PY

measure "$JAVA_URL" 15 >/dev/null
measure "$ONNX_URL" 15 >/dev/null
for _ in 1 2 3; do
  measure "$JAVA_URL" "$SECONDS_PER_RUN" >> "$work/java.runs"
  measure "$ONNX_URL" "$SECONDS_PER_RUN" >> "$work/onnx.runs"
done
read -r java_rps java_p99 < <(sort -n "$work/java.runs" | sed -n 2p)
read -r onnx_rps onnx_p99 < <(sort -n "$work/onnx.runs" | sed -n 2p)

echo "ONNX benchmark: 100-row JSON request, one host, wrk -t2 -c$CONNECTIONS, in turns, median of 3 x ${SECONDS_PER_RUN}s after 15s warm-up each, $(nproc) cores"
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "Java linear model" "$java_rps" "$java_p99"
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "ONNX graph, ONNX Runtime (1 thread)" "$onnx_rps" "$onnx_p99"
awk -v j="$java_rps" -v o="$onnx_rps" 'BEGIN {
  printf "  ONNX / Java = %.2f (target >= 0.67, that is within 1.5x)\n", o / j }'
echo "  all runs (req/s p99): Java $(tr '\n' ';' < "$work/java.runs") ONNX $(tr '\n' ';' < "$work/onnx.runs")"
