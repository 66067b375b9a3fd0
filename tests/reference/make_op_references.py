#!/usr/bin/python3
"""Writes the op- and layer-level references the C++ suites tests/op_*_test.cc and
tests/layer_*_test.cc compare with: two tiny checkpoints (BERT and DistilBERT, hidden 8, 2 heads)
and the PyTorch reference's outputs for each op on fixed inputs.

  /usr/bin/python3 tests/reference/make_op_references.py [--out tests/data/op_reference]

Writes OUT/bert/{config.json,model.safetensors}, OUT/distilbert/{...} and OUT/expected.json.
Everything is seeded: running it again rewrites the same files. Each checkpoint holds the
tensors of both tasks (the classification head and qa_outputs), so one file serves every head.

The inputs: a batch of two sequences laid end to end, 5 and 3 tokens; the first keeps two
padding tokens at its end (attention mask 0), which no query may attend to. The reference runs
each sequence on its own ([1, n] with its mask), as Octet's padding-free batch does.
"""

import argparse
import json
import math
import os
import sys
from collections import OrderedDict

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_model  # noqa: E402
import safetensors_io  # noqa: E402

HIDDEN, HEADS, INTERMEDIATE, VOCAB, POSITIONS, LABELS = 8, 2, 16, 24, 16, 3

# The batch: token ids, type ids (DistilBERT ignores them) and the attention mask, per sequence.
IDS = [[2, 7, 11, 0, 0], [2, 19, 3]]
TYPES = [[0, 0, 1, 1, 1], [0, 1, 1]]
MASK = [[1, 1, 1, 0, 0], [1, 1, 1]]


def bert_config():
    return OrderedDict(sorted({
        "architectures": ["BertForSequenceClassification"], "model_type": "bert",
        "hidden_act": "gelu", "hidden_size": HIDDEN, "intermediate_size": INTERMEDIATE,
        "layer_norm_eps": 1e-12, "max_position_embeddings": POSITIONS,
        "num_attention_heads": HEADS, "num_hidden_layers": 1, "pad_token_id": 0,
        "position_embedding_type": "absolute", "type_vocab_size": 2, "vocab_size": VOCAB,
        "id2label": {str(i): f"LABEL_{i}" for i in range(LABELS)},
    }.items()))


def distilbert_config():
    return OrderedDict(sorted({
        "architectures": ["DistilBertForSequenceClassification"], "model_type": "distilbert",
        "activation": "relu", "dim": HIDDEN, "hidden_dim": INTERMEDIATE,
        "max_position_embeddings": POSITIONS, "n_heads": HEADS, "n_layers": 1, "pad_token_id": 0,
        "sinusoidal_pos_embds": False, "vocab_size": VOCAB,
        "id2label": {str(i): f"LABEL_{i}" for i in range(LABELS)},
    }.items()))


