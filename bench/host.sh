#!/usr/bin/env bash
# Function host benchmark, all on loopback, each server warmed up and then measured with the same wrk settings:
#   1. the mlops function host serving a 3-input linear model (a 100-row request), on the JSON call path,
#   2. the same host and request as an Open Inference request of binary FP64 tensors, answered in binary,
#   3. the same model in Python Flask + numpy under gunicorn with 2 workers,
#   4. the same model in FastAPI + numpy under uvicorn with 2 workers (with uvloop and httptools),
#   5. nginx returning a fixed JSON answer: the HTTP limit of this machine,
# and on the host, in turns, the same model with its prediction log off and logging every call.
# Prints requests/s and p99 latency at 32 connections, the ratios to the targets (host >= 10x Flask, JSON path >= 0.5x
# nginx, binary path >= 0.6x nginx, p99 < 5 ms on both paths), and the host's resident memory with 20 bundles loaded.
# Installs wrk, nginx, gunicorn, Flask, FastAPI, uvicorn (with uvloop and httptools) and numpy from Debian's packages
# when missing (needs root or sudo).
# Usage: bash bench/host.sh [seconds per measurement, default 10]
#        LOG_CPU=0.25 bash bench/host.sh 10   gives the prediction log's writer another share of a core (--log-cpu)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-10}"
CONNECTIONS=32
HOST_PORT=18080; FLASK_PORT=18081; NGINX_PORT=18082; FASTAPI_PORT=18083
# The JVM settings the host is measured with: parallel GC suits its short-lived request garbage.
HOST_JVM_OPTS="-XX:+UseParallelGC -Xms256m -Xmx1g"
work="$(mktemp -d /tmp/mlops-host-bench.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  kill "$(cat "$work/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx-light)
[ -x /usr/bin/gunicorn ] || need+=(gunicorn)
/usr/bin/python3 -c 'import flask, numpy' 2>/dev/null || need+=(python3-flask python3-numpy)
# uvicorn takes uvloop and httptools when they are there, as its own "standard" install does.
/usr/bin/python3 -c 'import fastapi, uvicorn, uvloop, httptools' 2>/dev/null \
  || need+=(python3-fastapi python3-uvicorn python3-uvloop python3-httptools)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

source bench/host-setup.sh
prepare_host_bench "$work" 20

wait_for() { # url
  for _ in $(seq 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "server at $1 did not come up" >&2; exit 1
}

# Warm-up, then three measurements; prints the median run.
bench() { # url
  measure "$1" 15 >/dev/null
  for _ in 1 2 3; do measure "$1" "$SECONDS_PER_RUN"; done | sort -n | sed -n 2p
}

# 1. the mlops function host
java $HOST_JVM_OPTS -cp "$CP" dev.mlops.core.host.FunctionHostCommand --deployments "$work/deployments" \
  --port "$HOST_PORT" ${LOG_CPU:+--log-cpu "$LOG_CPU"} > "$work/host.log" 2>&1 &
host_pid=$!; pids+=("$host_pid")
wait_for "http://127.0.0.1:$HOST_PORT/v2/health/ready"
curl -s -X POST --data-binary @"$work/request.json" \
  "http://127.0.0.1:$HOST_PORT/functions/linear-prediction-dev-1/call" | grep -q '"status":"ok"'
read -r host_rps host_p99 < <(bench "http://127.0.0.1:$HOST_PORT/functions/linear-prediction-dev-1/call")
curl -s -o "$work/binary-answer" -X POST --data-binary @"$work/request.bin" \
  -H "Inference-Header-Content-Length: $(cat "$work/request.bin.header")" \
  "http://127.0.0.1:$HOST_PORT/v2/models/linear-prediction-dev-1/infer"
grep -q '"binary_data_size":800' "$work/binary-answer" || { echo "no binary answer:" >&2; cat "$work/binary-answer" >&2; exit 1; }
read -r binary_rps binary_p99 < <(BODY="$work/request.bin" SCRIPT="$work/post-binary.lua" \
  bench "http://127.0.0.1:$HOST_PORT/v2/models/linear-prediction-dev-1/infer")
# The prediction log's cost: the same model with every call logged (sample_rate 1) and with none (0), measured in
# turns on the same host after a warm-up of each.
LOGGED="http://127.0.0.1:$HOST_PORT/functions/linear_logged-prediction-dev-1/call"
UNLOGGED="http://127.0.0.1:$HOST_PORT/functions/linear-prediction-dev-1/call"
measure "$LOGGED" 10 >/dev/null
measure "$UNLOGGED" 5 >/dev/null
for _ in 1 2 3; do
  measure "$UNLOGGED" "$SECONDS_PER_RUN" >> "$work/log-off.txt"
  measure "$LOGGED" "$SECONDS_PER_RUN" >> "$work/log-on.txt"
done
read -r off_rps off_p99 < <(sort -n "$work/log-off.txt" | sed -n 2p)
read -r on_rps on_p99 < <(sort -n "$work/log-on.txt" | sed -n 2p)
log_metric() { curl -s "http://127.0.0.1:$HOST_PORT/metrics" | awk -v m="$1" '$1 == m {printf "%.0f", $2}'; }
log_queued=$(log_metric mlops_prediction_log_queued_total)
log_written=$(log_metric mlops_prediction_log_written_total)
log_full=$(log_metric 'mlops_prediction_log_dropped_total{reason="queue_full"}')
log_failed=$(log_metric 'mlops_prediction_log_dropped_total{reason="write_failed"}')
loaded=$(curl -s "http://127.0.0.1:$HOST_PORT/functions" | grep -o '"external_id"' | wc -l)
host_rss_mib=$(( $(ps -o rss= -p "$host_pid") / 1024 ))
kill "$host_pid"
for _ in $(seq 100); do kill -0 "$host_pid" 2>/dev/null || break; sleep 0.2; done
log_files=$(find "$work/store" -name '*.jsonl.gz' | wc -l)
log_lines=$(find "$work/store" -name '*.jsonl.gz' -exec zcat {} + | wc -l)

# 2. Flask + numpy under gunicorn, 2 workers
cat > "$work/app.py" <<PY
import numpy as np
from flask import Flask, request, jsonify
w = np.array([float(x) for x in open("$work/model_artifact/coefficients.txt").read().split()])
app = Flask(__name__)
@app.post("/functions/linear-prediction-dev-1/call")
def call():
    d = request.get_json(force=True)["data"]
    x = np.column_stack([d["ACS"], d["RDEP"], d["DEN"]])
    return jsonify(status="ok", prediction={"AC": (w[0] + x @ w[1:]).tolist()}, model_id="linear/dev/1")
PY
(cd "$work" && exec /usr/bin/gunicorn -w 2 -b "127.0.0.1:$FLASK_PORT" app:app > "$work/gunicorn.log" 2>&1) &
pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null -X POST --data-binary @"$work/request.json" "http://127.0.0.1:$FLASK_PORT/functions/linear-prediction-dev-1/call" && break; sleep 0.2; done
read -r flask_rps flask_p99 < <(bench "http://127.0.0.1:$FLASK_PORT/functions/linear-prediction-dev-1/call")
kill "${pids[-1]}"

# 3. FastAPI + numpy under uvicorn, 2 workers
cat > "$work/app_fastapi.py" <<PY
import numpy as np
from fastapi import FastAPI, Request
w = np.array([float(x) for x in open("$work/model_artifact/coefficients.txt").read().split()])
app = FastAPI()
@app.post("/functions/linear-prediction-dev-1/call")
async def call(request: Request):
    d = (await request.json())["data"]
    x = np.column_stack([d["ACS"], d["RDEP"], d["DEN"]])
    return {"status": "ok", "prediction": {"AC": (w[0] + x @ w[1:]).tolist()}, "model_id": "linear/dev/1"}
PY
(cd "$work" && exec /usr/bin/python3 -m uvicorn --workers 2 --host 127.0.0.1 --port "$FASTAPI_PORT" \
  --log-level warning --no-access-log app_fastapi:app > "$work/uvicorn.log" 2>&1) &
pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null -X POST --data-binary @"$work/request.json" "http://127.0.0.1:$FASTAPI_PORT/functions/linear-prediction-dev-1/call" && break; sleep 0.2; done
read -r fastapi_rps fastapi_p99 < <(bench "http://127.0.0.1:$FASTAPI_PORT/functions/linear-prediction-dev-1/call")
kill "${pids[-1]}"

# 4. nginx, a fixed JSON answer
mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    client_max_body_size 1m;
    location / { default_type application/json; return 200 '{"status":"ok","prediction":{"AC":[1.0]},"model_id":"linear/dev/1"}'; }
  }
}
NGINX
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" > "$work/nginx/out.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$NGINX_PORT/"
read -r nginx_rps nginx_p99 < <(bench "http://127.0.0.1:$NGINX_PORT/functions/linear-prediction-dev-1/call")

