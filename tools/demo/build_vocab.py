#!/usr/bin/python3
"""Builds the WordPiece vocabularies of the demo models and writes them as committed files:
tools/demo/vocab-sentiment.txt is the real bert-base-uncased vocabulary, whole (the sentiment
model's word embeddings start from GloVe vectors, so every English word it has a token for means
something even if the training data never shows it: docs/demo-models.md); the trimmed lowercase
tools/demo/vocab-qa.txt from it, plus tools/demo/words.txt (the whole English words of
bert-base-uncased, used as noise words in training); the trimmed cased tools/demo/vocab-ner.txt
from bert-base-cased (named entities need capital letters; its kept characters also include the
accented Latin letters of the NER generator's names).

Kept in the trimmed ones, in bert-base-uncased order (special tokens first):
  * [PAD] [UNK] [CLS] [SEP] [MASK];
  * every single-character token (and its ##-continuation) for printable ASCII and common
    Latin-1 / typographic punctuation, so that any English word can still be spelled;
  * the first COMMON tokens after the character block of bert-base-uncased (its most frequent
    words and word pieces);
  * every token that the training data of the model uses at least MIN_COUNT times when
    tokenized with the full vocabulary (generated with the same seeds as train_demo.py).

Training (train_demo.py) only reads the committed files, so it does not need the full
vocabulary. Re-run this script after changing a data generator:
  build_vocab.py [--models sentiment,qa,ner] [--full-vocab PATH] [--full-cased-vocab PATH]
      (defaults: ../shared/vocab/bert-base-uncased-vocab.txt and bert-base-cased-vocab.txt next
      to the repository)
"""

import argparse
import collections
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_common  # noqa: E402
import make_ner_data  # noqa: E402
import make_qa_data  # noqa: E402

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
FIRST_WORD_ID = 1996  # "the": bert-base-uncased lists words after [PAD], [unusedN], specials, characters
FIRST_WORD_ID_CASED = 1103  # "the" in bert-base-cased
COMMON = 2000
MIN_COUNT = 20
EXTRA_CHARS = "–—‘’“”…•£€°×½¼¾§¶©®™¡¿«»·"

# The data the models are trained on (kept in sync with train_demo.py's defaults).
SENTIMENT_DATA = dict(seed=1, n_train=150000, n_test=1000)
QA_DATA = dict(seed=1, n_train=150000, n_test=1000)
NER_DATA = dict(seed=1, n_train=60000, n_test=1000)


WORDS_PATH = os.path.join(demo_common.TOOLS_DIR, "words.txt")


def english_words(full):
    """Whole lowercase words of bert-base-uncased (a list of real English words, most frequent
    first): train_demo.py inserts them as noise into QA contexts."""
    return [t for t in full[FIRST_WORD_ID:] if t.isascii() and t.isalpha() and len(t) >= 3]


def vocab_path(name):
    return os.path.join(demo_common.TOOLS_DIR, f"vocab-{name}.txt")


def keep_char(c, accented=False):
    if accented and c.isalpha() and 0xC0 <= ord(c) < 0x180:  # Latin-1 and Latin Extended-A letters
        return True
    return (33 <= ord(c) < 127) or c in EXTRA_CHARS


def base_tokens(full, first_word_id=FIRST_WORD_ID, accented=False):
    keep = set(SPECIALS)
    for t in full:
        core = t[2:] if t.startswith("##") else t
        if len(core) == 1 and keep_char(core, accented):
            keep.add(t)
    n = 0
    for t in full[first_word_id:]:
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


def qa_texts():
    train, test = make_qa_data.splits(QA_DATA["seed"], QA_DATA["n_train"], QA_DATA["n_test"])
    out, seen = [], set()
    for r in train + test:
        out.append(r["question"])
        if r["context"] not in seen:
            seen.add(r["context"])
            out.append(r["context"])
    return out


def ner_texts():
    train, test = make_ner_data.splits(NER_DATA["seed"], NER_DATA["n_train"], NER_DATA["n_test"])
    return [r["text"] for r in train + test]


def check_fast_path(vocab, texts, lowercase=True):
    """The cached ASCII fast path must agree with the reference tokenizer."""
    tok = demo_common.Tokenizer(vocab, lowercase)
    for text in texts:
        fast = tok.tokenize(text)
        toks, offs, words = tok.ref.tokenize(text)
        ref = ([tok.vocab[t] for t in toks], offs, words)
        if fast != ref:
            raise SystemExit(f"build_vocab: fast tokenizer disagrees with the reference on {text!r}")


def build_ner(path):
    if not os.path.exists(path):
        raise SystemExit(f"build_vocab: {path} not found; pass --full-cased-vocab PATH to the "
                         "bert-base-cased vocab.txt (the committed vocab-ner.txt stays usable)")
    full = demo_common.load_vocab(path)
    texts = ner_texts()
    keep = base_tokens(full, FIRST_WORD_ID_CASED, accented=True) | \
        data_tokens(demo_common.Tokenizer(full, lowercase=False), texts)
    vocab = ordered(full, keep)
    check_fast_path(vocab, texts[:3000], lowercase=False)
    trimmed = demo_common.Tokenizer(vocab, lowercase=False)
    unk = sum(trimmed.tokenize(t)[0].count(trimmed.unk_id) for t in texts[:20000])
    demo_common.bert_tokenizer.write_vocab_txt(vocab, vocab_path("ner"))
    print(f"build_vocab: ner: {len(vocab)} tokens (cased) -> "
          f"{os.path.relpath(vocab_path('ner'), demo_common.REPO_DIR)} ([UNK] in a data sample: {unk})")


def main():
    default_full = os.path.join(os.path.dirname(demo_common.REPO_DIR), "shared", "vocab",
                                "bert-base-uncased-vocab.txt")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full-vocab", default=default_full)
    ap.add_argument("--full-cased-vocab", default=default_full.replace("uncased", "cased"))
    ap.add_argument("--models", default="sentiment,qa,ner")
    args = ap.parse_args()
    models = args.models.split(",")
    if "ner" in models:
        build_ner(args.full_cased_vocab)
    if not {"sentiment", "qa"} & set(models):
        return
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
    if "sentiment" in models:
        demo_common.bert_tokenizer.write_vocab_txt(full, vocab_path("sentiment"))
        print(f"build_vocab: sentiment: {len(full)} tokens (bert-base-uncased, whole) -> "
              f"{os.path.relpath(vocab_path('sentiment'), demo_common.REPO_DIR)}")
    if "qa" in models:
        texts = qa_texts()
        vocab = ordered(full, base | data_tokens(full_tok, texts))
        check_fast_path(vocab, texts[:3000])
        trimmed = demo_common.Tokenizer(vocab)
        unk = sum(trimmed.tokenize(t)[0].count(trimmed.unk_id) for t in texts[:20000])
        demo_common.bert_tokenizer.write_vocab_txt(vocab, vocab_path("qa"))
        print(f"build_vocab: qa: {len(vocab)} tokens -> {os.path.relpath(vocab_path('qa'), demo_common.REPO_DIR)}"
              f" ([UNK] in a data sample: {unk})")


if __name__ == "__main__":
    main()
