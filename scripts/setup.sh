#!/usr/bin/env bash
# Sets up a fresh machine for paas-init: npm packages, the Debian packages the examples and
# tests use, and the local services they talk to. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }

# This machine's Node runs the build tools and the tests (the binary embeds the pinned Node 24
# from package-lock.json instead); the tests use process.getBuiltinModule: >= 20.16.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 16) ? 0 : 1)' \
  || { log "Node.js >= 20.16 is needed (found $(node --version 2>/dev/null || echo none))"; exit 1; }

debs=(tini dumb-init gunicorn python3-flask python3-django python3-psycopg2 time procps util-linux postgresql-client curl hyperfine
  # the linux-arm64 binary: stripped with the cross binutils, run (build checks, tests) under qemu-user
  qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross binutils-aarch64-linux-gnu)
# The container tests' runtime (test/containers/): podman with runc (crun refuses this machine's hybrid
# cgroups; containers/containers.conf says so) and debootstrap for the local base images. As root,
# podman needs neither uidmap nor fuse-overlayfs (the kernel's overlay works), nor buildah (podman build).
debs+=(podman runc debootstrap)
missing=()
for p in "${debs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL on 127.0.0.1:5432 (the machine starts it; start it again if it stopped).
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { log "PostgreSQL is not reachable on 127.0.0.1:5432"; exit 1; }

# MariaDB on 127.0.0.1:3306 (root, no password): the MySQL migration lock tests use it.
if command -v mariadbd >/dev/null && ! mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
  log "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  for _ in $(seq 1 30); do mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1 && break; sleep 1; done
fi

# Redis and RabbitMQ on loopback: the integration tests connect to them.
if command -v redis-server >/dev/null && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
if command -v rabbitmq-server >/dev/null && ! rabbitmqctl -q status >/dev/null 2>&1; then
  log "starting RabbitMQ"
  rabbitmq-server -detached || true
  for _ in $(seq 1 60); do rabbitmqctl -q status >/dev/null 2>&1 && break; sleep 1; done
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
log "ready"
