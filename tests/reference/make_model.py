#!/usr/bin/python3
"""Writes a complete, randomly initialised Hugging Face model folder (BERT / DistilBERT /
RoBERTa / ELECTRA, sequence classification or question answering): config.json,
model.safetensors (or shards + model.safetensors.index.json) and tokenizer files.

Example (a BERT-base shaped benchmark model; ~110M parameters, a few seconds):
  /usr/bin/python3 tests/reference/make_model.py --arch BertForSequenceClassification \
      --hidden 768 --layers 12 --heads 12 --intermediate 3072 --labels 2 --seed 0 \
      --vocab path/to/bert-base-uncased/vocab.txt --out /tmp/bert-base-bench

A DeBERTa-v3-base shaped one (v3 relative attention with 256 position buckets, vocab 128100):
  /usr/bin/python3 tests/reference/make_model.py --arch DebertaV2ForSequenceClassification \
      --vocab-size 128100 --tokenizer-json tests/data/tokenizers/debertav3-style/tokenizer.json \
      --out /tmp/deberta-v3-base-bench

A RoBERTa-base shaped one (vocab 50265, 514 positions, pad id 1, one token type, eps 1e-5) with
the real byte-level BPE tokenizer.json, or any WordPiece vocab (the engine does not care which):
  /usr/bin/python3 tests/reference/make_model.py --arch RobertaForSequenceClassification \
      --vocab-size 50265 --tokenizer-json path/to/roberta-base/tokenizer.json --out /tmp/roberta-base-bench
An ELECTRA one (--embedding-size differs from --hidden to get the embeddings_project layer):
  /usr/bin/python3 tests/reference/make_model.py --arch ElectraForSequenceClassification \
      --hidden 256 --layers 12 --heads 4 --intermediate 1024 --embedding-size 128 --out /tmp/electra-small

Weights are seeded and scaled like a trained model rather than like a fresh initialisation:
linear weights ~ N(0, (gain / sqrt(fan_in))^2), which keeps every sub-layer's output at about
the size of the residual stream whatever the width (a trained bert-base has std ~0.04 at
H=768, 1/sqrt(768) = 0.036), non-trivial LayerNorm weights/biases, and larger head weights so
that logits are O(1..10) and differ between inputs. See INIT below.
"""

import argparse
import json
import os
import shutil
import sys
import time
from collections import OrderedDict

import torch

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bert_tokenizer  # noqa: E402
import safetensors_io  # noqa: E402

GENERATOR_VERSION = 1

ARCHS = ("BertForSequenceClassification", "BertForQuestionAnswering",
         "DistilBertForSequenceClassification", "DistilBertForQuestionAnswering",
         "RobertaForSequenceClassification", "RobertaForQuestionAnswering",
         "XLMRobertaForSequenceClassification", "XLMRobertaForQuestionAnswering",
         "CamembertForSequenceClassification", "CamembertForQuestionAnswering",
         "ElectraForSequenceClassification", "ElectraForQuestionAnswering",
         "BertForTokenClassification", "DistilBertForTokenClassification",
         "RobertaForTokenClassification", "XLMRobertaForTokenClassification",
         "CamembertForTokenClassification", "ElectraForTokenClassification",
         "DebertaV2ForSequenceClassification", "DebertaV2ForQuestionAnswering",
         "DebertaV2ForTokenClassification")

# The base model's attribute (tensor prefix) and config model_type of the BERT-like families.
# XLM-RoBERTa and CamemBERT are RoBERTa under another model_type (same "roberta." tensors).
BASES = {"Bert": ("bert", "bert"), "Roberta": ("roberta", "roberta"), "XLMRoberta": ("roberta", "xlm-roberta"),
         "Camembert": ("roberta", "camembert"), "Electra": ("electra", "electra"),
         "DebertaV2": ("deberta", "deberta-v2")}
ROBERTA_TYPES = ("roberta", "xlm-roberta", "camembert")
# bos / eos of the RoBERTa-like configs (camembert-base: <s> = 5, </s> = 6).
ROBERTA_BOS_EOS = {"roberta": (0, 2), "xlm-roberta": (0, 2), "camembert": (5, 6)}

