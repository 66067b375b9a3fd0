"""PyTorch reference for BERT / DistilBERT / RoBERTa / ELECTRA / DeBERTa-v2 encoders and their classification /
QA / token-classification heads.

Written for Octet (no `transformers` needed). The modules' state_dict keys are exactly the
Hugging Face ones, and the forward passes follow the published architectures (BERT "eager"
attention, DistilBERT, RoBERTa's position ids and head, ELECTRA's embedding projection and head)
operation by operation, in eval mode (dropout is the identity, so no dropout modules are kept).
Tensor names, shapes and config fields are those of Hugging Face checkpoints.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


def _gelu_new(x):
    # transformers NewGELUActivation
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class Activation(nn.Module):
    def __init__(self, name):
        super().__init__()
        if name not in ("gelu", "gelu_new", "gelu_pytorch_tanh", "relu"):
            raise ValueError(f"unsupported activation {name!r}")
        self.name = name

    def forward(self, x):
        if self.name == "gelu":
            return F.gelu(x)  # exact erf form
        if self.name == "gelu_new":
            return _gelu_new(x)
        if self.name == "gelu_pytorch_tanh":
            return F.gelu(x, approximate="tanh")
        return F.relu(x)


def extended_attention_mask(attention_mask, dtype=torch.float32):
    """[B, S] of 1/0 -> additive [B, 1, 1, S]: (1 - mask) * finfo(dtype).min."""
    m = attention_mask[:, None, None, :].to(dtype)
    return (1.0 - m) * torch.finfo(dtype).min


# --------------------------------------------------------------------------------------- BERT

class BertEmbeddings(nn.Module):
    def __init__(self, cfg, width=None):
        super().__init__()
        h = width or cfg["hidden_size"]  # ELECTRA: embedding_size
        self.word_embeddings = nn.Embedding(cfg["vocab_size"], h, padding_idx=cfg.get("pad_token_id", 0))
        self.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], h)
        self.token_type_embeddings = nn.Embedding(cfg["type_vocab_size"], h)
        self.LayerNorm = nn.LayerNorm(h, eps=cfg["layer_norm_eps"])

    def forward(self, input_ids, token_type_ids):
        seq_len = input_ids.shape[1]
        position_ids = torch.arange(seq_len, dtype=torch.long, device=input_ids.device)[None, :]
        embeddings = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        embeddings = embeddings + self.position_embeddings(position_ids)
        return self.LayerNorm(embeddings)


class BertSelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h, self.num_heads = cfg["hidden_size"], cfg["num_attention_heads"]
        if h % self.num_heads:
            raise ValueError(f"hidden_size {h} not divisible by num_attention_heads {self.num_heads}")
        self.head_size = h // self.num_heads
        self.query = nn.Linear(h, h)
        self.key = nn.Linear(h, h)
        self.value = nn.Linear(h, h)

    def _split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.num_heads, self.head_size).permute(0, 2, 1, 3)

    def forward(self, hidden, ext_mask):
        q = self._split(self.query(hidden))
        k = self._split(self.key(hidden))
        v = self._split(self.value(hidden))
        scores = torch.matmul(q, k.transpose(-1, -2))
        scores = scores / math.sqrt(self.head_size)
        scores = scores + ext_mask
        probs = F.softmax(scores, dim=-1)
        ctx = torch.matmul(probs, v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(ctx.shape[0], ctx.shape[1], -1)


class BertSelfOutput(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h = cfg["hidden_size"]
        self.dense = nn.Linear(h, h)
        self.LayerNorm = nn.LayerNorm(h, eps=cfg["layer_norm_eps"])

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dense(hidden) + residual)


class BertAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.self = BertSelfAttention(cfg)
        self.output = BertSelfOutput(cfg)

    def forward(self, hidden, ext_mask):
        return self.output(self.self(hidden, ext_mask), hidden)


class BertIntermediate(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.dense = nn.Linear(cfg["hidden_size"], cfg["intermediate_size"])
        self.act = Activation(cfg["hidden_act"])

    def forward(self, hidden):
        return self.act(self.dense(hidden))


class BertOutput(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.dense = nn.Linear(cfg["intermediate_size"], cfg["hidden_size"])
        self.LayerNorm = nn.LayerNorm(cfg["hidden_size"], eps=cfg["layer_norm_eps"])

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dense(hidden) + residual)


class BertLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.attention = BertAttention(cfg)
        self.intermediate = BertIntermediate(cfg)
        self.output = BertOutput(cfg)

    def forward(self, hidden, ext_mask):
        a = self.attention(hidden, ext_mask)
        return self.output(self.intermediate(a), a)


class BertEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(cfg) for _ in range(cfg["num_hidden_layers"])])

    def forward(self, hidden, ext_mask):
        for layer in self.layer:
            hidden = layer(hidden, ext_mask)
        return hidden


class BertPooler(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.dense = nn.Linear(cfg["hidden_size"], cfg["hidden_size"])

    def forward(self, hidden):
        return torch.tanh(self.dense(hidden[:, 0]))


class BertModel(nn.Module):
    def __init__(self, cfg, add_pooling_layer=True, embeddings=None):
        super().__init__()
        if cfg.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError("only absolute position embeddings are implemented")
        self.embeddings = embeddings if embeddings is not None else BertEmbeddings(cfg)
        self.encoder = BertEncoder(cfg)
        self.pooler = BertPooler(cfg) if add_pooling_layer else None

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        hidden = self.embeddings(input_ids, token_type_ids)
        hidden = self.encoder(hidden, extended_attention_mask(attention_mask, hidden.dtype))
        pooled = self.pooler(hidden) if self.pooler is not None else None
        return hidden, pooled


class BertForSequenceClassification(nn.Module):
    task = "classification"

    def __init__(self, cfg):
        super().__init__()
        self.bert = BertModel(cfg)
        self.classifier = nn.Linear(cfg["hidden_size"], num_labels(cfg))

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        _, pooled = self.bert(input_ids, token_type_ids, attention_mask)
        return self.classifier(pooled)


class BertForQuestionAnswering(nn.Module):
    task = "question_answering"

    def __init__(self, cfg):
        super().__init__()
        self.bert = BertModel(cfg, add_pooling_layer=False)
        self.qa_outputs = nn.Linear(cfg["hidden_size"], 2)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        hidden, _ = self.bert(input_ids, token_type_ids, attention_mask)
        start, end = self.qa_outputs(hidden).split(1, dim=-1)
        return start.squeeze(-1).contiguous(), end.squeeze(-1).contiguous()


# ------------------------------------------------------------------------------------ RoBERTa
# RoBERTa, XLM-RoBERTa, CamemBERT and DistilRoBERTa: BERT's layers under "roberta.", position ids
# numbered from the ids, no pooler, a two-layer head on <s>.


def roberta_position_ids(input_ids, padding_idx):
    """Per row: a pad id gets padding_idx; any other token padding_idx + (number of non-pad tokens
    up to and including it). Left, right or inner pads all work."""
    not_pad = (input_ids != padding_idx).long()
    return torch.cumsum(not_pad, dim=1) * not_pad + padding_idx


class RobertaEmbeddings(BertEmbeddings):
    def __init__(self, cfg):
        super().__init__(cfg)
        self.padding_idx = cfg.get("pad_token_id", 1)

    def forward(self, input_ids, token_type_ids):
        position_ids = roberta_position_ids(input_ids, self.padding_idx)
        embeddings = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        embeddings = embeddings + self.position_embeddings(position_ids)
        return self.LayerNorm(embeddings)


class FirstTokenHead(nn.Module):
    """RoBERTa / ELECTRA classification head: out_proj(act(dense(h[:, 0])))."""

    def __init__(self, cfg, act):
        super().__init__()
        h = cfg["hidden_size"]
        self.dense = nn.Linear(h, h)
        self.out_proj = nn.Linear(h, num_labels(cfg))
        self.act = act

    def forward(self, hidden):
        return self.out_proj(self.act(self.dense(hidden[:, 0])))


def _qa(hidden, qa_outputs):
    start, end = qa_outputs(hidden).split(1, dim=-1)
    return start.squeeze(-1).contiguous(), end.squeeze(-1).contiguous()


class RobertaForSequenceClassification(nn.Module):
    task = "classification"

    def __init__(self, cfg):
        super().__init__()
        self.roberta = BertModel(cfg, add_pooling_layer=False, embeddings=RobertaEmbeddings(cfg))
        self.classifier = FirstTokenHead(cfg, torch.tanh)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        hidden, _ = self.roberta(input_ids, token_type_ids, attention_mask)
        return self.classifier(hidden)


class RobertaForQuestionAnswering(nn.Module):
    task = "question_answering"

    def __init__(self, cfg):
        super().__init__()
        self.roberta = BertModel(cfg, add_pooling_layer=False, embeddings=RobertaEmbeddings(cfg))
        self.qa_outputs = nn.Linear(cfg["hidden_size"], 2)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        hidden, _ = self.roberta(input_ids, token_type_ids, attention_mask)
        return _qa(hidden, self.qa_outputs)


# ------------------------------------------------------------------------------------ ELECTRA


class ElectraModel(nn.Module):
    """BERT embeddings of width embedding_size, projected to hidden_size when they differ."""

    def __init__(self, cfg):
        super().__init__()
        e, h = cfg.get("embedding_size", 128), cfg["hidden_size"]
        self.embeddings = BertEmbeddings(cfg, width=e)
        if e != h:
            self.embeddings_project = nn.Linear(e, h)
        self.encoder = BertEncoder(cfg)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        hidden = self.embeddings(input_ids, token_type_ids)
        if hasattr(self, "embeddings_project"):
            hidden = self.embeddings_project(hidden)
        return self.encoder(hidden, extended_attention_mask(attention_mask, hidden.dtype))


class ElectraForSequenceClassification(nn.Module):
    task = "classification"

    def __init__(self, cfg):
        super().__init__()
        self.electra = ElectraModel(cfg)
        self.classifier = FirstTokenHead(cfg, F.gelu)  # exact GELU whatever hidden_act is

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        return self.classifier(self.electra(input_ids, token_type_ids, attention_mask))


class ElectraForQuestionAnswering(nn.Module):
    task = "question_answering"

    def __init__(self, cfg):
        super().__init__()
        self.electra = ElectraModel(cfg)
        self.qa_outputs = nn.Linear(cfg["hidden_size"], 2)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        return _qa(self.electra(input_ids, token_type_ids, attention_mask), self.qa_outputs)


# --------------------------------------------------------------------------------- DistilBERT

DISTILBERT_LN_EPS = 1e-12


class DistilEmbeddings(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        if cfg.get("sinusoidal_pos_embds", False):
            raise ValueError("sinusoidal_pos_embds is not implemented")
        d = cfg["dim"]
        self.word_embeddings = nn.Embedding(cfg["vocab_size"], d, padding_idx=cfg.get("pad_token_id", 0))
        self.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], d)
        self.LayerNorm = nn.LayerNorm(d, eps=DISTILBERT_LN_EPS)

    def forward(self, input_ids):
        seq_len = input_ids.shape[1]
        position_ids = torch.arange(seq_len, dtype=torch.long, device=input_ids.device)[None, :]
        embeddings = self.word_embeddings(input_ids) + self.position_embeddings(position_ids)
        return self.LayerNorm(embeddings)


class MultiHeadSelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.dim, self.n_heads = cfg["dim"], cfg["n_heads"]
        if self.dim % self.n_heads:
            raise ValueError(f"dim {self.dim} not divisible by n_heads {self.n_heads}")
        self.q_lin = nn.Linear(self.dim, self.dim)
        self.k_lin = nn.Linear(self.dim, self.dim)
        self.v_lin = nn.Linear(self.dim, self.dim)
        self.out_lin = nn.Linear(self.dim, self.dim)

    def forward(self, x, attention_mask):
        bs, q_length, dim = x.shape
        dim_per_head = self.dim // self.n_heads

        def shape(t):
            return t.view(bs, -1, self.n_heads, dim_per_head).transpose(1, 2)

        q = shape(self.q_lin(x))
        k = shape(self.k_lin(x))
        v = shape(self.v_lin(x))
        q = q / math.sqrt(dim_per_head)
        scores = torch.matmul(q, k.transpose(2, 3))
        mask = (attention_mask == 0).view(bs, 1, 1, -1).expand_as(scores)
        scores = scores.masked_fill(mask, torch.tensor(torch.finfo(scores.dtype).min))
        weights = F.softmax(scores, dim=-1)
        context = torch.matmul(weights, v)
        context = context.transpose(1, 2).contiguous().view(bs, -1, self.n_heads * dim_per_head)
        return self.out_lin(context)


class FFN(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.lin1 = nn.Linear(cfg["dim"], cfg["hidden_dim"])
        self.lin2 = nn.Linear(cfg["hidden_dim"], cfg["dim"])
        self.activation = Activation(cfg["activation"])

    def forward(self, x):
        return self.lin2(self.activation(self.lin1(x)))


class TransformerBlock(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.attention = MultiHeadSelfAttention(cfg)
        self.sa_layer_norm = nn.LayerNorm(cfg["dim"], eps=DISTILBERT_LN_EPS)
        self.ffn = FFN(cfg)
        self.output_layer_norm = nn.LayerNorm(cfg["dim"], eps=DISTILBERT_LN_EPS)

    def forward(self, x, attention_mask):
        sa = self.sa_layer_norm(self.attention(x, attention_mask) + x)
        return self.output_layer_norm(self.ffn(sa) + sa)


class Transformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layer = nn.ModuleList([TransformerBlock(cfg) for _ in range(cfg["n_layers"])])

    def forward(self, x, attention_mask):
        for layer in self.layer:
            x = layer(x, attention_mask)
        return x


class DistilBertModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embeddings = DistilEmbeddings(cfg)
        self.transformer = Transformer(cfg)

    def forward(self, input_ids, attention_mask=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        return self.transformer(self.embeddings(input_ids), attention_mask)


class DistilBertForSequenceClassification(nn.Module):
    task = "classification"

    def __init__(self, cfg):
        super().__init__()
        self.distilbert = DistilBertModel(cfg)
        self.pre_classifier = nn.Linear(cfg["dim"], cfg["dim"])
        self.classifier = nn.Linear(cfg["dim"], num_labels(cfg))

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        # token_type_ids is accepted and ignored: DistilBERT has no segment embeddings.
        hidden = self.distilbert(input_ids, attention_mask)
        pooled = F.relu(self.pre_classifier(hidden[:, 0]))
        return self.classifier(pooled)


class DistilBertForQuestionAnswering(nn.Module):
    task = "question_answering"

    def __init__(self, cfg):
        super().__init__()
        self.distilbert = DistilBertModel(cfg)
        self.qa_outputs = nn.Linear(cfg["dim"], 2)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        hidden = self.distilbert(input_ids, attention_mask)
        start, end = self.qa_outputs(hidden).split(1, dim=-1)
        return start.squeeze(-1).contiguous(), end.squeeze(-1).contiguous()


# ------------------------------------------------------------------------ token classification
# *ForTokenClassification: the base model without a pooler, then (dropout and) one Linear
# `classifier` over every token's hidden state. Returns [batch, tokens, labels].


class BertForTokenClassification(nn.Module):
    task = "token_classification"

    def __init__(self, cfg):
        super().__init__()
        self.bert = BertModel(cfg, add_pooling_layer=False)
        self.classifier = nn.Linear(cfg["hidden_size"], num_labels(cfg))

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        hidden, _ = self.bert(input_ids, token_type_ids, attention_mask)
        return self.classifier(hidden)


class RobertaForTokenClassification(nn.Module):
    task = "token_classification"

    def __init__(self, cfg):
        super().__init__()
        self.roberta = BertModel(cfg, add_pooling_layer=False, embeddings=RobertaEmbeddings(cfg))
        self.classifier = nn.Linear(cfg["hidden_size"], num_labels(cfg))

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        hidden, _ = self.roberta(input_ids, token_type_ids, attention_mask)
        return self.classifier(hidden)


class ElectraForTokenClassification(nn.Module):
    task = "token_classification"

    def __init__(self, cfg):
        super().__init__()
        self.electra = ElectraModel(cfg)
        self.classifier = nn.Linear(cfg["hidden_size"], num_labels(cfg))

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        return self.classifier(self.electra(input_ids, token_type_ids, attention_mask))


class DistilBertForTokenClassification(nn.Module):
    task = "token_classification"

    def __init__(self, cfg):
        super().__init__()
        self.distilbert = DistilBertModel(cfg)
        self.classifier = nn.Linear(cfg["dim"], num_labels(cfg))

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        return self.classifier(self.distilbert(input_ids, attention_mask))


# --------------------------------------------------------------------------------- DeBERTa-v2
# DeBERTa-v2 / v3 ("deberta." tensors, model_type deberta-v2): BERT-shaped layers whose attention
# adds two relative-position terms to the content scores, content-to-position (c2p: the query
# against projected relative-position embeddings) and position-to-content (p2c: the key against
# them), over relative distances that are optionally log-bucketed. Written from the DeBERTa
# papers' formulas and Hugging Face's config fields; inference only.


def deberta_terms(cfg):
    """pos_att_type as a list: a JSON list, or a "p2c|c2p" string (lower-cased, split on '|')."""
    terms = cfg.get("pos_att_type") or []
    if isinstance(terms, str):
        terms = [t.strip() for t in terms.lower().split("|") if t.strip()]
    for t in terms:
        if t not in ("c2p", "p2c"):
            raise ValueError(f"pos_att_type term {t!r} is not implemented")
    return list(terms)


def deberta_spans(cfg):
    """(position_buckets or -1, max_relative_positions resolved, att_span = rows / 2 of rel_embeddings)."""
    max_rel = cfg.get("max_relative_positions", -1)
    if max_rel < 1:
        max_rel = cfg["max_position_embeddings"]
    buckets = cfg.get("position_buckets", -1)
    return buckets, max_rel, (buckets if buckets > 0 else max_rel)


def log_bucket(distance, buckets, max_position):
    """The bucket of a relative distance (long tensor): exact within +-buckets/2, then growing with
    log(|distance|), scaled so that |distance| = max_position - 1 lands on buckets - 1. Computed in
    float32 like the published implementation."""
    half = buckets // 2
    magnitude = distance.abs()
    near = magnitude <= half
    # Inside (-half, half) the log term is unused; feed it half - 1 to keep the log finite.
    safe = torch.where(distance.abs() < half, torch.full_like(magnitude, half - 1), magnitude)
    ratio = safe.to(torch.float32) / half
    scale = torch.log(torch.tensor((max_position - 1) / half, dtype=torch.float32))
    far = torch.ceil(torch.log(ratio) / scale * (half - 1)) + half
    return torch.where(near, distance.to(torch.float32), far * torch.sign(distance).to(torch.float32))


def deberta_relative_positions(n, cfg):
    """[n, n] long: the (bucketed) relative position of key j seen from query i, i - j."""
    buckets, max_rel, _ = deberta_spans(cfg)
    idx = torch.arange(n)
    rel = idx[:, None] - idx[None, :]
    if buckets > 0 and max_rel > 0:
        rel = log_bucket(rel, buckets, max_rel)
    return rel.to(torch.long)


class DebertaV2Embeddings(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h = cfg["hidden_size"]
        e = cfg.get("embedding_size", h)
        self.word_embeddings = nn.Embedding(cfg["vocab_size"], e, padding_idx=cfg.get("pad_token_id", 0))
        self.biased = cfg.get("position_biased_input", True)
        if self.biased:
            self.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], e)
        self.types = cfg.get("type_vocab_size", 0)
        if self.types > 0:
            self.token_type_embeddings = nn.Embedding(self.types, e)
        if e != h:
            self.embed_proj = nn.Linear(e, h, bias=False)
        self.LayerNorm = nn.LayerNorm(h, eps=cfg["layer_norm_eps"])

    def forward(self, input_ids, token_type_ids, mask):
        x = self.word_embeddings(input_ids)
        if self.biased:
            x = x + self.position_embeddings(torch.arange(input_ids.shape[1])[None, :])
        if self.types > 0:
            x = x + self.token_type_embeddings(token_type_ids)
        if hasattr(self, "embed_proj"):
            x = self.embed_proj(x)
        # Padding positions leave the embeddings as zeros.
        return self.LayerNorm(x) * mask[:, :, None].to(x.dtype)


class DisentangledSelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        h, self.heads = cfg["hidden_size"], cfg["num_attention_heads"]
        if h % self.heads:
            raise ValueError(f"hidden_size {h} not divisible by num_attention_heads {self.heads}")
        self.d = h // self.heads
        self.query_proj = nn.Linear(h, h)
        self.key_proj = nn.Linear(h, h)
        self.value_proj = nn.Linear(h, h)
        self.terms = deberta_terms(cfg)
        self.relative = cfg.get("relative_attention", False)
        self.shared = cfg.get("share_att_key", False)
        _, _, self.span = deberta_spans(cfg)
        if self.relative and not self.shared:
            if "c2p" in self.terms:
                self.pos_key_proj = nn.Linear(h, h)
            if "p2c" in self.terms:
                self.pos_query_proj = nn.Linear(h, h)

    def _heads(self, x):
        # [..., rows, H] -> [..., heads, rows, d]
        return x.unflatten(-1, (self.heads, self.d)).transpose(-3, -2)

    def forward(self, hidden, pair_mask, rel, rel_embeddings):
        """pair_mask: [B, N, N] bool (query i may attend key j); rel: [N, N] relative positions;
        rel_embeddings: [2 * span, H] (already normalised)."""
        q = self._heads(self.query_proj(hidden))
        k = self._heads(self.key_proj(hidden))
        v = self._heads(self.value_proj(hidden))
        denom = math.sqrt(self.d * (1 + len(self.terms)))
        scores = q @ k.transpose(-1, -2) / denom
        if self.relative and self.terms:
            table = rel_embeddings[: 2 * self.span]
            index = torch.clamp(rel + self.span, 0, 2 * self.span - 1)  # [N, N] row of the table
            n = hidden.shape[1]
            bias = torch.zeros_like(scores)
            if "c2p" in self.terms:
                pk = self._heads(self.key_proj(table) if self.shared else self.pos_key_proj(table))
                c2p = q @ pk.transpose(-1, -2)  # [B, heads, N (query), 2 * span]
                bias = bias + torch.gather(c2p, -1, index.expand(c2p.shape[:2] + (n, n))) / denom
            if "p2c" in self.terms:
                pq = self._heads(self.query_proj(table) if self.shared else self.pos_query_proj(table))
                p2c = k @ pq.transpose(-1, -2)  # [B, heads, N (key), 2 * span]
                # Row j (key j) is read at the distance of query i seen from key j, -rel[j][i]:
                # gathering row-wise at clamp(-rel + span) gives [key, query]; transpose it.
                back = torch.clamp(-rel + self.span, 0, 2 * self.span - 1)
                g = torch.gather(p2c, -1, back.expand(p2c.shape[:2] + (n, n)))
                bias = bias + g.transpose(-1, -2) / denom
            scores = scores + bias
        blocked = ~pair_mask[:, None, :, :]
        scores = scores.masked_fill(blocked, torch.finfo(scores.dtype).min)
        probs = F.softmax(scores, dim=-1).masked_fill(blocked, 0.0)
        ctx = (probs @ v).transpose(-3, -2)
        return ctx.flatten(-2)


class DebertaV2Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.self = DisentangledSelfAttention(cfg)
        self.output = BertSelfOutput(cfg)

    def forward(self, hidden, pair_mask, rel, rel_embeddings):
        return self.output(self.self(hidden, pair_mask, rel, rel_embeddings), hidden)


class DebertaV2Layer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.attention = DebertaV2Attention(cfg)
        self.intermediate = BertIntermediate(cfg)
        self.output = BertOutput(cfg)

    def forward(self, hidden, pair_mask, rel, rel_embeddings):
        a = self.attention(hidden, pair_mask, rel, rel_embeddings)
        return self.output(self.intermediate(a), a)


class DebertaV2Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        if cfg.get("conv_kernel_size", 0) > 0:
            raise ValueError("conv_kernel_size > 0 (DeBERTa-v2 xlarge's ConvLayer) is not implemented")
        self.cfg = cfg
        self.layer = nn.ModuleList([DebertaV2Layer(cfg) for _ in range(cfg["num_hidden_layers"])])
        self.relative = cfg.get("relative_attention", False)
        _, _, span = deberta_spans(cfg)
        if self.relative:
            self.rel_embeddings = nn.Embedding(2 * span, cfg["hidden_size"])
        norms = [x.strip() for x in cfg.get("norm_rel_ebd", "none").lower().split("|")]
        if "layer_norm" in norms:
            self.LayerNorm = nn.LayerNorm(cfg["hidden_size"], eps=cfg["layer_norm_eps"])

    def forward(self, hidden, mask):
        m = mask.to(torch.bool)
        pair_mask = m[:, :, None] & m[:, None, :]
        rel = deberta_relative_positions(hidden.shape[1], self.cfg)
        table = None
        if self.relative:
            table = self.rel_embeddings.weight
            if hasattr(self, "LayerNorm"):
                table = self.LayerNorm(table)
        for layer in self.layer:
            hidden = layer(hidden, pair_mask, rel, table)
        return hidden


class DebertaV2Model(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embeddings = DebertaV2Embeddings(cfg)
        self.encoder = DebertaV2Encoder(cfg)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        return self.encoder(self.embeddings(input_ids, token_type_ids, attention_mask), attention_mask)


class ContextPooler(nn.Module):
    """DeBERTa's pooler: act(dense(h[:, 0])), act = pooler_hidden_act."""

    def __init__(self, cfg):
        super().__init__()
        p = cfg.get("pooler_hidden_size") or cfg["hidden_size"]
        self.dense = nn.Linear(p, p)
        self.act = Activation(cfg.get("pooler_hidden_act", "gelu"))

    def forward(self, hidden):
        return self.act(self.dense(hidden[:, 0]))


