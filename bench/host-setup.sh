# Sourced by the host benchmarks: builds the bench module, sets CP to its class path, and prepares in the folder $1
# the linear model's deployments ($2 bundles), request.json (100 rows), request.bin (the same rows as binary tensors),
# post.lua (wrk posting request.json) and post-binary.lua (wrk posting $BODY with its binary header). Given an ONNX
# file and a coefficients file as $3 and $4, also the ONNX bundle of HostBenchSetup.
prepare_host_bench() { # work bundles [onnx-file coefficients-file]
  mvn -B -q -Dstyle.color=never -pl bench -am package -DskipTests
  CP="bench/target/classes:$(cat bench/target/classpath.txt)"
  java -cp "$CP" dev.mlops.bench.HostBenchSetup "$@" >/dev/null
  cat > "$1/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BODY"), "r"); wrk.body = f:read("*a"); f:close()
LUA
  cat > "$1/post-binary.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/octet-stream"
local f = io.open(os.getenv("BODY"), "rb"); wrk.body = f:read("*a"); f:close()
local h = io.open(os.getenv("BODY") .. ".header", "r")
wrk.headers["Inference-Header-Content-Length"] = h:read("*a"); h:close()
LUA
}

# Runs wrk with $CONNECTIONS connections; prints "requests_per_second p99_ms". The body is $work/request.json, or
# what $BODY and $SCRIPT name.
measure() { # url seconds
  BODY="${BODY:-$work/request.json}" wrk -t2 -c"$CONNECTIONS" -d"$2s" --latency -s "${SCRIPT:-$work/post.lua}" "$1" \
    > "$work/wrk.txt"
  if grep -q "Non-2xx" "$work/wrk.txt"; then echo "non-2xx answers from $1:" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$work/wrk.txt")
  echo "$rps $p99"
}