# Initialisation. ("normal", mean, std) or ("linear", gain): std = gain / sqrt(fan_in).
INIT = {
    "word_embeddings": ("normal", 0.0, 0.5),
    "position_embeddings": ("normal", 0.0, 0.25),
    "token_type_embeddings": ("normal", 0.0, 0.25),
    "ln_weight": ("normal", 1.0, 0.1),
    "ln_bias": ("normal", 0.0, 0.05),
    "bias": ("normal", 0.0, 0.05),
    "query": ("linear", 2.0),  # q.k / sqrt(d) ~ N(0, 16): attention is peaked, not uniform
    "key": ("linear", 2.0),
    "value": ("linear", 1.5),
    "attn_out": ("linear", 1.5),
    "ffn_in": ("linear", 1.0),
    "ffn_out": ("linear", 1.0),
    "pooler": ("linear", 1.5),
    "pre_classifier": ("linear", 1.5),
    "classifier": ("linear", 3.0),
    "classifier_dense": ("linear", 1.5),  # RoBERTa / ELECTRA classifier.dense
    "embeddings_project": ("linear", 1.0),  # ELECTRA embedding_size -> hidden_size
    "qa_outputs": ("linear", 2.5),
    "rel_embeddings": ("normal", 0.0, 0.5),  # DeBERTa's relative-position table
    "pos_proj": ("linear", 2.0),  # DeBERTa pos_key_proj / pos_query_proj (share_att_key false)
}

# DeBERTa-v3's relative-attention settings (microsoft/deberta-v3-base's config.json); callers
# may scale position_buckets down for small models.
DEBERTA_V3 = {"relative_attention": True, "position_buckets": 256, "max_relative_positions": -1,
              "pos_att_type": ["p2c", "c2p"], "share_att_key": True, "norm_rel_ebd": "layer_norm",
              "position_biased_input": False, "type_vocab_size": 0, "layer_norm_eps": 1e-7,
              "pooler_dropout": 0, "pooler_hidden_act": "gelu"}


def is_distil(arch):
    return arch.startswith("DistilBert")


def is_qa(arch):
    return arch.endswith("QuestionAnswering")


def is_token_classification(arch):
    return arch.endswith("TokenClassification")


def is_roberta_type(model_type):
    return model_type in ROBERTA_TYPES


def is_deberta(arch):
    return arch.startswith("DebertaV2For")


def base_of(arch):
    """("bert" | "roberta" | "electra" prefix, model_type) of a BERT-like architecture."""
    for cls, base in BASES.items():
        if arch.startswith(cls + "For"):
            return base
    raise ValueError(arch)


