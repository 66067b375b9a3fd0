#!/usr/bin/env bash
# The slower checks that complement the default test command: the unit and service tests under
# ASan + UBSan (LeakSanitizer on), the scheduler / worker tests under TSan, the fuzz targets, and
# clang-tidy (.clang-tidy at the root) over our sources, and the mutation harness
# (tests/mutation/: planted bugs that named tests must catch), and the HTTP/2 attack suite
# (tests/security/run.py: attacks on a running server, directly and through the nginx front).
# Each stage configures its own
# build directory and prints how long it took. Every clang build compiles with -Wthread-safety
# and -Werror (the root CMakeLists.txt), so the lock annotations are checked in each stage.
#
#   tests/ci_extra.sh [--stages asan,tsan,fuzz,tidy,mutation,security] [--fuzz-seconds 60]
#                     [--jobs 2] [--mutants N | --mutants all] [--tidy-share N | --tidy-share all]
#                     [--security-cases N | all]
#
# The tidy stage checks every file (--tidy-share all, the default) or, with --tidy-share N, one
# N-th of them a day: the files sorted by path, those whose position is the day of the year
# modulo N, so every file is checked once in N days.
# The mutation stage runs N mutants a day (default 6 of the list, a window that moves with the
# day of the year, so every mutant runs within a few days) or all of them with --mutants all;
# its build directory is build-mutation (OCTET_MUTATION_DIR overrides it), a GCC build like the
# default one.
#
# The security stage runs 3 of the attack suite's cases a day (a window that moves with the day
# of the year; each case takes 30 to 45 s: a server start, a 15 s attack, up to 10 s of recovery)
# or all of them with --security-cases all (about 8 minutes). It uses the default build's
# octet-server (OCTET_BUILD_DIR, default build), building it when missing.
#
# Build directories default to build-ci-asan, build-ci-tsan, build-fuzz and build-ci-tidy at the
# repository root (OCTET_ASAN_DIR / OCTET_TSAN_DIR / OCTET_FUZZ_DIR / OCTET_TIDY_DIR override
# them). The ISA-capped reruns
# (*_isa_*) are left out: they repeat the numeric suites with other kernels, which the
# sanitizers gain nothing from, and cost the most time.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
stages="asan,tsan,fuzz,tidy"
fuzz_seconds=60
jobs=2
mutants=6
tidy_share=all
security_cases=3
while [ $# -gt 0 ]; do
  case "$1" in
    --stages) stages=$2; shift 2 ;;
    --fuzz-seconds) fuzz_seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --mutants) mutants=$2; shift 2 ;;
    --tidy-share) tidy_share=$2; shift 2 ;;
    --security-cases) security_cases=$2; shift 2 ;;
    *) echo "tests/ci_extra.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
asan_dir=${OCTET_ASAN_DIR:-$root/build-ci-asan}
tsan_dir=${OCTET_TSAN_DIR:-$root/build-ci-tsan}
fuzz_dir=${OCTET_FUZZ_DIR:-$root/build-fuzz}
tidy_dir=${OCTET_TIDY_DIR:-$root/build-ci-tidy}
mutation_dir=${OCTET_MUTATION_DIR:-$root/build-mutation}
# Not under a sanitizer: the ISA reruns (above), the suites that need trained demo models or a
# container engine, the memory-growth test (ASan's quarantine of freed blocks grows the RSS
# by design), the source-tree checks (lint_*: no compiled code) and the differential tokenizer
# tests (tokenizer_oracle_*: the fuzzers cover the tokenizer under sanitizers).
asan_exclude='_isa_|DemoModels|docker_image_smoke|deploy_manifests|ServerMemory|lint_|tokenizer_oracle'
# The threaded scheduler and worker suites: in-process, with a fake model. Their TSan build links
# tests/tsan_absl_sync.cc, which makes Debian's uninstrumented absl::Mutex and absl::Status
# reference count visible to TSan (without it: ~1,100 false reports per run; tsan_absl_sync_test
# checks the patterns); no suppressions are needed.
tsan_tests=(tsan_absl_sync_test batcher_test batch_policy_test worker_pool_test job_lifecycle_test)

timings=""
stage_start=0
begin() { stage_start=$(date +%s); echo "== $1"; }
finish() {
  local line
  line=$(printf '%-5s %5d s' "$1" $(( $(date +%s) - stage_start )))
  timings+="$line"$'\n'
  echo "== $line"
}
configure() {  # DIR SANITIZER
  CC=clang CXX=clang++ cmake -S "$root" -B "$1" -DCMAKE_BUILD_TYPE=Release \
    -DOCTET_SANITIZE="$2" -DCMAKE_CXX_FLAGS=-gline-tables-only >/dev/null
}

