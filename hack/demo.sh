#!/usr/bin/env bash
# The operator's main job on an embedded default: builds the jar if needed, then runs `demo`
# (in-process API server + controller simulator + the real operator) on samples/production.yaml,
# or on the file given with -f.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=operator/target/ams-operator.jar
if [ ! -f "$jar" ] || [ -n "$(find operator/src pom.xml operator/pom.xml -newer "$jar" -print -quit)" ]; then
  mvn -B -ntp -q -DskipTests -Dspotless.check.skip=true package
fi
exec java -jar "$jar" demo "$@"