def make_config(arch, hidden, layers, heads, intermediate, vocab_size, labels=2, label_names=None,
                activation="gelu", max_position=512, dtype="F32", pad_token_id=0, extra=None,
                embedding_size=None):
    """config.json content (sorted keys, as save_pretrained writes it)."""
    if arch not in ARCHS:
        raise ValueError(f"--arch must be one of {ARCHS}")
    if hidden % heads:
        raise ValueError(f"hidden {hidden} is not divisible by heads {heads}")
    torch_dtype = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}[dtype]
    if is_distil(arch):
        cfg = {
            "activation": activation, "architectures": [arch], "attention_dropout": 0.1,
            "dim": hidden, "dropout": 0.1, "hidden_dim": intermediate, "initializer_range": 0.02,
            "max_position_embeddings": max_position, "model_type": "distilbert", "n_heads": heads,
            "n_layers": layers, "pad_token_id": pad_token_id, "qa_dropout": 0.1,
            "seq_classif_dropout": 0.2, "sinusoidal_pos_embds": False, "tie_weights_": True,
            "torch_dtype": torch_dtype, "vocab_size": vocab_size,
        }
    else:
        cfg = {
            "architectures": [arch], "attention_probs_dropout_prob": 0.1, "classifier_dropout": None,
            "hidden_act": activation, "hidden_dropout_prob": 0.1, "hidden_size": hidden,
            "initializer_range": 0.02, "intermediate_size": intermediate, "layer_norm_eps": 1e-12,
            "max_position_embeddings": max_position, "model_type": "bert",
            "num_attention_heads": heads, "num_hidden_layers": layers, "pad_token_id": pad_token_id,
            "position_embedding_type": "absolute", "torch_dtype": torch_dtype, "type_vocab_size": 2,
            "use_cache": True, "vocab_size": vocab_size,
        }
        prefix, model_type = base_of(arch)
        if is_roberta_type(model_type):
            # As roberta-base's (xlm-roberta-base's, camembert-base's) config.json: positions
            # from pad_token_id + 1, one token type.
            bos, eos = ROBERTA_BOS_EOS[model_type]
            cfg.update({"model_type": model_type, "layer_norm_eps": 1e-5, "type_vocab_size": 1,
                        "bos_token_id": bos, "eos_token_id": eos})
        elif model_type == "deberta-v2":
            # DeBERTa-v3 by default; `extra` switches to v2-style settings.
            cfg.update(dict(DEBERTA_V3, model_type="deberta-v2", pooler_hidden_size=hidden))
            cfg.pop("position_embedding_type")
        elif model_type == "electra":
            cfg.update({"model_type": "electra", "embedding_size": embedding_size or hidden,
                        "summary_activation": "gelu", "summary_last_dropout": 0.1,
                        "summary_type": "first", "summary_use_proj": True})
    if not is_qa(arch):
        if label_names is None:
            label_names = ["NEGATIVE", "POSITIVE"] if labels == 2 else [f"LABEL_{i}" for i in range(labels)]
        if len(label_names) != labels:
            raise ValueError(f"{len(label_names)} label names for {labels} labels")
        cfg["id2label"] = OrderedDict((str(i), n) for i, n in enumerate(label_names))
        cfg["label2id"] = OrderedDict(sorted((n, i) for i, n in enumerate(label_names)))
    cfg.update(extra or {})
    return OrderedDict(sorted(cfg.items()))


def tensor_specs(cfg, include_position_ids=False, include_pooler=None):
    """[(name, shape, init kind, fan_in)] in Hugging Face state_dict order."""
    arch = cfg["architectures"][0]
    specs = []

    def linear(prefix, out_f, in_f, kind):
        specs.append((prefix + ".weight", [out_f, in_f], kind, in_f))
        specs.append((prefix + ".bias", [out_f], "bias", in_f))

    def layer_norm(prefix, n):
        specs.append((prefix + ".weight", [n], "ln_weight", None))
        specs.append((prefix + ".bias", [n], "ln_bias", None))

    if is_distil(arch):
        d, p = cfg["dim"], "distilbert."
        specs.append((p + "embeddings.word_embeddings.weight", [cfg["vocab_size"], d], "word_embeddings", None))
        specs.append((p + "embeddings.position_embeddings.weight", [cfg["max_position_embeddings"], d],
                      "position_embeddings", None))
        layer_norm(p + "embeddings.LayerNorm", d)
        for i in range(cfg["n_layers"]):
            lp = f"{p}transformer.layer.{i}."
            linear(lp + "attention.q_lin", d, d, "query")
            linear(lp + "attention.k_lin", d, d, "key")
            linear(lp + "attention.v_lin", d, d, "value")
            linear(lp + "attention.out_lin", d, d, "attn_out")
            layer_norm(lp + "sa_layer_norm", d)
            linear(lp + "ffn.lin1", cfg["hidden_dim"], d, "ffn_in")
            linear(lp + "ffn.lin2", d, cfg["hidden_dim"], "ffn_out")
            layer_norm(lp + "output_layer_norm", d)
        if is_qa(arch):
            linear("qa_outputs", 2, d, "qa_outputs")
        elif is_token_classification(arch):
            linear("classifier", len(cfg["id2label"]), d, "classifier")
        else:
            linear("pre_classifier", d, d, "pre_classifier")
            linear("classifier", len(cfg["id2label"]), d, "classifier")
        return specs

    h, p = cfg["hidden_size"], base_of(arch)[0] + "."
    e = cfg.get("embedding_size", h)  # ELECTRA's embedding width
    if include_position_ids:
        specs.append((p + "embeddings.position_ids", [1, cfg["max_position_embeddings"]], "position_ids", None))
    specs.append((p + "embeddings.word_embeddings.weight", [cfg["vocab_size"], e], "word_embeddings", None))
    if is_deberta(arch):
        return specs + deberta_specs(cfg)
    specs.append((p + "embeddings.position_embeddings.weight", [cfg["max_position_embeddings"], e],
                  "position_embeddings", None))
    specs.append((p + "embeddings.token_type_embeddings.weight", [cfg["type_vocab_size"], e],
                  "token_type_embeddings", None))
    layer_norm(p + "embeddings.LayerNorm", e)
    if e != h:
        linear(p + "embeddings_project", h, e, "embeddings_project")
    inter = cfg["intermediate_size"]
    for i in range(cfg["num_hidden_layers"]):
        lp = f"{p}encoder.layer.{i}."
        linear(lp + "attention.self.query", h, h, "query")
        linear(lp + "attention.self.key", h, h, "key")
        linear(lp + "attention.self.value", h, h, "value")
        linear(lp + "attention.output.dense", h, h, "attn_out")
        layer_norm(lp + "attention.output.LayerNorm", h)
        linear(lp + "intermediate.dense", inter, h, "ffn_in")
        linear(lp + "output.dense", h, inter, "ffn_out")
        layer_norm(lp + "output.LayerNorm", h)
    bert = p == "bert."
    if include_pooler is None:
        include_pooler = bert and not is_qa(arch) and not is_token_classification(arch)
    if include_pooler:
        linear(p + "pooler.dense", h, h, "pooler")  # only BERT classifiers use it
    if is_qa(arch):
        linear("qa_outputs", 2, h, "qa_outputs")
    elif bert or is_token_classification(arch):
        linear("classifier", len(cfg["id2label"]), h, "classifier")
    else:
        linear("classifier.dense", h, h, "classifier_dense")
        linear("classifier.out_proj", len(cfg["id2label"]), h, "classifier")
    return specs


