#!/usr/bin/python3
"""Measures how close the hand-written test sets are to the training data: for every line of the
sentiment test sets (written_reviews.TEST_SETS) and every question / context sentence of
tests/data/qa_encyclopedic.jsonl, the longest run of consecutive words that also occurs in the
generated training data, and whether the whole sentence occurs there; for the review sets also the
longest run shared with any review we wrote (every file of written_reviews.WRITTEN_REVIEWS, dev
sets included).

The hand-written sets were written before the generator changes they test; this check guards
against the generators drifting towards them. Usage: check_overlap.py [--min 5] [--sentiment-only]
(prints runs >= --min words)
"""

import argparse
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_vocab  # noqa: E402
import demo_common  # noqa: E402
import make_qa_data  # noqa: E402
import make_sentiment_data  # noqa: E402
import written_reviews  # noqa: E402

MAX_N = 12
# The sentiment models' training data (train_demo.py's "sentiment" and "sentiment-roberta" specs;
# the committed vocabularies were built on 150,000 reviews of an earlier generator round).
TRAINING_DATA = dict(seed=1, n_train=200000, n_test=1000)


def ngram_index(texts):
    grams = set()
    for t in texts:
        w = written_reviews.words(t)
        for n in range(2, MAX_N + 1):
            for i in range(len(w) - n + 1):
                grams.add(" ".join(w[i:i + n]))
    return grams


def longest(text, grams):
    w = written_reviews.words(text)
    best = ""
    for i in range(len(w)):
        for n in range(min(MAX_N, len(w) - i), 1, -1):
            g = " ".join(w[i:i + n])
            if g in grams:
                if n > len(best.split()):
                    best = g
                break
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--min", type=int, default=5)
    ap.add_argument("--sentiment-only", action="store_true", help="skip the QA data (slow to generate)")
    args = ap.parse_args()
    d = TRAINING_DATA
    train, _ = make_sentiment_data.splits(d["seed"], d["n_train"], d["n_test"])
    grams = ngram_index(e["text"] for e in train)
    texts = {" ".join(written_reviews.words(e["text"])) for e in train}
    written = ngram_index(r["text"] for f, _, _, _ in written_reviews.WRITTEN_REVIEWS
                          for r in demo_common.read_jsonl(os.path.join(demo_common.TOOLS_DIR, f)))
    for path in written_reviews.TEST_SETS:
        name = os.path.basename(path)
        rows = demo_common.read_jsonl(os.path.join(demo_common.REPO_DIR, path))
        shared = [len(longest(r["text"], written).split()) for r in rows]
        print(f"{name}: longest run shared with the written reviews: mean "
              f"{sum(shared) / len(shared):.1f} words, max {max(shared)}")
        lengths = []
        for r in rows:
            g = longest(r["text"], grams)
            lengths.append(len(g.split()))
            exact = " ".join(written_reviews.words(r["text"])) in texts
            if len(g.split()) >= args.min or exact:
                print(f"{name}: {len(g.split())} words shared{' (WHOLE SENTENCE)' if exact else ''}: "
                      f"{g!r} in {r['text']!r}")
        print(f"{name}: longest shared run per review ({path}): mean {sum(lengths) / len(lengths):.1f} "
              f"words, max {max(lengths)}; histogram {dict(sorted((n, lengths.count(n)) for n in set(lengths)))}")
    if args.sentiment_only:
        return

    d = build_vocab.QA_DATA
    train, _ = make_qa_data.splits(d["seed"], d["n_train"], d["n_test"])
    grams = ngram_index({r["context"] for r in train} | {r["question"] for r in train})
    rows = demo_common.read_jsonl(os.path.join(demo_common.REPO_DIR, "tests", "data", "qa_encyclopedic.jsonl"))
    sentences = sorted({s for r in rows for s in re.split(r"(?<=[.!?])\s+", r["context"])} |
                       {r["question"] for r in rows})
    lengths = []
    for s in sentences:
        g = longest(s, grams)
        lengths.append(len(g.split()))
        if len(g.split()) >= args.min:
            print(f"qa: {len(g.split())} words shared: {g!r} in {s!r}")
    print(f"qa: longest shared run per sentence/question: mean {sum(lengths) / len(lengths):.1f} words, "
          f"max {max(lengths)}")


if __name__ == "__main__":
    main()
