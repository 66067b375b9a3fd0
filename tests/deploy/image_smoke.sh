#!/usr/bin/env bash
# Builds the Docker image without a Docker engine (podman/buildah, chroot isolation) and smoke-
# tests it: starts octet-server from the image on loopback, calls Classify, Answer and /metrics.
# Slow (a full build inside the image): runs only when OCTET_IMAGE_TEST=1, else exits 77 (skip).
# Needs the Debian packages podman, buildah and debootstrap (installed here when missing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ "${OCTET_IMAGE_TEST:-0}" != "1" ]; then
  echo "image smoke test skipped: set OCTET_IMAGE_TEST=1 to build and run the Docker image"
  exit 77
fi
for tool in podman buildah debootstrap; do
  if ! command -v "$tool" >/dev/null; then
    echo "installing $tool"
    ${SUDO:-} apt-get install -y -qq "$tool" >/dev/null
  fi
done
work="$(mktemp -d)"
ctr=""
cleanup() {
  [ -n "$ctr" ] && buildah rm "$ctr" >/dev/null 2>&1 || true
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A local debian:bookworm(-slim) base from Debian's own archive, as apt on this machine uses it.
if ! podman image exists debian:bookworm-slim; then
  # The first non-security archive apt is configured with (deb822 "URIs:" or one-line "deb" entries).
  mirror="$( { sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
               sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?//p' /etc/apt/sources.list 2>/dev/null \
                 | cut -d' ' -f1 || true; } | tr ' ' '\n' | grep -E '^https?://' | grep -v security | head -n1 || true)"
  mirror="${mirror:-http://deb.debian.org/debian}"
  echo "debootstrap bookworm from the configured Debian mirror"
  debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1
  tar -C "$work/rootfs" -c . | podman import - debian:bookworm-slim >/dev/null
  podman tag debian:bookworm-slim debian:bookworm
  rm -rf "$work/rootfs"
fi

echo "podman build (chroot isolation)"
start=$(date +%s)
podman build --isolation chroot --pull=never -t octet:smoke "$root" >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log"; exit 1; }
size=$(podman image inspect octet:smoke --format '{{.Size}}')
echo "image built in $(( $(date +%s) - start )) s; size $(( size / 1048576 )) MiB"

ctr=$(buildah from octet:smoke)
port=$(( 20000 + RANDOM % 20000 )); mport=$(( port + 1 ))
buildah run --isolation chroot "$ctr" -- octet-server --port="$port" --metrics_port="$mport" \
  --model=sentiment=/opt/octet/models/sentiment --model=sentiment-roberta=/opt/octet/models/sentiment-roberta \
  --model=qa=/opt/octet/models/qa --model=ner=/opt/octet/models/ner \
  >"$work/server.log" 2>&1 &
server_pid=$!
octet="buildah run --isolation chroot $ctr -- octet"
for _ in $(seq 1 120); do
  if $octet health --addr "localhost:$port" >/dev/null 2>&1; then break; fi
  sleep 1
done
$octet health --addr "localhost:$port"
$octet classify --addr "localhost:$port" --model sentiment "What a wonderful, moving film."
$octet classify --addr "localhost:$port" --model sentiment-roberta "What a wonderful, moving film."
$octet answer --addr "localhost:$port" --model qa --question "Where was Ada born?" \
  --context "Ada Lovelace was born in London in 1815."
$octet tag --addr "localhost:$port" --model ner "Angela Merkel met Emmanuel Macron in Berlin."
metrics=$(curl -fsS "http://127.0.0.1:$mport/metrics" || true)
echo "$metrics" | grep -c '^octet_' | sed 's/^/metrics lines starting with octet_: /'
[ -n "$metrics" ] || { echo "no /metrics"; exit 1; }
echo "image smoke test passed"