def deberta_specs(cfg):
    """The DeBERTa-v2 tensor specs after the word embeddings, in state_dict order."""
    arch, h, p = cfg["architectures"][0], cfg["hidden_size"], "deberta."
    extra = []
    if cfg.get("position_biased_input", True):
        extra.append((p + "embeddings.position_embeddings.weight", [cfg["max_position_embeddings"], h],
                      "position_embeddings", None))
    if cfg.get("type_vocab_size", 0) > 0:
        extra.append((p + "embeddings.token_type_embeddings.weight", [cfg["type_vocab_size"], h],
                      "token_type_embeddings", None))
    def lin(prefix, out_f, in_f, kind):
        extra.append((prefix + ".weight", [out_f, in_f], kind, in_f))
        extra.append((prefix + ".bias", [out_f], "bias", in_f))

    def ln(prefix, n):
        extra.append((prefix + ".weight", [n], "ln_weight", None))
        extra.append((prefix + ".bias", [n], "ln_bias", None))

    ln(p + "embeddings.LayerNorm", h)
    terms = cfg.get("pos_att_type") or []
    if isinstance(terms, str):
        terms = [t.strip() for t in terms.lower().split("|")]
    inter = cfg["intermediate_size"]
    for i in range(cfg["num_hidden_layers"]):
        lp = f"{p}encoder.layer.{i}."
        lin(lp + "attention.self.query_proj", h, h, "query")
        lin(lp + "attention.self.key_proj", h, h, "key")
        lin(lp + "attention.self.value_proj", h, h, "value")
        if cfg.get("relative_attention") and not cfg.get("share_att_key", False):
            if "c2p" in terms:
                lin(lp + "attention.self.pos_key_proj", h, h, "pos_proj")
            if "p2c" in terms:
                lin(lp + "attention.self.pos_query_proj", h, h, "pos_proj")
        lin(lp + "attention.output.dense", h, h, "attn_out")
        ln(lp + "attention.output.LayerNorm", h)
        lin(lp + "intermediate.dense", inter, h, "ffn_in")
        lin(lp + "output.dense", h, inter, "ffn_out")
        ln(lp + "output.LayerNorm", h)
    if cfg.get("relative_attention"):
        buckets = cfg.get("position_buckets", -1)
        max_rel = cfg.get("max_relative_positions", -1)
        span = buckets if buckets > 0 else (max_rel if max_rel >= 1 else cfg["max_position_embeddings"])
        extra.append((p + "encoder.rel_embeddings.weight", [2 * span, h], "rel_embeddings", None))
    if "layer_norm" in str(cfg.get("norm_rel_ebd", "none")).lower():
        ln(p + "encoder.LayerNorm", h)
    if is_qa(arch):
        lin("qa_outputs", 2, h, "qa_outputs")
    elif is_token_classification(arch):
        lin("classifier", len(cfg["id2label"]), h, "classifier")
    else:
        lin("pooler.dense", h, h, "pooler")
        lin("classifier", len(cfg["id2label"]), h, "classifier")
    return extra


