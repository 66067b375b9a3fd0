#!/usr/bin/python3
"""Trains a GPT-2-style byte-level BPE vocabulary on the demo sentiment training sentences, for a
RoBERTa-family demo model, and writes it in the Hugging Face formats:

  vocab.json       token -> id ({"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, the 256 byte
                   symbols, then one token per merge, "<mask>" last)
  merges.txt       "#version: 0.2" and one merge per line, in the order they were learned
  tokenizer.json   BPE model (no unk token, no subword prefix), ByteLevel pre-tokenizer
                   (add_prefix_space false, trim_offsets true, use_regex true), RobertaProcessing
                   post-processor (<s> ... </s></s> ... </s>), ByteLevel decoder, and the added
                   special tokens (<mask> with lstrip true, as roberta-base has it)

How it works: every sentence is split into pre-tokens with the GPT-2 pattern (contractions,
optionally space-prefixed runs of letters, of digits, of other symbols, whitespace), each
pre-token's UTF-8 bytes are written with GPT-2's printable byte alphabet (a space becomes "Ġ"),
and the most frequent adjacent pair of symbols inside pre-tokens is merged, again and again, until
the vocabulary has --vocab-size entries. Ties go to the pair that sorts first, so the result only
depends on the data (make_sentiment_data.py, seeded) and the options.

Python's re module has no \\p{L} / \\p{N}: letters are [^\\W\\d_] and numbers \\d here, which is the
same split as the regex module's for the ASCII and Latin text of the demo data.

With --from DIR --merges K it learns nothing: it keeps the first K merges of an existing
byte-level BPE (DIR/merges.txt, e.g. roberta-base's, whose merges are in the order they were
learnt on web text) and numbers the tokens as above. A prefix of a BPE merge list is itself a
complete BPE vocabulary: words whose merges all come early are one token as in the full one,
rarer words are spelled in more pieces. The committed tools/demo/bpe-sentiment is
roberta-base's first 30,000 merges (docs/demo-models.md):

  build_bpe_vocab.py --from ../shared/vocab/roberta-base --merges 30000

Usage: build_bpe_vocab.py [--out DIR] [--vocab-size 3000] [--min-frequency 2] [--from DIR --merges K]
  (default DIR: tools/demo/bpe-sentiment; train_demo.py reads it from there)
"""

import argparse
import collections
import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_vocab  # noqa: E402
import demo_common  # noqa: E402
import make_sentiment_data  # noqa: E402

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]  # ids 0..3; <mask> takes the last id
MASK = "<mask>"
DEFAULT_OUT = os.path.join(demo_common.TOOLS_DIR, "bpe-sentiment")

