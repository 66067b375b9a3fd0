#!/usr/bin/python3
"""Writes a CamemBERT-shaped tokenizer.json from an XLM-R-shaped one (tests/data/tokenizers/xlmr-style).

  /usr/bin/python3 tests/reference/make_camembert_tokenizer.py OUT/tokenizer.json [--xlmr FILE]

transformers' CamembertConverter lays a SentencePiece model out differently from
XLMRobertaConverter. Both start from the SentencePiece pieces `<unk>`, `<s>`, `</s>`, then the
learned pieces; XLM-R keeps `<s> <pad> </s> <unk>` + learned pieces + `<mask>`, CamemBERT
prepends five fairseq leftovers and keeps the SentencePiece `<s>` and `</s>` as pieces:

  0 <s>NOTUSED   1 <pad>   2 </s>NOTUSED   3 <unk>   4 <unk>NOTUSED (score -100)
  5 <s>   6 </s>   7.. the learned pieces   last <mask>

with unk_id 3 and TemplateProcessing `<s> $A </s>` / `<s> $A </s> </s> $B </s>` on ids 5 and 6
(camembert-base: pad 1, bos 5, eos 6, <mask> 32004). The added tokens are those a saved
CamembertTokenizerFast lists: the five leftovers, `<s>`, `</s>` and `<mask>` (lstrip), all
special. The -100 piece matters beyond its id: the Unigram model's unknown-token score is the
lowest piece score minus 10, so it drops from about -25 (XLM-R-style) to -110 here.

The normalizer (Precompiled nmt_nfkc charsmap + Replace), the Metaspace pre-tokenizer and
decoder are the XLM-R-style file's. The output is written in the crate's own layout (indent 2,
no ASCII escaping, no final newline), and the Hugging Face tokenizers crate loads it (the
fixture generator encodes its inputs with it through hf_tokenize.js).
"""

import argparse
import copy
import json
import os
import sys
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
XLMR_STYLE = os.path.join(REPO, "tests", "data", "tokenizers", "xlmr-style", "tokenizer.json")

XLMR_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
CAMEMBERT_HEAD = [("<s>NOTUSED", 0.0), ("<pad>", 0.0), ("</s>NOTUSED", 0.0), ("<unk>", 0.0),
                  ("<unk>NOTUSED", -100.0), ("<s>", 0.0), ("</s>", 0.0)]
UNK_ID = 3
BOS_ID, EOS_ID = 5, 6


def added_token(i, content, lstrip=False):
    return OrderedDict([("id", i), ("content", content), ("single_word", False), ("lstrip", lstrip),
                        ("rstrip", False), ("normalized", False), ("special", True)])


def camembert_from_xlmr(xlmr):
    """The CamemBERT-shaped tokenizer.json (an OrderedDict) of an XLM-R-shaped one."""
    model = xlmr["model"]
    vocab = model["vocab"]
    if model.get("type") != "Unigram" or [p for p, _ in vocab[:4]] != XLMR_SPECIALS or vocab[-1][0] != "<mask>":
        raise ValueError("not an XLM-R-shaped Unigram tokenizer.json (<s> <pad> </s> <unk> ... <mask>)")
    learned = [[p, s] for p, s in vocab[4:-1]]
    out_vocab = [[p, s] for p, s in CAMEMBERT_HEAD] + learned + [["<mask>", 0.0]]
    pieces = [p for p, _ in out_vocab]
    if len(set(pieces)) != len(pieces):
        raise ValueError("duplicate pieces")
    mask_id = len(out_vocab) - 1

    out = OrderedDict()
    for key, value in xlmr.items():
        if key == "added_tokens":
            value = [added_token(i, p) for i, (p, _) in enumerate(CAMEMBERT_HEAD)]
            value.append(added_token(mask_id, "<mask>", lstrip=True))
        elif key == "post_processor":
            value = OrderedDict([
                ("type", "TemplateProcessing"),
                ("single", [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                            {"Sequence": {"id": "A", "type_id": 0}},
                            {"SpecialToken": {"id": "</s>", "type_id": 0}}]),
                ("pair", [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                          {"Sequence": {"id": "A", "type_id": 0}},
                          {"SpecialToken": {"id": "</s>", "type_id": 0}},
                          {"SpecialToken": {"id": "</s>", "type_id": 0}},
                          {"Sequence": {"id": "B", "type_id": 0}},
                          {"SpecialToken": {"id": "</s>", "type_id": 0}}]),
                ("special_tokens", OrderedDict([
                    ("</s>", {"id": "</s>", "ids": [EOS_ID], "tokens": ["</s>"]}),
                    ("<s>", {"id": "<s>", "ids": [BOS_ID], "tokens": ["<s>"]}),
                ])),
            ])
        elif key == "model":
            value = OrderedDict([("type", "Unigram"), ("unk_id", UNK_ID), ("vocab", out_vocab),
                                 ("byte_fallback", model.get("byte_fallback", False))])
        else:
            value = copy.deepcopy(value)
        out[key] = value
    return out


def to_text(tokenizer_json):
    """The crate's layout: 2-space indent, UTF-8 as is, no final newline."""
    return json.dumps(tokenizer_json, indent=2, ensure_ascii=False)


def write(xlmr_path, out_path):
    with open(xlmr_path, encoding="utf-8") as f:
        xlmr = json.load(f, object_pairs_hook=OrderedDict)
    tj = camembert_from_xlmr(xlmr)
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(to_text(tj))
    return tj


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="tokenizer.json to write")
    ap.add_argument("--xlmr", default=XLMR_STYLE, help="XLM-R-shaped tokenizer.json (default: xlmr-style)")
    args = ap.parse_args()
    tj = write(args.xlmr, args.out)
    print(f"{args.out}: {len(tj['model']['vocab'])} ids, <mask> = {len(tj['model']['vocab']) - 1}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