def make_state_dict(cfg, seed, include_position_ids=False, include_pooler=None, init_overrides=None):
    """Seeded float32 tensors {name: tensor} in HF order (position_ids is int64). `init_overrides`
    replaces entries of INIT."""
    gen = torch.Generator().manual_seed(seed)
    out = OrderedDict()
    inits = dict(INIT, **(init_overrides or {}))
    for name, shape, kind, fan_in in tensor_specs(cfg, include_position_ids, include_pooler):
        if kind == "position_ids":
            out[name] = torch.arange(shape[1], dtype=torch.int64)[None, :]
            continue
        init = inits[kind]
        if init[0] == "normal":
            _, mean, std = init
        else:
            mean, std = 0.0, init[1] / fan_in ** 0.5
        t = torch.randn(shape, generator=gen, dtype=torch.float32)
        t.mul_(std).add_(mean)
        out[name] = t
    return out


def legacy_layernorm_names(tensors):
    """LayerNorm.weight/bias -> LayerNorm.gamma/beta, as in old TF-ported checkpoints."""
    out = OrderedDict()
    for name, t in tensors.items():
        if name.endswith("LayerNorm.weight"):
            name = name[: -len("weight")] + "gamma"
        elif name.endswith("LayerNorm.bias"):
            name = name[: -len("bias")] + "beta"
        out[name] = t
    return out


def cast_floats(tensors, dtype):
    return OrderedDict((n, safetensors_io.convert(t, dtype) if t.is_floating_point() else t)
                       for n, t in tensors.items())


