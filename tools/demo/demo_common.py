"""Shared helpers for the demo-model scripts (tools/demo/): repository paths, the demo
vocabulary, a cached WordPiece tokenizer with character offsets, JSON-lines I/O.

Everything is located relative to this file, so the scripts run from any working directory.
"""

import argparse
import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(os.path.dirname(TOOLS_DIR))
REFERENCE_DIR = os.path.join(REPO_DIR, "tests", "reference")
MODELS_DIR = os.path.join(REPO_DIR, "deploy", "models")
VOCAB_PATH = os.path.join(TOOLS_DIR, "vocab.txt")

if REFERENCE_DIR not in sys.path:
    sys.path.insert(0, REFERENCE_DIR)
if TOOLS_DIR not in sys.path:
    sys.path.insert(0, TOOLS_DIR)

import bert_tokenizer  # noqa: E402  (tests/reference)

_ASCII_WORD = re.compile(r"[A-Za-z0-9]+|[!-/:-@\[-`{-~]")


class Tokenizer:
    """The BERT WordPiece tokenizer of tests/reference/bert_tokenizer.py (lowercase, or cased
    with lowercase=False), with a fast path for ASCII text (regex pre-tokenization, per-word
    cache). Non-ASCII text goes through the reference implementation. Both give identical tokens
    and offsets (checked by build_vocab.py)."""

    def __init__(self, vocab, lowercase=True):
        self.lowercase = lowercase
        self.ref = bert_tokenizer.BertTokenizer(vocab, do_lower_case=lowercase)
        self.vocab = self.ref.vocab
        self.vocab_list = self.ref.vocab_list
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        self.pad_id = self.vocab["[PAD]"]
        self.unk_id = self.vocab["[UNK]"]
        self.mask_id = self.vocab["[MASK]"]
        self._cache = {}

    def _word(self, word):
        pieces = self._cache.get(word)
        if pieces is None:
            out = self.ref._wordpiece([(c, i) for i, c in enumerate(word)])
            pieces = [(self.vocab[t], s, e) for t, s, e in out]
            self._cache[word] = pieces
        return pieces

    def tokenize(self, text):
        """Returns (ids, offsets [start, end) in characters, word index per token)."""
        if not text.isascii():
            toks, offs, words = self.ref.tokenize(text)
            return [self.vocab[t] for t in toks], offs, words
        ids, offsets, word_ids = [], [], []
        for w, m in enumerate(_ASCII_WORD.finditer(text)):
            start = m.start()
            word = m.group()
            for tid, s, e in self._word(word.lower() if self.lowercase else word):
                ids.append(tid)
                offsets.append([start + s, start + e])
                word_ids.append(w)
        return ids, offsets, word_ids


def load_vocab(path=VOCAB_PATH):
    return bert_tokenizer.read_vocab_txt(path)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(rows, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def split_main(name, doc, splits, default_train, unit):
    """The generators' command line: --out DIR [--train N] [--test N] [--seed S]; writes
    DIR/train.jsonl and DIR/test.jsonl from splits(seed, n_train, n_test)."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--train", type=int, default=default_train)
    ap.add_argument("--test", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    train, test = splits(args.seed, args.train, args.test)
    write_jsonl(train, os.path.join(args.out, "train.jsonl"))
    write_jsonl(test, os.path.join(args.out, "test.jsonl"))
    print(f"{name}: {len(train)} train, {len(test)} test{unit} -> {args.out}")