class DebertaV2ForSequenceClassification(nn.Module):
    task = "classification"

    def __init__(self, cfg):
        super().__init__()
        self.deberta = DebertaV2Model(cfg)
        self.pooler = ContextPooler(cfg)
        self.classifier = nn.Linear(cfg.get("pooler_hidden_size") or cfg["hidden_size"], num_labels(cfg))

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        return self.classifier(self.pooler(self.deberta(input_ids, token_type_ids, attention_mask)))


class DebertaV2ForQuestionAnswering(nn.Module):
    task = "question_answering"

    def __init__(self, cfg):
        super().__init__()
        self.deberta = DebertaV2Model(cfg)
        self.qa_outputs = nn.Linear(cfg["hidden_size"], 2)

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        return _qa(self.deberta(input_ids, token_type_ids, attention_mask), self.qa_outputs)


class DebertaV2ForTokenClassification(nn.Module):
    task = "token_classification"

    def __init__(self, cfg):
        super().__init__()
        self.deberta = DebertaV2Model(cfg)
        self.classifier = nn.Linear(cfg["hidden_size"], num_labels(cfg))

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        return self.classifier(self.deberta(input_ids, token_type_ids, attention_mask))


# ------------------------------------------------------------------------------------ helpers

ARCHITECTURES = {
    "BertForSequenceClassification": BertForSequenceClassification,
    "BertForQuestionAnswering": BertForQuestionAnswering,
    "DistilBertForSequenceClassification": DistilBertForSequenceClassification,
    "DistilBertForQuestionAnswering": DistilBertForQuestionAnswering,
    "RobertaForSequenceClassification": RobertaForSequenceClassification,
    "RobertaForQuestionAnswering": RobertaForQuestionAnswering,
    "XLMRobertaForSequenceClassification": RobertaForSequenceClassification,
    "XLMRobertaForQuestionAnswering": RobertaForQuestionAnswering,
    "CamembertForSequenceClassification": RobertaForSequenceClassification,
    "CamembertForQuestionAnswering": RobertaForQuestionAnswering,
    "ElectraForSequenceClassification": ElectraForSequenceClassification,
    "ElectraForQuestionAnswering": ElectraForQuestionAnswering,
    "BertForTokenClassification": BertForTokenClassification,
    "DistilBertForTokenClassification": DistilBertForTokenClassification,
    "RobertaForTokenClassification": RobertaForTokenClassification,
    "XLMRobertaForTokenClassification": RobertaForTokenClassification,
    "CamembertForTokenClassification": RobertaForTokenClassification,
    "ElectraForTokenClassification": ElectraForTokenClassification,
    "DebertaV2ForSequenceClassification": DebertaV2ForSequenceClassification,
    "DebertaV2ForQuestionAnswering": DebertaV2ForQuestionAnswering,
    "DebertaV2ForTokenClassification": DebertaV2ForTokenClassification,
}


