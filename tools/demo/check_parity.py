#!/usr/bin/python3
"""Checks that a trained demo classification model gives the same FP32 logits in Octet as in the
PyTorch forward pass used to train it (tests/reference/reference_model.py), and that Octet's
tokenizer gives the ids the trainer used.

For each text: the token ids of `octet tokenize` against the trainer's tokenizer, the logits of
`octet predict --json --precision fp32` against the reference model run on the folder's weights
(float16 on disk, FP32 in both), once per text alone and once in a right-padded batch of all
texts (RoBERTa numbers positions from the ids, so padding must not move them). Prints the
largest absolute logit difference and exits non-zero above --tolerance.

Usage: check_parity.py [--model DIR] [--octet build/client/octet] [--tolerance 1e-4] [TEXT...]
"""

import argparse
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_common  # noqa: E402
import train_demo  # noqa: E402

import torch  # noqa: E402

import reference_model  # noqa: E402  (tests/reference)
import safetensors_io  # noqa: E402  (tests/reference)

TEXTS = [
    "I would watch it again tomorrow.",
    "The staff went out of their way to help us.",
    "Everything worked perfectly out of the box.",
    "Not bad at all, actually one of the better ones this year.",
    "It broke after two days. A complete waste of money.",
    "Two hours on hold, and then the line went dead.",
    "ok",
    "Café au lait — 10/10, would order again!",
]


def trainer_tokenizer(model_dir):
    if os.path.exists(os.path.join(model_dir, "merges.txt")):
        return train_demo.BpeTokenizer(model_dir)
    return demo_common.Tokenizer(demo_common.load_vocab(os.path.join(model_dir, "vocab.txt")))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=os.path.join(demo_common.MODELS_DIR, "sentiment-roberta"))
    ap.add_argument("--octet", default=os.path.join(demo_common.REPO_DIR, "build", "client", "octet"))
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("texts", nargs="*")
    args = ap.parse_args()
    texts = args.texts or TEXTS

    with open(os.path.join(args.model, "config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    model = reference_model.build_model(cfg)
    reference_model.hf_state_dict_to_module(safetensors_io.load_model_dir(args.model), model)
    tok = trainer_tokenizer(args.model)

    lines = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    octet_tok = subprocess.run([args.octet, "tokenize", "--model", args.model], input=lines, text=True,
                               capture_output=True, check=True).stdout.splitlines()
    seqs = []
    for t, line in zip(texts, octet_tok):
        ids = [tok.cls_id] + tok.tokenize(t)[0] + [tok.sep_id]
        if json.loads(line)["ids"] != ids:
            raise SystemExit(f"check_parity: token ids differ for {t!r}")
        seqs.append(ids)

    out = subprocess.run([args.octet, "predict", "--model", args.model, "--json", "--precision", "fp32"] + texts,
                         text=True, capture_output=True, check=True).stdout.splitlines()
    octet_logits = torch.tensor([json.loads(line)["logits"] for line in out], dtype=torch.float64)

    with torch.no_grad():
        alone = torch.cat([model(torch.tensor([s]), torch.zeros(1, len(s), dtype=torch.long)) for s in seqs])
        ids, mask = train_demo.pad_batch(seqs, tok.pad_id)
        batched = model(ids, torch.zeros_like(ids), mask)
    worst = 0.0
    for i, t in enumerate(texts):
        d_alone = (alone[i].double() - octet_logits[i]).abs().max().item()
        d_batch = (batched[i].double() - octet_logits[i]).abs().max().item()
        worst = max(worst, d_alone, d_batch)
        print(f"{d_alone:.2e} {d_batch:.2e}  {[round(x, 5) for x in octet_logits[i].tolist()]}  {t}")
    print(f"check_parity: {len(texts)} texts, {sum(len(s) for s in seqs)} tokens, ids equal; max |PyTorch - Octet| "
          f"FP32 logit difference {worst:.2e} (alone and in a padded batch)")
    if worst > args.tolerance:
        raise SystemExit(f"check_parity: above the tolerance {args.tolerance}")


if __name__ == "__main__":
    main()