echo "function host benchmark: 100-row request, wrk -t2 -c$CONNECTIONS, median of 3 x ${SECONDS_PER_RUN}s after 15s warm-up, $(nproc) cores"
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "mlops function host, JSON call" "$host_rps" "$host_p99"
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "mlops function host, binary FP64 infer" "$binary_rps" "$binary_p99"
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "Flask + numpy, gunicorn -w 2" "$flask_rps" "$flask_p99"
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "FastAPI + numpy, uvicorn --workers 2" "$fastapi_rps" "$fastapi_p99"
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "nginx, fixed JSON" "$nginx_rps" "$nginx_p99"
awk -v h="$host_rps" -v b="$binary_rps" -v f="$flask_rps" -v a="$fastapi_rps" -v n="$nginx_rps" -v p="$host_p99" \
    -v q="$binary_p99" 'BEGIN {
  printf "  host JSON / Flask = %.1fx (target >= 10x); / FastAPI = %.1fx\n", h / f, h / a
  printf "  host JSON / nginx = %.2f (target >= 0.5)\n", h / n
  printf "  host binary / nginx = %.2f (target >= 0.6)\n", b / n
  printf "  p99: JSON %.2f ms, binary %.2f ms (target < 5 ms)\n", p, q }'
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "host JSON call, prediction log off (0)" "$off_rps" "$off_p99"
printf '  %-40s %10.0f req/s   p99 %6.2f ms\n' "host JSON call, every call logged (1.0)" "$on_rps" "$on_p99"
echo "  prediction log: $log_queued queued, $log_written written before the stop, $log_full dropped (queue full)," \
  "$log_failed dropped (write failed); $log_lines lines in $log_files files after SIGTERM"
echo "  host resident memory with $loaded bundles loaded: ${host_rss_mib} MiB ($HOST_JVM_OPTS)"
