#!/usr/bin/env bash
# Builds the images the container tests and bench run, locally (there is no registry to pull from):
#   localhost/paas-init-test/bookworm-slim:KEY  Debian bookworm, debootstrap --variant=minbase, imported
#                                               (also tagged docker.io/library/debian:bookworm-slim, so
#                                               an unchanged `FROM debian:bookworm-slim` builds)
#   localhost/paas-init-test/flask-rock:KEY     the Flask example laid out as rockcraft lays out a rock
#   localhost/paas-init-test/django-rock:KEY    the same for the Django example
#   localhost/paas-init-test/dockerfile-example:KEY  Dockerfile.example, unchanged
# KEY is a hash of what each image is made from, so an image is rebuilt only when that changes;
# other worktrees on this machine share podman's store, so older keys are left for them.
# The debootstrap root is kept as a tarball under .cache/containers/ (CI starts without it).
# Prints one `name=image` line per image. Usage: scripts/container-images.sh [--quiet]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CONTAINERS_CONF="$root/containers/containers.conf"
cache="$root/.cache/containers"
mkdir -p "$cache"
log() { [ "${1:-}" = "" ] || printf 'container-images: %s\n' "$*" >&2; }

# Several test files (and worktrees' runs of this script) may ask at once: one builder at a time.
exec 9>"$cache/lock"
flock 9

suite=bookworm
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}

hash() { sha256sum | cut -c1-16; }
image_exists() { podman image exists "$1"; }

base_key=$(printf '%s\n' "$suite" minbase "$mirror" "$(sed -n '/^build_base()/,/^}/p' "$0")" | hash)
base="localhost/paas-init-test/bookworm-slim:$base_key"

build_base() {
  local tarball="$cache/$suite-minbase-$base_key.tar"
  if [ ! -s "$tarball" ]; then
    log "debootstrap --variant=minbase $suite from $mirror"
    local rootfs
    rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
      || { tail -20 "$cache/debootstrap.log" >&2; rm -rf "$rootfs"; exit 1; }
    # As Debian's slim images: no package lists nor caches left in the image.
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
    find "$cache" -maxdepth 1 -name "$suite-minbase-*.tar" ! -name "$(basename "$tarball")" -delete
  fi
  log "podman import $base"
  podman import --quiet --change 'CMD ["bash"]' "$tarball" "$base" >/dev/null
}


image_exists "$base" || build_base
podman tag "$base" docker.io/library/debian:bookworm-slim
echo "base=$base"

# An image built from a Containerfile with the repository as context: its KEY hashes the
# Containerfile, the files it copies and the base it starts from.
build() {
  local name=$1 file=$2; shift 2
  local key
  key=$( { echo "$base"; cat "$file"; printf '%s\n' "$@"; find "${copied[@]}" -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum; } | hash)
  local image="localhost/paas-init-test/$name:$key"
  if ! image_exists "$image"; then
    log "podman build $image ($file)"
    podman build --pull=never --network host --from "$base" -f "$file" "$@" -t "$image" . >"$cache/$name.build.log" 2>&1 \
      || { tail -30 "$cache/$name.build.log" >&2; exit 1; }
  fi
  echo "$name=$image"
}

copied=(dist/paas-init examples/flask-app)
build dockerfile-example Dockerfile.example
copied=(test/fixtures/rocks examples/flask-app examples/django-app)
build flask-rock test/fixtures/rocks/Containerfile --build-arg FRAMEWORK=flask --build-arg ROCK=flask-app
build django-rock test/fixtures/rocks/Containerfile --build-arg FRAMEWORK=django --build-arg ROCK=django-app
