#!/usr/bin/env bash
# The main job: the example Flask app under paas-init, as its container would run it. It starts
# blocked (no PostgreSQL binding yet), then the binding is mounted and the app serves.
# Stop it with Ctrl-C (paas-init stops gunicorn gracefully and exits 0).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8000}"
db=flask_app
work="$(mktemp -d "${TMPDIR:-/tmp}/paas-init-example.XXXXXX")"
# Debian's python3 has Flask, gunicorn and psycopg2; put it first whatever else is on PATH.
export PATH="/usr/bin:/bin:$PATH"

# Another server on the port would answer in the app's place.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "example: port $port is already in use by another process; stop it or set PORT" >&2
  exit 1
fi

psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "$db"

# The mounts, as Kubernetes would lay them out: config (ConfigMap), secrets (Secret), no binding yet.
cp -r examples/mounts/config examples/mounts/secrets "$work/"
mkdir -p "$work/bindings"

dist/paas-init run --root "$work" --app-dir examples/flask-app --state-dir "$work/state" --port "$port" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid; rm -rf "$work"' EXIT INT TERM

sleep 2
echo "example: mounting the PostgreSQL binding (Service Binding layout) at $work/bindings/postgresql" >&2
mkdir "$work/stage"
printf postgresql > "$work/stage/type"
printf 'postgresql://postgres@127.0.0.1:5432/%s' "$db" > "$work/stage/uri"
mv "$work/stage" "$work/bindings/postgresql"

served=false
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/status.json" >/dev/null 2>&1; then served=true; break; fi
  sleep 0.2
done
echo
if [ "$served" != true ]; then
  echo "example: the app did not serve on port $port within 20 s (paas-init's log above says why)" >&2
  exit 1
fi
echo "example: serving at http://localhost:$port/  (Ctrl-C to stop)"
curl -fsS "http://127.0.0.1:$port/status.json" && echo
wait $pid
