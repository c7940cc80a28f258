#!/usr/bin/env bash
# The main job: build and install mlops, generate a model repository from the archetype into a scratch folder,
# and build it there (which validates its mlops_settings.yaml). Safe to run again: the scratch folder is replaced.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
scratch="$root/target/quickstart"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"

echo "== building and installing mlops $version"
mvn -B -q -Dstyle.color=never -f "$root/pom.xml" install -DskipTests

echo "== generating a model repository in $scratch/my-model"
rm -rf "$scratch"
mkdir -p "$scratch"
(cd "$scratch" && mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate \
  -DarchetypeGroupId=dev.mlops -DarchetypeArtifactId=mlops-archetype -DarchetypeVersion="$version" \
  -DgroupId=com.example -DartifactId=my-model -Dversion=1.0-SNAPSHOT -Dpackage=com.example.wells)

echo "== building the model repository (mvn verify runs mlops:validate)"
(cd "$scratch/my-model" && mvn -B -Dstyle.color=never verify) | grep -E 'mlops:|settings valid|BUILD|ERROR'
