#!/usr/bin/python3
"""Reference answers of the transformers 4.x question-answering pipeline on the committed QA
fixtures, for what the fixtures' own references do not cover: contexts split into three or more
stride windows, non-ASCII contexts (code-point vs byte offsets), handle_impossible_answer, and
top_k > 1. The server tests (tests/server_qa_test.cc) ask octet-server the same questions with
--precision fp32 and compare.

The algorithm is written here from the transformers 4.x question-answering pipeline (
`QuestionAnsweringPipeline` with a fast tokenizer, `padding_side="right"`), independently of the
C++ code:
  windows   tokenizers' `truncation="only_second"` overflow: context tokens
            [k*(m - stride), k*(m - stride) + m) with m = max_seq_len - len(question) - 3, until
            one reaches the end; each is [CLS] question [SEP] part [SEP];
  model     the PyTorch reference model in FP32, one window at a time (batch of 1, no padding);
  decode    `select_starts_ends` + `decode_spans` on (1, n) arrays, including the np.isin quirk
            that lets index 0 through; `get_indices` with align_to_words; `get_answer` merging
            case-insensitively equal answers by summing scores; the null answer appended when
            handle_impossible_answer.

Usage: /usr/bin/python3 tests/reference/make_qa_references.py   (needs python3-torch, numpy)
Writes tests/data/qa_pipeline_references.json (deterministic: re-running reproduces it).
"""

import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bert_tokenizer  # noqa: E402
import make_fixtures  # noqa: E402
import safetensors_io  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, "tests", "data", "fixtures")
OUT = os.path.join(REPO, "tests", "data", "qa_pipeline_references.json")
QA_FIXTURES = ["bert_qa_sharded", "distil_qa"]

_LONG_CONTEXT = (
    "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. "
    "It is named after the engineer Gustave Eiffel, whose company designed and built the tower "
    "between 1887 and 1889. Tourists visit the tower every day of the year, and in the evening "
    "the city lights make it look wonderful. A soccer match is played by two teams of eleven "
    "players each. A match usually lasts 90 minutes, in two halves of 45 minutes, and the team "
    "that scores more goals wins. On a clear day the sky looks blue because air scatters blue "
    "light from the sun more than red light. Marie Curie was a Polish and French physicist and "
    "chemist who conducted pioneering research on radioactivity. She was the first woman to win "
    "a Nobel Prize, and together with her husband Pierre Curie she discovered the elements "
    "polonium and radium in 1898.")

_NON_ASCII_CONTEXT = (
    "In 2019 Zoë opened a small café called Le Petit Déjeuner near the old station in Brno. "
    "The smørrebrød at the market in Zürich was delicious, and Marie Skłodowska Curie 🙂 "
    "visited the café every morning with her friend Ølaf before work at the museum.")

# (name, fixture-independent question, context, options). Options not given take the pipeline
# defaults for a model limit of 128 tokens: max_seq_len 128, doc_stride 64, max_answer_len 15.
CASES = [
    ("long_context_top3", "Who designed the tower?", _LONG_CONTEXT,
     dict(max_seq_len=64, doc_stride=16, top_k=3)),
    ("long_context_overlap", "When did she discover radium?", _LONG_CONTEXT,
     dict(max_seq_len=48, doc_stride=20, top_k=2, max_answer_len=8)),
    ("non_ascii_windows", "Which café did Zoë open?", _NON_ASCII_CONTEXT,
     dict(max_seq_len=40, doc_stride=12, top_k=3)),
    ("non_ascii_single_window", "What was delicious?", _NON_ASCII_CONTEXT, dict(top_k=2)),
    ("impossible_long", "What color is the car?", _LONG_CONTEXT,
     dict(max_seq_len=64, doc_stride=16, top_k=2, handle_impossible_answer=True)),
    # Chosen so that on both fixtures the null answer beats every span.
    ("impossible_short_null_wins", "What is the price?", "It is sunny and warm outside.",
     dict(top_k=2, handle_impossible_answer=True)),
    ("defaults", "Where is the Eiffel Tower?", _LONG_CONTEXT, dict()),
]


def load_vocab(fixture_dir):
    with open(os.path.join(fixture_dir, "tokenizer.json"), encoding="utf-8") as f:
        vocab = json.load(f)["model"]["vocab"]
    return [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])]


def windows(tokenizer, question, context, max_seq_len, doc_stride):
    """The pipeline's encodings: one dict per window with ids, type_ids, sequence_ids, word_ids."""
    q_tokens, _, _ = tokenizer.tokenize(question)
    c_tokens, _, c_words = tokenizer.tokenize(context)
    m = max_seq_len - len(q_tokens) - 3
    if m <= 0 or doc_stride >= m:
        raise ValueError(f"no room: m={m}, stride={doc_stride}")
    parts, start = [], 0
    while True:
        stop = min(start + m, len(c_tokens))
        parts.append((start, stop))
        if stop == len(c_tokens):
            break
        start += m - doc_stride
    out = []
    for a, b in parts:
        tokens = ["[CLS]"] + q_tokens + ["[SEP]"] + c_tokens[a:b] + ["[SEP]"]
        n_q = len(q_tokens) + 2
        out.append({
            "tokens": tokens,
            "ids": [tokenizer.vocab[t] for t in tokens],
            "type_ids": [0] * n_q + [1] * (b - a + 1),
            "sequence_ids": [None] + [0] * len(q_tokens) + [None] + [1] * (b - a) + [None],
            "word_ids": [None] * n_q + c_words[a:b] + [None],
        })
    return out


