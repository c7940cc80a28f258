# Sourced by the host benchmarks: builds the bench module, sets CP to its class path, and prepares in the folder $1
# the linear model's deployments ($2 bundles), request.json (100 rows), request.bin (the same rows as binary tensors),
# post.lua (wrk posting request.json) and post-binary.lua (wrk posting $BODY with its binary header).
prepare_host_bench() { # work bundles
  mvn -B -q -Dstyle.color=never -pl bench -am package -DskipTests
  CP="bench/target/classes:$(cat bench/target/classpath.txt)"
  java -cp "$CP" dev.mlops.bench.HostBenchSetup "$1" "$2" >/dev/null
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
