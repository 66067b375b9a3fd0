#!/usr/bin/python3
"""Writes review_lengths.txt: token lengths (special tokens included, as a BERT WordPiece
tokenizer counts them) of a stream of user reviews, most short with a long tail, cut at 512.

  /usr/bin/python3 tests/bench/data/make_review_lengths.py [--count 4000] [--seed 20240611]

No corpus is downloaded; the shape comes from published statistics of Yelp reviews (see
README.md beside this file):

  * word-count quintile boundaries of Yelp reviews: 39, 65, 102 and 169 words (20th, 40th,
    60th and 80th percentiles; the defaults of `prepare_yelp()` in the yelpredict R package,
    computed on a balanced set of over 200,000 Yelp reviews);
  * a mean of about 152 tokens per review (Yang et al., "Hierarchical Attention Networks for
    Document Classification", NAACL 2016, Table 1: Yelp 2013/2014/2015 average 151.6 / 156.9 /
    151.9 words, punctuation counted as words), used as a cross-check.

Review lengths are close to log-normal, so the script fits a log-normal to the four quintile
boundaries (least squares on the logs against the normal quantiles), draws word counts from it
with a seeded generator, converts words to WordPiece tokens at 1.3 tokens a word (punctuation and
sub-word pieces), adds [CLS] and [SEP], and cuts at 512 as a truncating pipeline does. Lengths
below 4 become 4 (the shortest text `octet bench` can build has one word).
"""

import argparse
import math
import os
import random
import statistics

QUINTILES = [(0.2, 39), (0.4, 65), (0.6, 102), (0.8, 169)]  # (probability, words)
TOKENS_PER_WORD = 1.3
SPECIAL_TOKENS = 2
MIN_TOKENS, MAX_TOKENS = 4, 512


def fit_lognormal(points):
    """mu, sigma of log(words) ~ N(mu, sigma) fitted to (probability, words) quantiles."""
    nd = statistics.NormalDist()
    z = [nd.inv_cdf(p) for p, _ in points]
    y = [math.log(w) for _, w in points]
    zm, ym = sum(z) / len(z), sum(y) / len(y)
    sigma = sum((a - zm) * (b - ym) for a, b in zip(z, y)) / sum((a - zm) ** 2 for a in z)
    return ym - sigma * zm, sigma


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "review_lengths.txt"))
    a = ap.parse_args()
    mu, sigma = fit_lognormal(QUINTILES)
    rng = random.Random(a.seed)
    lengths = []
    for _ in range(a.count):
        words = rng.lognormvariate(mu, sigma)
        tokens = round(words * TOKENS_PER_WORD) + SPECIAL_TOKENS
        lengths.append(min(MAX_TOKENS, max(MIN_TOKENS, tokens)))
    s = sorted(lengths)

    def pct(p):
        return s[min(len(s) - 1, int(p * len(s)))]

    summary = (f"n={len(s)} mean={statistics.mean(s):.1f} p10={pct(0.1)} p25={pct(0.25)} "
               f"p50={pct(0.5)} p75={pct(0.75)} p90={pct(0.9)} p99={pct(0.99)} max={s[-1]} "
               f"at_512={sum(1 for v in s if v == MAX_TOKENS)} "
               f"le_128={sum(1 for v in s if v <= 128)}")
    fit = (f"log-normal fit over words: median {math.exp(mu):.1f} words, sigma {sigma:.3f}; "
           f"mean {math.exp(mu + sigma * sigma / 2):.1f} words")
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("# Token lengths of a review stream, one per line, in replay order.\n")
        f.write("# Written by make_review_lengths.py "
                f"--count {a.count} --seed {a.seed}; see README.md.\n")
        f.write(f"# {fit}\n# {summary}\n")
        for v in lengths:
            f.write(f"{v}\n")
    print(fit)
    print(summary)


if __name__ == "__main__":
    main()
