#!/usr/bin/env bash
# Model Manager benchmark: upload and download of a 1 GiB folder against cp -r in the same run (target: within
# 1.3x of cp), promotion of a 1 GiB and a 1 KiB artifact, and the overview of 10,000 versions (target: < 300 ms).
# Needs about 4 GiB free under /tmp. Usage: bash bench/registry.sh [GiB, default 1]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never -pl bench -am package -DskipTests
work="$(mktemp -d /tmp/mlops-registry-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.mlops.bench.RegistryBench "$work" "${1:-1}"
