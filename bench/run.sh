#!/usr/bin/env bash
# One command: bench/run.sh  (env: SCRATCH=/tmp/artifact-bench SIZE=1.0e9 LAYOUT=checkpoint|single REPS=3 SLOW_REPS=1 (0 skips tar czf and Python)
#   OURS_EXTRA="label=/path/to/other-artifact-io.jar" to time another build in the same run,
#   MVN="mvn -Dmaven.repo.local=..." to build with another local repository)
# Generates the experiment outside the repo, builds artifact-io in the reactor (nothing is
# installed), times ours and the peers in one run and prints min/median and ratios (also in
# $SCRATCH/results.md); docs/PERFORMANCE.md holds the current figures. Not part of mvn verify.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export SCRATCH=${SCRATCH:-/tmp/artifact-bench}
command -v pigz >/dev/null || apt-get install -y pigz >/dev/null
mkdir -p "$SCRATCH/classes"
. "$ROOT/bench/experiment.sh"
# artifact-io's runtime classpath; artifact-core comes from the reactor (its target/ jar).
(cd "$ROOT" && ${MVN:-mvn} -B -q -o -pl artifact-io -am package dependency:build-classpath \
  -DskipTests -Dmaven.javadoc.skip=true -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$SCRATCH/deps.txt" >/dev/null)
mkdir -p "$SCRATCH/lib"
DEPS=""
for dep in $(tr ':' ' ' < "$SCRATCH/deps.txt"); do
  case "$dep" in "$ROOT"/*) cp "$dep" "$SCRATCH/lib/"; dep="$SCRATCH/lib/$(basename "$dep")";; esac
  DEPS="${DEPS:+$DEPS:}$dep"
done
JAR=$(ls "$ROOT"/artifact-io/target/artifact-io-*.jar | grep -v -e sources -e javadoc -e tests | head -1)
cp "$JAR" "$SCRATCH/now.jar"; JAR="$SCRATCH/now.jar"  # a rebuild during the run changes nothing
javac -d "$SCRATCH/classes" -cp "$JAR:$DEPS" "$ROOT/bench/OursOp.java"
OURS="[[\"${OURS_LABEL:-now}\", \"$JAR:$DEPS\"]"
for extra in ${OURS_EXTRA:-}; do
  OURS="$OURS, [\"${extra%%=*}\", \"${extra#*=}:$DEPS\"]"
done
export OURS="$OURS]"
python3 "$ROOT/bench/bench.py"
echo "the table: $SCRATCH/results.md"