if [[ ",$stages," == *",asan,"* ]]; then
  begin asan
  configure "$asan_dir" address
  nice cmake --build "$asan_dir" -j"$jobs"
  # detect_leaks is on by default on x86-64 Linux; said here so that nobody turns it off.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$asan_dir" -E "$asan_exclude" -j"$jobs" --output-on-failure --timeout 1200
  finish asan
fi

if [[ ",$stages," == *",tsan,"* ]]; then
  begin tsan
  configure "$tsan_dir" thread
  nice cmake --build "$tsan_dir" -j"$jobs" --target "${tsan_tests[@]}"
  for t in "${tsan_tests[@]}"; do
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" \
      "$tsan_dir/tests/$t"
  done
  finish tsan
fi

if [[ ",$stages," == *",fuzz,"* ]]; then
  begin fuzz
  "$root/fuzz/run.sh" --build-dir "$fuzz_dir" --seconds "$fuzz_seconds" --jobs "$jobs"
  finish fuzz
fi

if [[ ",$stages," == *",tidy,"* ]]; then
  begin tidy
  # The compile commands of a clang build with the fuzz targets, so that fuzz/ is covered too.
  # Only the generated protobuf headers are built; clang-tidy parses everything else itself.
  CC=clang CXX=clang++ cmake -S "$root" -B "$tidy_dir" -DCMAKE_BUILD_TYPE=Release -DOCTET_FUZZ=ON \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  nice cmake --build "$tidy_dir" -j"$jobs" --target octet_proto
  # The product's sources and the fuzz targets; not tests/: its ~40 suites, each parsing gRPC
  # and gtest, would double the stage's time (about 30 s of CPU per file) for test-only code.
  ours="^$root/(core|server|client|fuzz)/"
  # .clang-tidy makes every warning an error, so run-clang-tidy exits non-zero on any; the grep
  # is a second guard in case a check's findings are not counted as errors.
  files=("$ours")
  if [ "$tidy_share" != all ]; then
    day=$((10#$(date +%j)))
    mapfile -t files < <(python3 - "$tidy_dir/compile_commands.json" "$ours" "$tidy_share" "$day" <<'PY'
import json, re, sys
path, pattern, share, day = sys.argv[1], re.compile(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ours = sorted({e["file"] for e in json.load(open(path)) if pattern.search(e["file"])})
for i, f in enumerate(ours):
    if i % share == day % share:
        print(re.escape(f) + "$")
PY
    )
    echo "tidy: ${#files[@]} files today (one ${tidy_share}-th; all: --tidy-share all)"
  fi
  set +e
  nice run-clang-tidy -p "$tidy_dir" -j "$jobs" -quiet -header-filter="$ours" "${files[@]}" \
    >"$tidy_dir/clang-tidy.log" 2>&1
  tidy_rc=$?
  set -e
  grep -E '(warning|error): ' "$tidy_dir/clang-tidy.log" | sort -u || true
  if [ "$tidy_rc" -ne 0 ] || grep -qE '(warning|error): ' "$tidy_dir/clang-tidy.log"; then
    echo "tidy: clang-tidy found problems (exit $tidy_rc; full log: $tidy_dir/clang-tidy.log)"
    exit 1
  fi
  echo "tidy: clean ($(grep -c '"file"' "$tidy_dir/compile_commands.json") files in the build)"
  finish tidy
fi

if [[ ",$stages," == *",mutation,"* ]]; then
  begin mutation
  if [ "$mutants" = all ]; then
    mutation_args=(--all)
  else
    mutation_args=(--count "$mutants")
  fi
  nice python3 "$root/tests/mutation/run.py" "${mutation_args[@]}" --jobs "$jobs" \
    --scratch "$mutation_dir"
  finish mutation
fi

if [[ ",$stages," == *",security,"* ]]; then
  begin security
  security_build=${OCTET_BUILD_DIR:-$root/build}
  if [ ! -x "$security_build/server/octet-server" ]; then
    cmake -S "$root" -B "$security_build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    nice cmake --build "$security_build" -j"$jobs" --target octet-server
  fi
  if [ "$security_cases" = all ]; then
    security_args=(--all)
  else
    security_args=(--rotate "$security_cases")
  fi
  # Debian's python3 (python3-grpcio, python3-h2), not a python3 earlier on PATH.
  /usr/bin/python3 "$root/tests/security/run.py" "${security_args[@]}" --seconds 15 \
    --server "$security_build/server/octet-server"
  finish security
fi

echo
echo "tests/ci_extra.sh: stage times"
printf '%s' "$timings"
