#!/usr/bin/env bash
# Validates a 100-model mlops_settings.yaml in-process and prints the time per file (target: under 50 ms).
# Usage: bash bench/settings.sh   (from the project root; builds what it needs)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never -pl bench -am package -DskipTests
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.mlops.bench.SettingsBench
