#!/usr/bin/env bash
# One command: bench/run.sh  (env: SCRATCH=/tmp/artifact-bench SIZE=1.0e9 REPS=3 SLOW_REPS=1 (0 skips tar czf and Python)
#   OURS_EXTRA="label=/path/to/other-artifact-io.jar" to time another build in the same run)
# Generates the experiment outside the repo, times ours and the peers in one run, prints
# min/median and ratios, and writes them into the "## Packaging and import" section of
# docs/PERFORMANCE.md. Not part of mvn verify.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export SCRATCH=${SCRATCH:-/tmp/artifact-bench}
SIZE=${SIZE:-1.0e9}
command -v pigz >/dev/null || apt-get install -y pigz >/dev/null
python3 -c 'import numpy' 2>/dev/null || pip install -q numpy
mkdir -p "$SCRATCH/classes"
if [ ! -f "$SCRATCH/src/.done-$SIZE" ]; then
  rm -rf "$SCRATCH/src"; python3 "$ROOT/bench/gen.py" "$SCRATCH/src/exp_bench" "$SIZE"
  touch "$SCRATCH/src/.done-$SIZE"  # outside exp_bench: not packed
fi
(cd "$ROOT" && mvn -B -q -o install -pl artifact-core,artifact-io -DskipTests -Dmaven.javadoc.skip=true)
(cd "$ROOT/artifact-io" && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$SCRATCH/deps.txt" >/dev/null)
DEPS=$(cat "$SCRATCH/deps.txt")
JAR=$(ls "$ROOT"/artifact-io/target/artifact-io-*.jar | grep -v -e sources -e javadoc -e tests | head -1)
cp "$JAR" "$SCRATCH/now.jar"; JAR="$SCRATCH/now.jar"  # a rebuild during the run changes nothing
javac -d "$SCRATCH/classes" -cp "$JAR:$DEPS" "$ROOT/bench/OursOp.java"
OURS="[[\"${OURS_LABEL:-now}\", \"$JAR:$DEPS\"]"
for extra in ${OURS_EXTRA:-}; do
  OURS="$OURS, [\"${extra%%=*}\", \"${extra#*=}:$DEPS\"]"
done
export OURS="$OURS]"
python3 "$ROOT/bench/bench.py"
python3 - "$ROOT/docs/PERFORMANCE.md" "$SCRATCH/results.md" <<'PY'
import os, re, sys
doc, res = sys.argv[1], open(sys.argv[2]).read()
os.makedirs(os.path.dirname(doc), exist_ok=True)
text = open(doc).read() if os.path.exists(doc) else "# Performance\n"
head = "## Packaging and import"
marker_a, marker_b = "<!-- bench:begin -->", "<!-- bench:end -->"
block = f"{marker_a}\n{res}{marker_b}"
if head not in text:
    text = text.rstrip("\n") + f"\n\n{head}\n\n{block}\n"
elif marker_a in text:
    text = re.sub(re.escape(marker_a) + ".*?" + re.escape(marker_b), lambda m: block, text, flags=re.S)
else:
    text = text.replace(head + "\n", f"{head}\n\n{block}\n", 1)
open(doc, "w").write(text)
print("updated", doc)
PY
