#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, LeakSanitizer on) in their own build
# directory, replays every kept crash input, then fuzzes each target for a fixed time starting from
# its committed seed corpus. Fails on any crash, leak, out-of-memory or per-input timeout.
#
#   fuzz/run.sh [--build-dir DIR] [--seconds N] [--jobs J] [TARGET...]
#
# Defaults: build-fuzz/ at the repository root, 60 s per target, all targets (fuzz/*_fuzz.cc).
# New inputs found while fuzzing go to DIR/corpus/TARGET (the committed seeds stay untouched); a
# failing input is written to DIR/artifacts/TARGET/ — add it to fuzz/crashes/TARGET/ with the fix.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-fuzz"
seconds=60
jobs=2
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    -*) echo "fuzz/run.sh: unknown option '$1'" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$root"/fuzz/*_fuzz.cc; do targets+=("$(basename "$src" .cc)"); done
fi
command -v clang++ >/dev/null || { echo "fuzz/run.sh: clang++ not found (deploy/install-deps.sh)" >&2; exit 2; }

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DOCTET_FUZZ=ON \
  -DOCTET_SANITIZE=address -DOCTET_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS=-gline-tables-only >/dev/null
nice cmake --build "$build" -j"$jobs" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
summary=""
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  seeds="$root/fuzz/corpus/$t"
  crashes="$root/fuzz/crashes/$t"
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  mkdir -p "$work" "$artifacts" "$seeds"
  log="$build/$t.log"
  # Kept crash inputs must stay fixed.
  if [ -d "$crashes" ] && [ -n "$(ls -A "$crashes")" ]; then
    if ! "$bin" -runs=1 -rss_limit_mb=2048 -timeout=10 "$crashes"/* >"$build/$t.replay.log" 2>&1; then
      echo "fuzz/run.sh: $t: a kept crash input fails again (see $build/$t.replay.log)" >&2
      failed+=("$t")
      continue
    fi
  fi
  start=$(date +%s)
  if "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$artifacts" "$work" "$seeds" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$t")
    tail -n 40 "$log" >&2
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  corpus=$(ls "$work" | wc -l)
  line=$(printf '%-26s %-6s %10s execs in %3d s, %5d new corpus inputs' "$t" "$status" "$execs" \
         $(( $(date +%s) - start )) "$corpus")
  echo "$line"
  summary+="$line"$'\n'
done
echo
echo "fuzz/run.sh summary:"
printf '%s' "$summary"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: FAILED: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
