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
  jvm_options="$SLEEPER_JIT_OPTIONS"
  archive="${jar%.jar}.jsa"
  if [ -f "$archive" ]; then
    jvm_options="$jvm_options -XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
  # shellcheck disable=SC2086 # jvm_options is a list of options
  "$java_cmd" $jvm_options -jar "$jar" "$@"
}

# C2's thresholds at ten times their defaults (docs/PERFORMANCE.md, start-up).
SLEEPER_JIT_OPTIONS="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000"
