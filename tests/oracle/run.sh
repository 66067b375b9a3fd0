#!/usr/bin/env bash
# Differential tokenizer test: COUNT generated texts (tests/oracle/gen_texts.js, seed SEED) encoded
# by the real Hugging Face `tokenizers` crate (npm @anush008/tokenizers, installed into WORK_DIR on
# first use) and by `octet tokenize`, with and without special tokens; every id, token, type id and
# code-point offset must be equal.
#
#   tests/oracle/run.sh OCTET_BIN TOKENIZER_DIR COUNT SEED WORK_DIR [NORMALIZER_JSON]
# TOKENIZER_DIR holds the tokenizer.json both sides load. SEED "daily" is the day's number
# (YYYYDDD), so that CI tries new texts every day; it is printed, to rerun a failure.
# NORMALIZER_JSON, when given, replaces the file's `normalizer` (both sides then load a copy of
# the folder in WORK_DIR), e.g. '{"type":"NFKC"}'.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
octet=$1 tok_dir=$2 count=$3 seed=$4 work=$5 normalizer=${6:-}
name=$(basename "$tok_dir")
if [ "$seed" = daily ]; then seed=$(date -u +%Y%j); fi
echo "tests/oracle/run.sh: $name, $count texts, seed $seed"
mkdir -p "$work"
if [ ! -d "$work/node_modules/@anush008/tokenizers" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
export NODE_PATH="$work/node_modules"
if [ -n "$normalizer" ]; then
  echo "normalizer: $normalizer"
  mkdir -p "$work/tokenizer"
  cp "$tok_dir"/tokenizer*.json "$work/tokenizer/"
  node -e 'const fs = require("fs"); const f = process.argv[1];
           const t = JSON.parse(fs.readFileSync(f, "utf8")); t.normalizer = JSON.parse(process.argv[2]);
           fs.writeFileSync(f, JSON.stringify(t));' "$work/tokenizer/tokenizer.json" "$normalizer"
  tok_dir="$work/tokenizer"
fi
node "$here/gen_texts.js" "$count" "$seed" > "$work/$name.inputs.jsonl"
status=0
for mode in special no-special; do
  node "$here/oracle.js" "$tok_dir/tokenizer.json" "--$mode" < "$work/$name.inputs.jsonl" \
    > "$work/$name.$mode.expected.jsonl"
  flag=(); [ "$mode" = no-special ] && flag=(--no-special)
  "$octet" tokenize --model "$tok_dir" "${flag[@]}" < "$work/$name.inputs.jsonl" \
    > "$work/$name.$mode.ours.jsonl"
  node "$here/compare.js" "$work/$name.inputs.jsonl" "$work/$name.$mode.expected.jsonl" \
    "$work/$name.$mode.ours.jsonl" "$name --$mode" || status=1
done
exit $status