def select_and_decode(start, end, p_mask, top_k, max_answer_len, handle_impossible, min_null):
    """transformers 4.x select_starts_ends + decode_spans on (1, n) float32 arrays."""
    attention_mask = np.ones_like(p_mask)
    undesired = np.abs(p_mask - 1) & attention_mask
    mask = undesired == 0.0
    start = np.where(mask, -10000.0, start).astype(np.float32)
    end = np.where(mask, -10000.0, end).astype(np.float32)
    start = np.exp(start - start.max(axis=-1, keepdims=True))
    start = start / start.sum()
    end = np.exp(end - end.max(axis=-1, keepdims=True))
    end = end / end.sum()
    if handle_impossible:
        min_null = min(min_null, (start[0, 0] * end[0, 0]).item())
    start[0, 0] = end[0, 0] = 0.0
    outer = np.matmul(np.expand_dims(start, -1), np.expand_dims(end, 1))
    candidates = np.tril(np.triu(outer), max_answer_len - 1)
    flat = candidates.flatten()
    if top_k == 1:
        order = [np.argmax(flat)]
    elif len(flat) < top_k:
        order = np.argsort(-flat)
    else:
        idx = np.argpartition(-flat, top_k)[0:top_k]
        order = idx[np.argsort(-flat[idx])]
    starts, ends = np.unravel_index(order, candidates.shape)[1:]
    desired = np.isin(starts, undesired.nonzero()) & np.isin(ends, undesired.nonzero())
    starts, ends = starts[desired], ends[desired]
    return starts, ends, candidates[0, starts, ends], min_null, flat


def pipeline(model, tokenizer, question, context, opts):
    top_k = opts.get("top_k", 1)
    max_seq_len = opts.get("max_seq_len", 128)
    doc_stride = opts.get("doc_stride", min(max_seq_len // 2, 128))
    max_answer_len = opts.get("max_answer_len", 15)
    impossible = opts.get("handle_impossible_answer", False)
    encs = windows(tokenizer, question, context, max_seq_len, doc_stride)
    word_spans = tokenizer.word_spans(context)
    answers, min_null, margins = [], 1000000.0, []
    with torch.no_grad():
        for e in encs:
            ids = torch.tensor([e["ids"]])
            s_logits, e_logits = model(ids, torch.tensor([e["type_ids"]]), torch.ones_like(ids))
            p_mask = np.array([[0 if s == 1 else 1 for s in e["sequence_ids"]]])
            p_mask[0, 0] = 0
            starts, ends, scores, min_null, flat = select_and_decode(
                s_logits.numpy().astype(np.float32), e_logits.numpy().astype(np.float32), p_mask,
                top_k, max_answer_len, impossible, min_null)
            # How far the kept spans are from the next candidate (ties would make the test
            # depend on rounding).
            ranked = np.sort(flat)[::-1]
            margins.append(float(min(ranked[i] - ranked[i + 1] for i in range(top_k))))
            for s, t, score in zip(starts, ends, scores):
                c0 = word_spans[e["word_ids"][s]][0]
                c1 = word_spans[e["word_ids"][t]][1]
                text = context[c0:c1]
                same = [a for a in answers if a["answer"].lower() == text.lower()]
                if same:
                    same[0]["score"] += score.item()
                else:
                    answers.append({"score": score.item(), "start": c0, "end": c1, "answer": text})
    if impossible:
        answers.append({"score": min_null, "start": 0, "end": 0, "answer": ""})
    answers = sorted(answers, key=lambda x: x["score"], reverse=True)
    # The pooled ranking must not hinge on near-ties either.
    pooled = [a["score"] for a in answers[:top_k + 1]]
    margins += [pooled[i] - pooled[i + 1] for i in range(len(pooled) - 1)]
    answers = answers[:top_k]
    for a in answers:
        a["byte_start"] = len(context[:a["start"]].encode("utf-8"))
        a["byte_end"] = len(context[:a["end"]].encode("utf-8"))
    return encs, answers, min(margins)


def main():
    torch.set_num_threads(1)
    cases = []
    for fixture in QA_FIXTURES:
        fixture_dir = os.path.join(FIXTURES, fixture)
        with open(os.path.join(fixture_dir, "config.json"), encoding="utf-8") as f:
            cfg = json.load(f)
        model = make_fixtures.build_reference_model(cfg, safetensors_io.load_model_dir(fixture_dir))
        tokenizer = bert_tokenizer.BertTokenizer(load_vocab(fixture_dir), do_lower_case=True)
        for name, question, context, opts in CASES:
            encs, answers, margin = pipeline(model, tokenizer, question, context, opts)
            cases.append({
                "fixture": fixture,
                "name": name,
                "question": question,
                "context": context,
                "options": opts,
                "windows": [e["ids"] for e in encs],
                "answers": answers,
                "min_score_margin": margin,
            })
            print(f"{fixture:16s} {name:24s} windows={len(encs):2d} margin={margin:.2e} "
                  f"answers={[(a['answer'], round(a['score'], 4)) for a in answers]}")
    ref = {
        "meta": {
            "generator": "tests/reference/make_qa_references.py",
            "torch_version": torch.__version__,
            "numpy_version": np.__version__,
            "precision": "fp32",
            "note": "transformers 4.x question-answering pipeline on "
                    "the QA fixtures; compare answers exactly and scores with a tolerance",
        },
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(make_fixtures.to_json(ref, sort_keys=False) + "\n")
    print(f"wrote {os.path.relpath(OUT, REPO)}")


if __name__ == "__main__":
    main()
