#!/usr/bin/env bash
# The main job: build and install mlops, generate a model repository from the archetype into a scratch folder,
# run its mvn deploy (settings checked, unit tests, service test, deployed to the local platform under a scratch
# mlops home, whose function host starts), call the deployed service over HTTP and print the prediction, and stop
# the host. Safe to run again: the scratch folder is replaced.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
scratch="$root/target/quickstart"
home="$scratch/mlops-home"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
plugin="dev.mlops:mlops-maven-plugin:$version"
mvn_quiet() { mvn -B -q -Dstyle.color=never "$@"; }
stop_host() { (cd "$root" && mvn_quiet -N "$plugin:stop" -Dmlops.home="$home" -Dmlops.platformHost); }

echo "== building and installing mlops $version"
mvn_quiet -f "$root/pom.xml" install -DskipTests

# A host left running by an interrupted earlier run is stopped before its folder goes.
if [ -f "$home/local/host.properties" ]; then
  stop_host || true
fi
rm -rf "$scratch"
mkdir -p "$scratch"

echo "== generating a model repository in $scratch/my-model"
(cd "$scratch" && mvn_quiet org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate \
  -DarchetypeGroupId=dev.mlops -DarchetypeArtifactId=mlops-archetype -DarchetypeVersion="$version" \
  -DgroupId=com.example -DartifactId=my-model -Dversion=1.0-SNAPSHOT -Dpackage=com.example.wells)

cd "$scratch/my-model"
echo "== mvn deploy: unit tests, service test, deployment to the local platform (mlops home $home)"
trap stop_host EXIT
mvn -B -Dstyle.color=never deploy -Dmlops.home="$home" -Dmlops.port=0 \
  | grep -E 'settings valid|Tests run:.*Fail.*Time|: ok \(|deployed|serves on|BUILD|ERROR'
url="$(sed -n 's/^url=//p' "$home/local/host.properties" | sed 's/\\//g')"

echo "== calling my_model-prediction-dev at $url"
request='{"data": {"ACS": [150.0, 200.0], "RDEP": [10.0, 2.5], "DEN": [2.3, 2.5]}}'
echo "request:    $request"
response="$(curl -sS -X POST -H 'Content-Type: application/json' -d "$request" \
  "$url/functions/my_model-prediction-dev/call")"
echo "prediction: $response"
echo "$response" | grep -q '"status":"ok"'