def randomize(module, gen):
    """Every parameter ~ N(0, 0.5²), LayerNorm weights ~ N(1, 0.2²): values of the size a trained
    model has, so that no term of a sum is negligible."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "LayerNorm" in name or "layer_norm" in name:
                mean = 1.0 if name.endswith("weight") else 0.0
                p.copy_(mean + 0.2 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.5 * torch.randn(p.shape, generator=gen))


def values(t):
    """A tensor as nested lists of floats (float32 values, printed so they read back exactly)."""
    return t.detach().to(torch.float32).tolist()


def per_sequence(fn):
    """Runs fn(ids [1, n], types [1, n], mask [1, n], index) on each sequence and stacks the rows."""
    rows = []
    for s, ids in enumerate(IDS):
        out = fn(torch.tensor([ids]), torch.tensor([TYPES[s]]), torch.tensor([MASK[s]]), s)
        rows.append(out[0])
    return torch.cat(rows, dim=0)


def attention_core(qkv, mask):
    """softmax(Q·Kᵀ / sqrt(d) + mask) · V from a fused [n, 3H] projection, as BertSelfAttention
    computes it after its three linear layers."""
    n, d = qkv.shape[0], HIDDEN // HEADS

    def split(t):
        return t.view(1, n, HEADS, d).permute(0, 2, 1, 3)

    q, k, v = (split(qkv[:, i * HIDDEN:(i + 1) * HIDDEN]) for i in range(3))
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(d)
    scores = scores + reference_model.extended_attention_mask(mask)
    ctx = torch.matmul(F.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).contiguous()
    return ctx.view(n, HIDDEN)


def save(out_dir, cfg, state, gen):
    os.makedirs(out_dir, exist_ok=True)
    tensors = OrderedDict((k, v.detach().clone().contiguous()) for k, v in state.items())
    tensors["qa_outputs.weight"] = 0.5 * torch.randn(2, HIDDEN, generator=gen)
    tensors["qa_outputs.bias"] = 0.5 * torch.randn(2, generator=gen)
    safetensors_io.save_file(tensors, os.path.join(out_dir, "model.safetensors"))
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    return tensors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data",
                                                  "op_reference"))
    args = ap.parse_args()
    torch.set_grad_enabled(False)
    gen = torch.Generator().manual_seed(20261206)
    expected = OrderedDict()
    expected["batch"] = {"ids": IDS, "type_ids": TYPES, "attention_mask": MASK}

    # LayerNorm of x + residual, eps 1e-5 (and of x alone).
    x = torch.randn(3, HIDDEN, generator=gen)
    residual = torch.randn(3, HIDDEN, generator=gen)
    gamma = 1.0 + 0.2 * torch.randn(HIDDEN, generator=gen)
    beta = 0.2 * torch.randn(HIDDEN, generator=gen)
    ln = lambda t: F.layer_norm(t, (HIDDEN,), gamma, beta, 1e-5)  # noqa: E731
    expected["layer_norm"] = {
        "x": values(x), "residual": values(residual), "gamma": values(gamma),
        "beta": values(beta), "eps": 1e-5,
        "out": values(ln(x + residual)), "out_without_residual": values(ln(x)),
    }

    # Attention of a fused [tokens, 3H] projection, two sequences, the first with padding.
    tokens = sum(len(s) for s in IDS)
    qkv = 2.0 * torch.randn(tokens, 3 * HIDDEN, generator=gen)
    starts = [0, len(IDS[0]), tokens]
    context = torch.cat([attention_core(qkv[starts[s]:starts[s + 1]], torch.tensor([MASK[s]]))
                         for s in range(len(IDS))])
    expected["attention"] = {"heads": HEADS, "qkv": values(qkv), "context": values(context)}

    # BERT: embeddings, encoder layer 0, the pooler classifier and QA heads.
    cfg = bert_config()
    bert = reference_model.BertForSequenceClassification(cfg).eval()
    randomize(bert, gen)
    tensors = save(os.path.join(args.out, "bert"), cfg, bert.state_dict(), gen)
    emb = per_sequence(lambda i, t, m, s: bert.bert.embeddings(i, t))
    layer = per_sequence(lambda i, t, m, s: bert.bert.encoder.layer[0](
        bert.bert.embeddings(i, t), reference_model.extended_attention_mask(m)))
    hidden = torch.randn(tokens, HIDDEN, generator=gen)
    first = hidden[[starts[0], starts[1]]]
    classifier = bert.classifier(bert.bert.pooler.dense(first).tanh())
    qa = F.linear(hidden, tensors["qa_outputs.weight"], tensors["qa_outputs.bias"])
    expected["bert"] = {"embeddings": values(emb), "layer0": values(layer),
                        "head_input": values(hidden), "classifier_logits": values(classifier),
                        "qa_logits": values(qa)}

    # DistilBERT: embeddings (type ids ignored), encoder layer 0 (ReLU), pre_classifier head.
    cfg = distilbert_config()
    distil = reference_model.DistilBertForSequenceClassification(cfg).eval()
    randomize(distil, gen)
    tensors = save(os.path.join(args.out, "distilbert"), cfg, distil.state_dict(), gen)
    emb = per_sequence(lambda i, t, m, s: distil.distilbert.embeddings(i))
    layer = per_sequence(lambda i, t, m, s: distil.distilbert.transformer.layer[0](
        distil.distilbert.embeddings(i), m))
    classifier = distil.classifier(F.relu(distil.pre_classifier(first)))
    qa = F.linear(hidden, tensors["qa_outputs.weight"], tensors["qa_outputs.bias"])
    expected["distilbert"] = {"embeddings": values(emb), "layer0": values(layer),
                              "head_input": values(hidden),
                              "classifier_logits": values(classifier), "qa_logits": values(qa)}

    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
