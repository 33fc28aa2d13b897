#!/usr/bin/env bash
# The operator's main job on an embedded default: builds the demo jar if needed, then runs it
# (in-process API server + controller simulator + the real operator) on samples/production.yaml,
# or on the file given with -f. The demo jar is operator/demo: the operator plus the test kit,
# which the operator jar itself never carries.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=operator/demo/target/ams-operator-demo.jar
if [ ! -f "$jar" ] || [ -n "$(find operator pom.xml -path "*/target" -prune -o \( -name "*.java" -o -name pom.xml -o -path "*/src/main/resources/*" \) -newer "$jar" -print -quit)" ]; then
  mvn -B -ntp -q -DskipTests -Dspotless.check.skip=true package
fi
exec java -jar "$jar" "$@"
