#!/usr/bin/env bash
# The main job: the example Flask project under paas-init.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=dist/paas-init
args=(--root examples/mounts --app-dir examples/flask-app --state-dir "${TMPDIR:-/tmp}/paas-init-example-state")
echo "== paas-init check (where every variable comes from)"
"$bin" check "${args[@]}" || true
echo
echo "== paas-init env --format shell"
"$bin" env --format shell "${args[@]}"
