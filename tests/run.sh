#!/usr/bin/env bash
# Installs what the build needs, builds Octet (Release) and runs every test with ctest.
# Usage: bash tests/run.sh            (from the repository root or anywhere)
# Environment: OCTET_BUILD_DIR (default build), OCTET_JOBS (default: number of cores).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${OCTET_BUILD_DIR:-$root/build}"
jobs="${OCTET_JOBS:-$(nproc)}"

bash "$root/deploy/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" -j"$jobs"
ctest --test-dir "$build" --output-on-failure -j"$jobs"