# GPT-2's pre-tokenization pattern, with Python re classes for letters and numbers.
PRETOKENIZE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def byte_alphabet():
    """GPT-2's reversible byte -> printable character table: the printable Latin-1 bytes stand for
    themselves, the other 68 bytes (controls, space, soft hyphen, ...) are moved to U+0100 and up,
    in byte order."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


BYTES = byte_alphabet()
UNBYTES = {c: b for b, c in BYTES.items()}


def pretokens(text):
    """The byte-level symbols of each pre-token of text."""
    return ["".join(BYTES[b] for b in m.group().encode("utf-8")) for m in PRETOKENIZE.finditer(text)]


def train(texts, vocab_size, min_frequency):
    """Returns the list of merges (pairs of symbols), most frequent first."""
    counts = collections.Counter()
    for t in texts:
        counts.update(pretokens(t))
    words = [list(w) for w in counts]
    freq = [counts[w] for w in counts]
    pair_count = collections.Counter()
    where = collections.defaultdict(set)  # pair -> indices of the words that contain it
    for i, w in enumerate(words):
        for a, b in zip(w, w[1:]):
            pair_count[(a, b)] += freq[i]
            where[(a, b)].add(i)
    n_merges = vocab_size - len(SPECIALS) - 256 - 1
    merges = []
    while len(merges) < n_merges and pair_count:
        best = min(pair_count.items(), key=lambda kv: (-kv[1], kv[0]))
        pair, count = best
        if count < min_frequency:
            break
        merges.append(pair)
        joined = pair[0] + pair[1]
        for i in sorted(where.pop(pair, ())):
            w = words[i]
            # remove this word's pair counts, merge, add them back
            for a, b in zip(w, w[1:]):
                pair_count[(a, b)] -= freq[i]
                if pair_count[(a, b)] <= 0:
                    del pair_count[(a, b)]
            out, k = [], 0
            while k < len(w):
                if k + 1 < len(w) and w[k] == pair[0] and w[k + 1] == pair[1]:
                    out.append(joined)
                    k += 2
                else:
                    out.append(w[k])
                    k += 1
            words[i] = out
            for a, b in zip(out, out[1:]):
                pair_count[(a, b)] += freq[i]
                where[(a, b)].add(i)
        pair_count.pop(pair, None)
    return merges


def make_vocab(merges):
    vocab = {t: i for i, t in enumerate(SPECIALS)}
    for b in range(256):
        vocab.setdefault(BYTES[b], len(vocab))
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    vocab[MASK] = len(vocab)
    return vocab


class Encoder:
    """Byte-level BPE encoding with a merge-rank table (the reference algorithm: repeatedly merge
    the adjacent pair with the lowest rank). Used to check the files and by the trainer."""

    def __init__(self, vocab, merges):
        self.vocab = vocab
        self.ranks = {tuple(m): r for r, m in enumerate(merges)}
        self.cache = {}

    def word(self, w):
        out = self.cache.get(w)
        if out is not None:
            return out
        syms = list(w)
        while len(syms) > 1:
            ranked = [(self.ranks.get(p, len(self.ranks)), k) for k, p in enumerate(zip(syms, syms[1:]))]
            r, k = min(ranked)
            if r == len(self.ranks):
                break
            syms[k:k + 2] = [syms[k] + syms[k + 1]]
        out = [self.vocab[s] for s in syms]
        self.cache[w] = out
        return out

    def encode(self, text):
        return [i for w in pretokens(text) for i in self.word(w)]


def decode(vocab, ids):
    inv = {i: t for t, i in vocab.items()}
    return bytes(UNBYTES[c] for i in ids for c in inv[i]).decode("utf-8", errors="replace")


def added_token(i, content, lstrip=False):
    return {"id": i, "content": content, "single_word": False, "lstrip": lstrip, "rstrip": False,
            "normalized": False, "special": True}


def tokenizer_json(vocab, merges):
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added_token(vocab[t], t) for t in SPECIALS] + [added_token(vocab[MASK], MASK, lstrip=True)],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", vocab["</s>"]], "cls": ["<s>", vocab["<s>"]],
                           "trim_offsets": True, "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [list(m) for m in merges]},
    }


def write(out_dir, vocab, merges):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "vocab.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(out_dir, "merges.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("#version: 0.2\n")
        f.write("".join(f"{a} {b}\n" for a, b in merges))
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(tokenizer_json(vocab, merges), f, ensure_ascii=False, indent=2)
        f.write("\n")


def read(out_dir):
    """(vocab, merges) from a directory written by write()."""
    with open(os.path.join(out_dir, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    with open(os.path.join(out_dir, "merges.txt"), encoding="utf-8") as f:
        merges = [tuple(line.rstrip("\n").split(" ")) for line in f if line.strip() and not line.startswith("#version")]
    return vocab, merges


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--vocab-size", type=int, default=3000)
    ap.add_argument("--min-frequency", type=int, default=2)
    ap.add_argument("--from", dest="source", help="cut an existing BPE (a folder with merges.txt) instead of learning one")
    ap.add_argument("--merges", type=int, default=30000, help="with --from: how many of its merges to keep")
    args = ap.parse_args()
    d = build_vocab.SENTIMENT_DATA
    train_rows, test_rows = make_sentiment_data.splits(d["seed"], d["n_train"], d["n_test"])
    texts = [e["text"] for e in train_rows]
    if args.source:
        _, merges = read(args.source)
        if len(merges) < args.merges:
            raise SystemExit(f"build_bpe_vocab: {args.source}/merges.txt has {len(merges)} merges, fewer than {args.merges}")
        merges = merges[: args.merges]
    else:
        merges = train(texts, args.vocab_size, args.min_frequency)
    vocab = make_vocab(merges)
    write(args.out, vocab, merges)
    # Check: the files read back, every sentence decodes to itself, ids stay inside the vocabulary.
    vocab2, merges2 = read(args.out)
    assert vocab2 == vocab and merges2 == merges
    enc = Encoder(vocab, merges)
    sample = texts[:5000] + [e["text"] for e in test_rows] + ["Café au lait — 10/10 ✓", "  two  spaces\tand\ttabs\n"]
    n_tokens = 0
    for t in sample:
        ids = enc.encode(t)
        n_tokens += len(ids)
        if decode(vocab, ids) != t:
            raise SystemExit(f"build_bpe_vocab: {t!r} does not decode to itself")
    words = sum(len(t.split()) for t in sample)
    print(f"build_bpe_vocab: {len(merges)} merges, {len(vocab)} tokens -> "
          f"{os.path.relpath(args.out, demo_common.REPO_DIR)} ({n_tokens / words:.2f} tokens per word on a sample)")


if __name__ == "__main__":
    main()