def num_labels(cfg):
    if "id2label" in cfg:
        return len(cfg["id2label"])
    return cfg.get("num_labels", 2)


def build_model(cfg):
    """Builds the (eval-mode) module named by config["architectures"][0]."""
    arch = cfg["architectures"][0]
    if arch not in ARCHITECTURES:
        raise ValueError(f"unsupported architecture {arch}")
    return ARCHITECTURES[arch](cfg).eval()


def hf_state_dict_to_module(tensors, model):
    """Maps checkpoint tensors onto `model`'s keys the way transformers' loader does: renames
    LayerNorm.gamma/beta, drops the position_ids buffer and unused *.pooler.* (QA, token
    classification, RoBERTa);
    converts floating tensors to float32. Raises on anything missing or unexpected."""
    wanted = model.state_dict()
    out = {}
    for name, t in tensors.items():
        if name.endswith("LayerNorm.gamma"):
            name = name[: -len("gamma")] + "weight"
        elif name.endswith("LayerNorm.beta"):
            name = name[: -len("beta")] + "bias"
        if name.endswith("embeddings.position_ids") and name not in wanted:
            continue
        if ".pooler." in name and name not in wanted:
            continue
        out[name] = t.float() if t.is_floating_point() else t
    missing = sorted(set(wanted) - set(out))
    unexpected = sorted(set(out) - set(wanted))
    if missing or unexpected:
        raise ValueError(f"checkpoint mismatch: missing {missing}, unexpected {unexpected}")
    for name, t in out.items():
        if tuple(t.shape) != tuple(wanted[name].shape):
            raise ValueError(f"{name}: shape {tuple(t.shape)} != {tuple(wanted[name].shape)}")
    model.load_state_dict(out, strict=True)
    return model
