#!/usr/bin/env bash
# Shows that the lint checks can fail: runs check_format.sh and check_layers.py on small trees
# made here, each with a known fault, and expects each fault to be reported (and a clean tree
# to pass). Exit 0 when every expectation holds.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
expect() {  # NAME WANT_RC GOT_RC OUTPUT [TEXT...]: the exit code and each TEXT in OUTPUT
  local name=$1 want=$2 got=$3 out=$4
  shift 4
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, expected $want; output:"$'\n'"$out"
    failures=$((failures + 1))
    return
  fi
  for text in "$@"; do
    if [[ "$out" != *"$text"* ]]; then
      echo "FAIL $name: output lacks '$text'; output:"$'\n'"$out"
      failures=$((failures + 1))
      return
    fi
  done
  echo "ok   $name"
}
run() {  # DIR COMMAND...: sets rc and out
  local dir=$1
  shift
  set +e
  out=$(cd "$dir" && "$@" 2>&1)
  rc=$?
  set -e
}

# --- check_format.sh: one file formatted, one not.
fmt=$tmp/format
mkdir -p "$fmt/core/base" "$fmt/server"
cp "$here/../../.clang-format" "$fmt/"
git -C "$fmt" init -q
printf 'int Add(int a, int b) { return a + b; }\n' >"$fmt/core/base/good.cc"
printf 'int  Sub( int a,int b ){return a-b;}\n' >"$fmt/server/bad.h"
run "$fmt" bash "$here/check_format.sh" "$fmt"
expect "format: a misformatted file fails and is named" 1 "$rc" "$out" "server/bad.h" \
  "1 of 2 files differ"
if [[ "$out" == *"core/base/good.cc"* ]]; then
  echo "FAIL format: the formatted file is named too:"$'\n'"$out"
  failures=$((failures + 1))
fi
clang-format -i "$fmt/server/bad.h"
run "$fmt" bash "$here/check_format.sh" "$fmt"
expect "format: the same tree once formatted passes" 0 "$rc" "$out" "2 files, all formatted"

# --- check_layers.py: an upward include, a cycle, a forbidden include; then a clean tree.
lay=$tmp/layers
mkdir -p "$lay/core/base" "$lay/core/layers" "$lay/core/io"
printf '#include "core/layers/linear.h"\n' >"$lay/core/base/up.h"
printf '#include "core/base/status.h"\n' >"$lay/core/layers/linear.h"
printf '#include "core/io/b.h"\n' >"$lay/core/io/a.h"
printf '#include "core/io/a.h"\n' >"$lay/core/io/b.h"
printf '#include "grpcpp/grpcpp.h"\n' >"$lay/core/base/status.h"
run "$lay" "$python" "$here/check_layers.py" "$lay"
expect "layers: upward include, cycle and gRPC include fail" 1 "$rc" "$out" \
  "core/base/up.h: includes 'core/layers/linear.h' from floor 'layers'" "include cycle: core/io/a.h" \
  "core/base/status.h: includes 'grpcpp/grpcpp.h'"
rm "$lay/core/base/up.h" "$lay/core/io/b.h"
printf '\n' >"$lay/core/base/status.h"
printf '#include "core/base/status.h"\n' >"$lay/core/io/a.h"
run "$lay" "$python" "$here/check_layers.py" "$lay"
expect "layers: a tree that only includes downward passes" 0 "$rc" "$out" "core/ layering clean"

if [ "$failures" -ne 0 ]; then
  echo "selftest.sh: $failures failure(s)"
  exit 1
fi
echo "selftest.sh: all lint checks report the faults they should"