def write_json(obj, path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


TOKENIZER_CLASSES = {"distilbert": "DistilBertTokenizer", "electra": "ElectraTokenizer",
                     "roberta": "RobertaTokenizer", "xlm-roberta": "XLMRobertaTokenizer",
                     "camembert": "CamembertTokenizer", "deberta-v2": "DebertaV2Tokenizer"}


def max_tokens(cfg):
    """Tokens the position table can number: RoBERTa starts at pad_token_id + 1 (514 -> 512)."""
    offset = cfg["pad_token_id"] + 1 if is_roberta_type(cfg["model_type"]) else 0
    return cfg["max_position_embeddings"] - offset


def hf_tokenizer_config(model_type, model_max_length):
    """The tokenizer_config.json of roberta-base (RobertaTokenizer), xlm-roberta-base
    (XLMRobertaTokenizer) or camembert-base (CamembertTokenizer, with its fairseq leftovers as
    additional special tokens), keys sorted as save_pretrained writes them."""
    specials = [("bos_token", "<s>"), ("clean_up_tokenization_spaces", True), ("cls_token", "<s>"),
                ("eos_token", "</s>"), ("mask_token", "<mask>"), ("model_max_length", model_max_length),
                ("pad_token", "<pad>"), ("sep_token", "</s>"),
                ("tokenizer_class", TOKENIZER_CLASSES[model_type]), ("unk_token", "<unk>")]
    if model_type == "deberta-v2":
        # microsoft/deberta-v3-base's tokenizer_config.json (DebertaV2Tokenizer).
        specials = [("bos_token", "[CLS]"), ("cls_token", "[CLS]"), ("do_lower_case", False),
                    ("eos_token", "[SEP]"), ("mask_token", "[MASK]"), ("model_max_length", model_max_length),
                    ("pad_token", "[PAD]"), ("sep_token", "[SEP]"), ("split_by_punct", False),
                    ("tokenizer_class", "DebertaV2Tokenizer"), ("unk_token", "[UNK]"), ("vocab_type", "spm")]
    elif model_type == "roberta":
        specials += [("add_prefix_space", False), ("errors", "replace"), ("trim_offsets", True)]
    elif model_type == "camembert":
        specials += [("additional_special_tokens", ["<s>NOTUSED", "</s>NOTUSED", "<unk>NOTUSED"])]
    elif model_type != "xlm-roberta":
        raise ValueError(model_type)
    return OrderedDict(sorted(specials))


def write_hf_tokenizer_files(tokenizer_json, out_dir, model_max_length, model_type="roberta"):
    """Copies a tokenizer.json (roberta-base's byte-level BPE, an XLM-R or CamemBERT-shaped
    Unigram) and writes the tokenizer_config.json of that model type."""
    shutil.copyfile(tokenizer_json, os.path.join(out_dir, "tokenizer.json"))
    write_json(hf_tokenizer_config(model_type, model_max_length),
               os.path.join(out_dir, "tokenizer_config.json"))


def write_model_dir(out_dir, cfg, tensors, vocab, dtype="F32", shards=1, legacy_ln=False,
                    tokenizer_files=("tokenizer.json", "vocab.txt"), tokenizer_kwargs=None,
                    tokenizer_json=None):
    """Writes config.json, the weights (cast to dtype) and the tokenizer files: a copy of
    `tokenizer_json` (RoBERTa-like types) when given, else WordPiece files of `vocab`. Returns the
    tensors exactly as written (after casting and renaming)."""
    os.makedirs(out_dir, exist_ok=True)
    write_json(cfg, os.path.join(out_dir, "config.json"))
    tensors = cast_floats(tensors, dtype)
    if legacy_ln:
        tensors = legacy_layernorm_names(tensors)
    safetensors_io.save_model(tensors, out_dir, shards)
    if tokenizer_json:
        write_hf_tokenizer_files(tokenizer_json, out_dir, max_tokens(cfg), cfg["model_type"])
        return tensors
    kw = dict(tokenizer_class=TOKENIZER_CLASSES.get(cfg["model_type"], "BertTokenizer"),
              model_max_length=max_tokens(cfg))
    kw.update(tokenizer_kwargs or {})
    bert_tokenizer.write_tokenizer_files(vocab, out_dir, files=tokenizer_files, **kw)
    return tensors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", required=True, choices=ARCHS)
    ap.add_argument("--hidden", type=int, default=768)
    ap.add_argument("--layers", type=int, default=12)
    ap.add_argument("--heads", type=int, default=12)
    ap.add_argument("--intermediate", type=int, default=3072)
    ap.add_argument("--vocab-size", type=int, default=None,
                    help="embedding rows; default = size of the vocabulary (must be >= it)")
    ap.add_argument("--labels", type=int, default=2)
    ap.add_argument("--label-names", default=None, help="comma-separated id2label names")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", default=None,
                    help="vocab.txt to use (e.g. the real bert-base-uncased one); default: the small fixture vocab")
    ap.add_argument("--dtype", default="F32", choices=("F32", "F16", "BF16"))
    ap.add_argument("--shards", type=int, default=1)
    ap.add_argument("--legacy-layernorm-names", action="store_true")
    ap.add_argument("--activation", default="gelu", choices=("gelu", "gelu_new", "gelu_pytorch_tanh", "relu"))
    ap.add_argument("--max-position", type=int, default=None,
                    help="max_position_embeddings (default 512; RoBERTa 514)")
    ap.add_argument("--embedding-size", type=int, default=None,
                    help="ELECTRA embedding_size (default: --hidden, i.e. no embeddings_project)")
    ap.add_argument("--tokenizer-json", default=None,
                    help="copy this tokenizer.json (RoBERTa / XLM-R / CamemBERT: e.g. roberta-base's "
                         "byte-level BPE or an XLM-R-style Unigram) instead of writing WordPiece files")
    ap.add_argument("--position-ids", action="store_true", help="also write the I64 embeddings.position_ids buffer (BERT)")
    ap.add_argument("--qa-pooler", action="store_true", help="BertForQuestionAnswering: also write unused bert.pooler.*")
    ap.add_argument("--tokenizer-files", default="tokenizer.json,vocab.txt",
                    help="comma-separated subset of tokenizer.json,vocab.txt")
    ap.add_argument("--check", action="store_true",
                    help="read the folder back, run the PyTorch reference on a sample text and print the output")
    args = ap.parse_args(argv)

    t0 = time.time()
    vocab = bert_tokenizer.read_vocab_txt(args.vocab) if args.vocab else bert_tokenizer.default_vocab()
    if args.tokenizer_json:
        with open(args.tokenizer_json, encoding="utf-8") as f:
            tj = json.load(f)
        v = tj["model"]["vocab"]  # BPE / WordPiece: {token: id}; Unigram: [[piece, score]] in id order
        ids = (list(range(len(v))) if isinstance(v, list) else list(v.values())) + [
            a["id"] for a in tj.get("added_tokens", [])]
        vocab = [None] * (max(ids) + 1)  # only its size matters below
    vocab_size = args.vocab_size if args.vocab_size is not None else len(vocab)
    if vocab_size < len(vocab):
        ap.error(f"--vocab-size {vocab_size} is smaller than the vocabulary ({len(vocab)} tokens)")
    label_names = args.label_names.split(",") if args.label_names else None
    labels = len(label_names) if label_names else args.labels
    roberta = is_roberta_type(base_of(args.arch)[1]) if not is_distil(args.arch) else False
    deberta = is_deberta(args.arch)
    if args.tokenizer_json and not (roberta or deberta):
        ap.error("--tokenizer-json is for RoBERTa and DeBERTa architectures")
    max_position = args.max_position or (514 if roberta else 512)
    # roberta-base's pad_token_id is 1 (<pad>), whatever vocabulary the folder is given: the
    # position ids (and so the shape of the position table) depend on it.
    pad_id = 1 if roberta else 0 if deberta else vocab.index("[PAD]")
    cfg = make_config(args.arch, args.hidden, args.layers, args.heads, args.intermediate, vocab_size,
                      labels=labels, label_names=label_names, activation=args.activation,
                      max_position=max_position, dtype=args.dtype,
                      pad_token_id=pad_id, embedding_size=args.embedding_size)
    tensors = make_state_dict(cfg, args.seed, include_position_ids=args.position_ids and not is_distil(args.arch),
                              include_pooler=True if args.qa_pooler else None)
    nparams = sum(t.numel() for n, t in tensors.items() if t.is_floating_point())
    write_model_dir(args.out, cfg, tensors, vocab, dtype=args.dtype, shards=args.shards,
                    legacy_ln=args.legacy_layernorm_names,
                    tokenizer_files=[f for f in args.tokenizer_files.split(",") if f],
                    tokenizer_json=args.tokenizer_json)
    del tensors
    print(f"make_model: wrote {args.out}: {args.arch}, {nparams / 1e6:.1f}M parameters, {args.dtype}, "
          f"{args.shards} shard(s), {time.time() - t0:.1f}s")
    if args.check and not args.tokenizer_json:
        import reference_model
        tok = bert_tokenizer.BertTokenizer(vocab)
        enc = tok.encode("Hello, world! This is a quick check of the reference model.")
        model = reference_model.build_model(cfg)
        reference_model.hf_state_dict_to_module(safetensors_io.load_model_dir(args.out), model)
        with torch.no_grad():
            out = model(torch.tensor([enc["ids"]]), torch.tensor([enc["type_ids"]]))
        outs = out if isinstance(out, tuple) else (out,)
        print("make_model: check ok; ids", enc["ids"])
        for o in outs:
            print("  ", [round(float(x), 5) for x in o[0][:8]])


if __name__ == "__main__":
    main()
