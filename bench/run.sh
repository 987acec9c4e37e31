#!/usr/bin/env bash
# Runs every benchmark and prints ratios against peers measured in the same run.
# BENCH_RUNS=N sets the repetitions (default per bench). Needs root for PID namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/runtime.mjs bench/env-startup.mjs bench/deferred-loads.mjs bench/pid1.mjs bench/migrate.mjs bench/example-startup.mjs bench/kubernetes.mjs "$@"; do
  node "$b"
  echo
done
# Real containers (podman; images built by scripts/container-images.sh): it shares the container
# tests' TypeScript helpers, hence tsx.
node --import tsx bench/container-start.mjs
