#!/usr/bin/env bash
# Model Manager benchmarks, in one run:
#  - local store: upload and download of a 1 GiB folder against cp -r (target: within 1.3x of cp), promotion of
#    1 GiB and 1 KiB, the overview of 10,000 versions (target: < 300 ms);
#  - S3 store (S3Proxy on loopback, in process): upload and download of the same folder against the AWS CLI
#    (Debian's awscli, aws s3 cp --recursive) to the same server, interleaved (target: mlops no slower), promotion of
#    1 GiB and 1 KiB on S3 (same time: no bytes copied), the overview of 10,000 versions on S3 (target: < 1 s).
# Needs about 6 GiB free under /tmp. Usage: bash bench/registry.sh [GiB, default 1] [local|s3|both, default both]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${2:-both}
if [[ "$which" != local ]] && [[ ! -x /usr/bin/aws ]]; then
  apt-get install -y awscli >/dev/null || { apt-get update >/dev/null && apt-get install -y awscli >/dev/null; }
fi
mvn -B -q -Dstyle.color=never -pl bench -am package -DskipTests
work="$(mktemp -d /tmp/mlops-registry-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
classpath="bench/target/classes:$(cat bench/target/classpath.txt)"
if [[ "$which" != s3 ]]; then
  java -cp "$classpath" dev.mlops.bench.RegistryBench "$work/local" "${1:-1}"
fi
if [[ "$which" != local ]]; then
  java -cp "$classpath" dev.mlops.bench.S3RegistryBench "$work/s3" "${1:-1}"
fi
