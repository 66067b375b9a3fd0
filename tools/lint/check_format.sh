#!/usr/bin/env bash
# Fails when a C++ file of ours differs from what clang-format makes of it (.clang-format at the
# repository root): prints each such file and the start of its diff. Fix with
#   clang-format -i FILE...
#
# Usage: check_format.sh [REPO_ROOT]    exit 0 when every file is formatted, 1 otherwise.
# The files are the git-tracked *.h and *.cc (without git: those under core, server, client,
# tests and fuzz). CLANG_FORMAT names the binary (default clang-format; Debian 12 has version
# 14, which is what CI uses: other major versions may format a few constructs differently).
set -euo pipefail
root=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" >/dev/null; then
  echo "check_format.sh: $clang_format not found (deploy/install-deps.sh installs clang-format)" >&2
  exit 1
fi
cd "$root"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked files and new ones not yet added (but not ignored ones, e.g. build trees).
  mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.h' '*.cc' |
    sort -u | while read -r f; do [ -f "$f" ] && echo "$f"; done)
else
  mapfile -t files < <(find core server client tests fuzz -name '*.h' -o -name '*.cc' 2>/dev/null | sort)
fi
# One clang-format for all files: --dry-run reports "FILE:LINE:COL: warning: code should be
# clang-formatted" for each place that would change.
mapfile -t differ < <("$clang_format" --style=file --dry-run "${files[@]}" 2>&1 |
  sed -n 's/^\(.*\):[0-9]*:[0-9]*: [a-z]*: code should be clang-formatted.*/\1/p' | sort -u)
if [ ${#differ[@]} -eq 0 ]; then
  echo "check_format.sh: ${#files[@]} files, all formatted ($("$clang_format" --version))"
  exit 0
fi
for f in "${differ[@]}"; do
  echo "== $f differs from clang-format:"
  "$clang_format" --style=file "$f" | diff -u "$f" - | sed -n '3,22p' || true
done
echo
echo "check_format.sh: ${#differ[@]} of ${#files[@]} files differ from clang-format; fix with"
echo "  clang-format -i ${differ[*]}"
exit 1
