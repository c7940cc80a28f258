#!/usr/bin/env bash
# The main job: build and install mlops, generate a model repository from the archetype into a scratch folder,
# build it (which validates its mlops_settings.yaml), deploy its bundle to the local platform (a deployment folder
# under a scratch mlops home), start the function host, call the deployed service and print the prediction, and stop
# the host. Safe to run again: the scratch folder is replaced.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
scratch="$root/target/quickstart"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
plugin="dev.mlops:mlops-maven-plugin:$version"
mvn_quiet() { mvn -B -q -Dstyle.color=never "$@"; }

echo "== building and installing mlops $version"
mvn_quiet -f "$root/pom.xml" install -DskipTests

# A host left running by an interrupted earlier run is stopped before its folder goes.
if [ -f "$scratch/my-model/target/mlops-host.properties" ]; then
  (cd "$scratch/my-model" && mvn_quiet "$plugin:stop") || true
fi
rm -rf "$scratch"
mkdir -p "$scratch"

echo "== generating a model repository in $scratch/my-model"
(cd "$scratch" && mvn_quiet org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate \
  -DarchetypeGroupId=dev.mlops -DarchetypeArtifactId=mlops-archetype -DarchetypeVersion="$version" \
  -DgroupId=com.example -DartifactId=my-model -Dversion=1.0-SNAPSHOT -Dpackage=com.example.wells)

cd "$scratch/my-model"
home="$scratch/mlops-home"
echo "== building it and deploying its bundle to the local platform ($home/local/deployments)"
mvn -B -Dstyle.color=never verify "$plugin:bundle" -Dmlops.home="$home" \
  -Dmlops.bundleDirectory="$home/local/deployments" | grep -E 'settings valid|prediction-dev-1: |BUILD|ERROR'

echo "== starting the function host"
mvn -B -Dstyle.color=never "$plugin:start" -Dmlops.home="$home" -Dmlops.port=0 | grep -E 'function host|ERROR'
url="$(sed -n 's/^url=//p' target/mlops-host.properties | sed 's/\\//g')"
trap '(cd "$scratch/my-model" && mvn_quiet "$plugin:stop")' EXIT

echo "== calling my_model-prediction-dev-1 at $url"
request='{"data": {"ACS": [1.0, 2.0], "RDEP": [3.0, 4.0], "DEN": [2.3, 2.4]}}'
echo "request:    $request"
response="$(curl -sS -X POST -H 'Content-Type: application/json' -d "$request" \
  "$url/functions/my_model-prediction-dev-1/call")"
echo "prediction: $response"
echo "$response" | grep -q '"status":"ok"'
