#!/usr/bin/python3
"""Writes tests/data/fixtures/debertav3_spm/: the legacy DeBERTa-v3 tokenizer files (spm.model,
tokenizer_config.json, added_tokens.json, no tokenizer.json) of the DeBERTa-v3-style Unigram
tokenizer in tests/data/tokenizers/debertav3-style/tokenizer.json.

spm.model is a sentencepiece.ModelProto written here in the protobuf wire format (no protobuf
package needed): every piece of the tokenizer.json with its score and type (CONTROL for [PAD],
[CLS], [SEP]; UNKNOWN for [UNK]; BYTE for <0xNN>; NORMAL otherwise), a TrainerSpec (unigram,
unk_id, byte_fallback) and a NormalizerSpec (name nmt_nfkc, the same precompiled charsmap,
add_dummy_prefix, remove_extra_whitespaces). transformers' DebertaV2Converter turns such a model
into the tokenizer.json normalizer / pre-tokenizer / template the source file has, with
byte_fallback false; tests/deberta_spm_test.cc checks that Octet's reader does the same.

  /usr/bin/python3 tests/reference/make_spm_model.py
"""

import base64
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SOURCE = os.path.join(REPO, "tests", "data", "tokenizers", "debertav3-style", "tokenizer.json")
OUT = os.path.join(REPO, "tests", "data", "fixtures", "debertav3_spm")

NORMAL, UNKNOWN, CONTROL, BYTE = 1, 2, 3, 6


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(number, wire_type):
    return varint(number << 3 | wire_type)


def field_varint(number, v):
    return key(number, 0) + varint(v)


def field_bytes(number, data):
    return key(number, 2) + varint(len(data)) + data


def field_float(number, x):
    return key(number, 5) + struct.pack("<f", x)


def piece_type(piece, unk):
    if piece == unk:
        return UNKNOWN
    if piece in ("[PAD]", "[CLS]", "[SEP]"):
        return CONTROL
    if len(piece) == 6 and piece.startswith("<0x") and piece.endswith(">"):
        return BYTE
    return NORMAL


def model_proto(tj):
    vocab, unk_id = tj["model"]["vocab"], tj["model"]["unk_id"]
    unk = vocab[unk_id][0]
    out = bytearray()
    for piece, score in vocab:
        body = field_bytes(1, piece.encode("utf-8")) + field_float(2, score)
        t = piece_type(piece, unk)
        if t != NORMAL:  # NORMAL is the default and, as in real models, left out
            body += field_varint(3, t)
        out += field_bytes(1, body)
    trainer = (field_varint(3, 1) + field_varint(4, len(vocab)) + field_varint(35, 1)
               + field_varint(40, unk_id) + field_varint(41, 1) + field_varint(42, 2)
               + field_varint(43, 0))
    out += field_bytes(2, trainer)
    charsmap = [n for n in tj["normalizer"]["normalizers"] if n["type"] == "Precompiled"][0]
    normalizer = (field_bytes(1, b"nmt_nfkc") + field_bytes(2, base64.b64decode(charsmap["precompiled_charsmap"]))
                  + field_varint(3, 1) + field_varint(4, 1) + field_varint(5, 1))
    out += field_bytes(3, normalizer)
    return bytes(out)


def main():
    with open(SOURCE, encoding="utf-8") as f:
        tj = json.load(f)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "spm.model"), "wb") as f:
        f.write(model_proto(tj))
    mask = [a for a in tj["added_tokens"] if a["content"] == "[MASK]"][0]
    with open(os.path.join(OUT, "added_tokens.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps({"[MASK]": mask["id"]}, indent=2) + "\n")
    config = {"bos_token": "[CLS]", "cls_token": "[CLS]", "do_lower_case": False, "eos_token": "[SEP]",
              "mask_token": "[MASK]", "model_max_length": 512, "pad_token": "[PAD]", "sep_token": "[SEP]",
              "split_by_punct": False, "tokenizer_class": "DebertaV2Tokenizer", "unk_token": "[UNK]",
              "vocab_type": "spm"}
    with open(os.path.join(OUT, "tokenizer_config.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(config, indent=2) + "\n")
    print(f"make_spm_model: wrote {OUT} ({len(tj['model']['vocab'])} pieces)")


if __name__ == "__main__":
    main()
