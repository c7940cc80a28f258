#!/usr/bin/env bash
# Where a call of the host benchmark spends its time, layer by layer, measured with the same wrk load as
# bench/host.sh (a 100-row request, wrk -t2 -c32 on loopback):
#   1. JSON in process: Jackson parsing and binding the request, writing the predictions (dev.mlops.bench.JsonCost);
#   2. the serving layer with a fixed answer (dev.mlops.core.host.ServingFloors): on the I/O thread, from the call
#      pool, and from the call pool with the per-call time-out timer;
#   3. the function host itself, serving the linear model.
# For each server: requests/s, p99, and the server's CPU time per request (from /proc), the median of 3 runs.
# Installs wrk from Debian's packages when missing (needs root or sudo).
# Usage: bash bench/floors.sh [seconds per measurement, default 8]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-8}"
PORT=18085
JVM_OPTS="-XX:+UseParallelGC -Xms256m -Xmx1g"
work="$(mktemp -d /tmp/mlops-floors.XXXXXX)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi

source bench/host-setup.sh
prepare_host_bench "$work" 1

echo "JSON of one call, in process, one thread:"
java $JVM_OPTS -cp "$CP" dev.mlops.bench.JsonCost

# Starts a server (the rest of the arguments: its main class and arguments), measures it, stops it.
measure() { # label url class args...
  local label="$1" url="$2"; shift 2
  java $JVM_OPTS -cp "$CP" "$@" > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -s -o /dev/null -X POST --data-binary @"$work/request.json" "$url" && break; sleep 0.2; done
  BODY="$work/request.json" wrk -t2 -c32 -d10s -s "$work/post.lua" "$url" > /dev/null
  for _ in 1 2 3; do
    local before after
    before=$(awk '{print $14 + $15}' "/proc/$server/stat")
    BODY="$work/request.json" wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$work/post.lua" "$url" > "$work/wrk.txt"
    after=$(awk '{print $14 + $15}' "/proc/$server/stat")
    if grep -q "Non-2xx" "$work/wrk.txt"; then echo "non-2xx answers from $label" >&2; exit 1; fi
    awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
      /requests in/ {requests = $1} /Requests\/sec/ {rps = $2} $1 == "99%" {p99 = $2}
      END {printf "%s %s %.1f\n", rps, p99, ticks / hz * 1e6 / requests}' "$work/wrk.txt"
  done | sort -n | sed -n 2p | awk -v label="$label" '{printf "  %-46s %9.0f req/s   p99 %8s   %5.1f us CPU per request\n", label, $1, $2, $3}'
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

echo "serving, wrk -t2 -c32, median of 3 x ${SECONDS_PER_RUN}s after 10s warm-up, $(nproc) cores:"
for mode in io pool pool-timer; do
  measure "fixed answer: $mode" "http://127.0.0.1:$PORT/" dev.mlops.core.host.ServingFloors "$mode" "$PORT"
done
measure "function host, linear model" "http://127.0.0.1:$PORT/functions/linear-prediction-dev-1/call" \
  dev.mlops.core.host.FunctionHostCommand --deployments "$work/deployments" --port "$PORT"
