"""The reviews we wrote for the sentiment models (docs/demo-models.md, rounds 5 and 6) and the
hand-written test sets they must stay apart from.

WRITTEN_REVIEWS lists the files (in tools/demo) as (file, lines per group, spec key of its repeat
count in train_demo.py, name): natural_reviews.jsonl holds single reviews in everyday idiomatic
language; contrast_pairs.jsonl pairs of one situation told by a pleased and a displeased reviewer
on adjacent lines; idiom_pairs.jsonl (round 6) more such pairs, each review built around an idiom
or set phrase. Every tenth group of a file is its dev set, never trained on. With a run length n
(train_demo.py's data.test_run, 0 = off), a training group is left out when one of its reviews
shares a run of n words with a test set in TEST_SETS.
"""

import functools
import os
import re

import demo_common

WRITTEN_REVIEWS = (("natural_reviews.jsonl", 1, "natural_repeat", "written reviews"),
                   ("contrast_pairs.jsonl", 2, "pairs_repeat", "contrast-pair reviews"),
                   ("idiom_pairs.jsonl", 2, "idiom_repeat", "idiom-pair reviews"))

# Repository paths of the hand-written sentiment test sets: those train_demo.py scores after
# training (developed against), and the frozen ones, only ever scored by `octet eval` by hand.
SCORED_SETS = ("tests/data/sentiment_reviews.jsonl", "tools/demo/idiomatic_reviews.jsonl",
               "tools/demo/idiomatic_reviews_round4.jsonl")
FROZEN_SETS = ("tools/demo/idiomatic_reviews_frozen.jsonl", "tools/demo/idiomatic_reviews_frozen2.jsonl",
               "tools/demo/idiomatic_reviews_frozen3.jsonl")
TEST_SETS = SCORED_SETS + FROZEN_SETS


def words(text):
    """Lowercase ASCII letter and digit runs: the unit every overlap check counts in."""
    return re.findall(r"[a-z0-9]+", text.lower())


def word_runs(text, n):
    w = words(text)
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


@functools.lru_cache(maxsize=None)
def test_set_runs(n):
    """Every run of n words in the test sets (none for n = 0); read once per n."""
    runs = set()
    for path in TEST_SETS if n > 0 else ():
        for r in demo_common.read_jsonl(os.path.join(demo_common.REPO_DIR, path)):
            runs |= word_runs(r["text"], n)
    return frozenset(runs)


def split(name, group, n=0):
    """(training rows, dev rows, groups left out) of one file of WRITTEN_REVIEWS; `group` adjacent
    lines stay on one side (a pair is never split); n is the run length of the test-set filter."""
    path = os.path.join(demo_common.TOOLS_DIR, name)
    if not os.path.exists(path):
        return [], [], 0
    rows = demo_common.read_jsonl(path)
    banned = test_set_runs(n)
    train, dev, dropped = [], [], 0
    for g in range(0, len(rows), group):
        members = rows[g:g + group]
        if (g // group) % 10 == 0:
            dev += members
        elif banned and any(word_runs(r["text"], n) & banned for r in members):
            dropped += 1
        else:
            train += members
    return train, dev, dropped
