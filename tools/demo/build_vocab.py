#!/usr/bin/python3
"""Builds the trimmed, lowercased WordPiece vocabularies of the demo models from the real
bert-base-uncased vocabulary, and writes them as committed files:
tools/demo/vocab-sentiment.txt and tools/demo/vocab-qa.txt, plus tools/demo/words.txt (the whole
English words of bert-base-uncased, used as noise words when training the QA model).

Kept, in bert-base-uncased order (special tokens first):
  * [PAD] [UNK] [CLS] [SEP] [MASK];
  * every single-character token (and its ##-continuation) for printable ASCII and common
    Latin-1 / typographic punctuation, so that any English word can still be spelled;
  * the first COMMON tokens after the character block of bert-base-uncased (its most frequent
    words and word pieces);
  * every token that the training data of the model uses at least MIN_COUNT times when
    tokenized with the full vocabulary (generated with the same seeds as train_demo.py).

Training (train_demo.py) only reads the committed files, so it does not need the full
vocabulary. Re-run this script after changing a data generator:
  build_vocab.py [--full-vocab PATH]    (default: ../shared/vocab/bert-base-uncased-vocab.txt
                                          next to the repository)
"""

import argparse
import collections
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_common  # noqa: E402
import make_qa_data  # noqa: E402
import make_sentiment_data  # noqa: E402

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
FIRST_WORD_ID = 1996  # "the": bert-base-uncased lists words after [PAD], [unusedN], specials, characters
COMMON = 2000
MIN_COUNT = 20
EXTRA_CHARS = "–—‘’“”…•£€°×½¼¾§¶©®™¡¿«»·"

# The data the models are trained on (kept in sync with train_demo.py's defaults).
SENTIMENT_DATA = dict(seed=1, n_train=150000, n_test=1000)
QA_DATA = dict(seed=1, n_train=150000, n_test=1000)


WORDS_PATH = os.path.join(demo_common.TOOLS_DIR, "words.txt")


def english_words(full):
    """Whole lowercase words of bert-base-uncased (a list of real English words, most frequent
    first): train_demo.py inserts them as noise into QA contexts."""
    return [t for t in full[FIRST_WORD_ID:] if t.isascii() and t.isalpha() and len(t) >= 3]


def vocab_path(name):
    return os.path.join(demo_common.TOOLS_DIR, f"vocab-{name}.txt")


def keep_char(c):
    return (33 <= ord(c) < 127) or c in EXTRA_CHARS


def base_tokens(full):
    keep = set(SPECIALS)
    for t in full:
        core = t[2:] if t.startswith("##") else t
        if len(core) == 1 and keep_char(core):
            keep.add(t)
    n = 0
    for t in full[FIRST_WORD_ID:]:
        if n >= COMMON:
            break
        if t.isascii():
            keep.add(t)
            n += 1
    return keep


def data_tokens(tok, texts):
    counts = collections.Counter()
    for text in texts:
        counts.update(tok.tokenize(text)[0])
    return {tok.vocab_list[i] for i, c in counts.items() if c >= MIN_COUNT}


def ordered(full, keep):
    rest = [t for t in full if t in keep and t not in SPECIALS]
    return SPECIALS + rest


def sentiment_texts():
    train, test = make_sentiment_data.splits(SENTIMENT_DATA["seed"], SENTIMENT_DATA["n_train"],
                                             SENTIMENT_DATA["n_test"])
    return [e["text"] for e in train + test]


def qa_texts():
    train, test = make_qa_data.splits(QA_DATA["seed"], QA_DATA["n_train"], QA_DATA["n_test"])
    out, seen = [], set()
    for r in train + test:
        out.append(r["question"])
        if r["context"] not in seen:
            seen.add(r["context"])
            out.append(r["context"])
    return out


def check_fast_path(vocab, texts):
    """The cached ASCII fast path must agree with the reference tokenizer."""
    tok = demo_common.Tokenizer(vocab)
    for text in texts:
        fast = tok.tokenize(text)
        toks, offs, words = tok.ref.tokenize(text)
        ref = ([tok.vocab[t] for t in toks], offs, words)
        if fast != ref:
            raise SystemExit(f"build_vocab: fast tokenizer disagrees with the reference on {text!r}")


def main():
    default_full = os.path.join(os.path.dirname(demo_common.REPO_DIR), "shared", "vocab",
                                "bert-base-uncased-vocab.txt")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full-vocab", default=default_full)
    args = ap.parse_args()
    if not os.path.exists(args.full_vocab):
        raise SystemExit(f"build_vocab: {args.full_vocab} not found; pass --full-vocab PATH to the "
                         "bert-base-uncased vocab.txt (the committed vocab-*.txt files stay usable)")
    full = demo_common.load_vocab(args.full_vocab)
    full_tok = demo_common.Tokenizer(full)
    base = base_tokens(full)
    words = english_words(full)
    with open(WORDS_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(w + "\n" for w in words))
    print(f"build_vocab: {len(words)} English words -> {os.path.relpath(WORDS_PATH, demo_common.REPO_DIR)}")
    for name, texts in (("sentiment", sentiment_texts()), ("qa", qa_texts())):
        keep = base | data_tokens(full_tok, texts)
        vocab = ordered(full, keep)
        check_fast_path(vocab, texts[:3000])
        trimmed = demo_common.Tokenizer(vocab)
        unk = sum(trimmed.tokenize(t)[0].count(trimmed.unk_id) for t in texts[:20000])
        demo_common.bert_tokenizer.write_vocab_txt(vocab, vocab_path(name))
        print(f"build_vocab: {name}: {len(vocab)} tokens -> {os.path.relpath(vocab_path(name), demo_common.REPO_DIR)}"
              f" ([UNK] in a data sample: {unk})")


if __name__ == "__main__":
    main()
