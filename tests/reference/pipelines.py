"""Post-processing of three Hugging Face pipelines, written for Octet from their published
behaviour (transformers 4.x): token classification (TokenClassificationPipeline), zero-shot
classification (ZeroShotClassificationPipeline) and reranking (TEI's /rerank). numpy only, float32
scores as the pipelines compute them. make_fixtures.py runs them on the PyTorch reference's logits
and writes the results into reference.json.
"""

import numpy as np

# ------------------------------------------------------------------------ token classification

STRATEGIES = ("none", "simple", "first", "average", "max")

_CLEANUP = ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
            (" 'm", "'m"), (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"))


def wordpiece_tokens_to_string(tokens):
    """The WordPiece decoder (prefix "##", cleanup on), per token then joined."""
    out = []
    for i, t in enumerate(tokens):
        if i > 0:
            t = t[2:] if t.startswith("##") else " " + t
        for a, b in _CLEANUP:
            t = t.replace(a, b)
        out.append(t)
    return "".join(out)


def metaspace_tokens_to_string(replacement, prepend_scheme):
    """The Metaspace decoder (Unigram / SentencePiece tokenizer.json files), as the fast tokenizer's
    convert_tokens_to_string runs it: every `replacement` becomes a space, except in the first
    token, where it is dropped (unless prepend_scheme is "never"); the tokens are then joined."""
    def to_string(tokens):
        return "".join(t.replace(replacement, "" if i == 0 and prepend_scheme != "never" else " ")
                       for i, t in enumerate(tokens))
    return to_string


def _softmax(logits):
    x = np.asarray(logits, dtype=np.float32)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _pre_entities(sentence, enc, logits, unk_id, word_aware):
    scores = _softmax(logits)
    out = []
    for idx, token in enumerate(enc["tokens"]):
        if enc["sequence_ids"][idx] is None:  # special token
            continue
        start, end = enc["offsets"][idx]
        word_ref = sentence[start:end]
        if word_aware:  # a continuation prefix: tokens shorter/longer than their text continue
            is_subword = len(token) != len(word_ref)
        else:
            is_subword = start > 0 and " " not in sentence[start - 1:start + 1]
        word = token
        if enc["ids"][idx] == unk_id:
            word, is_subword = word_ref, False
        out.append(dict(word=word, scores=scores[idx], start=start, end=end, index=idx,
                        is_subword=is_subword))
    return out


def _tag(p, id2label):
    i = int(p["scores"].argmax())
    return dict(entity=id2label[i], score=float(p["scores"][i]), index=p["index"], word=p["word"],
                start=p["start"], end=p["end"])


def _aggregate_word(tokens, strategy, id2label, to_string):
    if strategy == "first":
        scores = tokens[0]["scores"]
    elif strategy == "max":
        best = tokens[0]
        for t in tokens[1:]:
            if t["scores"].max() > best["scores"].max():
                best = t
        scores = best["scores"]
    else:  # average
        scores = np.mean(np.stack([t["scores"] for t in tokens]), axis=0)
    i = int(scores.argmax())
    return dict(entity=id2label[i], score=float(scores[i]),
                word=to_string([t["word"] for t in tokens]), start=tokens[0]["start"],
                end=tokens[-1]["end"])


def _split_tag(label):
    if label.startswith("B-"):
        return "B", label[2:]
    if label.startswith("I-"):
        return "I", label[2:]
    return "I", label


def _group(parts, to_string):
    return dict(entity_group=parts[0]["entity"].split("-", 1)[-1],
                score=float(np.mean([p["score"] for p in parts])),
                word=to_string([p["word"] for p in parts]), start=parts[0]["start"],
                end=parts[-1]["end"])


def _group_entities(tagged, to_string):
    groups, current = [], []
    for e in tagged:
        if not current:
            current.append(e)
            continue
        bi, tag = _split_tag(e["entity"])
        _, last_tag = _split_tag(current[-1]["entity"])
        if tag == last_tag and bi != "B":
            current.append(e)
        else:
            groups.append(_group(current, to_string))
            current = [e]
    if current:
        groups.append(_group(current, to_string))
    return groups


def _merge_overlapping(entities):
    if not entities:
        return entities
    entities = sorted(entities, key=lambda x: x["start"])
    out, previous = [], entities[0]
    for e in entities:
        if previous["start"] <= e["start"] < previous["end"]:
            length, previous_length = e["end"] - e["start"], previous["end"] - previous["start"]
            if length > previous_length or (length == previous_length and e["score"] > previous["score"]):
                previous = e
        else:
            out.append(previous)
            previous = e
    out.append(previous)
    return out


def token_classification(sentence, windows, id2label, strategy, unk_id, ignore_labels=("O",),
                         word_aware=True, to_string=wordpiece_tokens_to_string):
    """Entities of `sentence` from its windows: [(encoding, [tokens, labels] logits)]."""
    entities = []
    for enc, logits in windows:
        pre = _pre_entities(sentence, enc, logits, unk_id, word_aware)
        if strategy in ("none", "simple"):
            tagged = [_tag(p, id2label) for p in pre]
        else:
            tagged, word = [], []
            for p in pre:
                if word and not p["is_subword"]:
                    tagged.append(_aggregate_word(word, strategy, id2label, to_string))
                    word = []
                word.append(p)
            if word:
                tagged.append(_aggregate_word(word, strategy, id2label, to_string))
        grouped = tagged if strategy == "none" else _group_entities(tagged, to_string)
        entities += [e for e in grouped if e.get("entity") not in ignore_labels
                     and e.get("entity_group") not in ignore_labels]
    return _merge_overlapping(entities) if len(windows) > 1 else entities


def stride_windows(enc, max_length, stride, cls_id, sep_id):
    """The tokenizers crate's overflowing windows of a single [CLS] A [SEP] encoding: parts of
    max_length - 2 tokens, each starting max_length - 2 - stride tokens after the previous."""
    body = {k: v[1:-1] for k, v in enc.items()}
    n, budget = len(body["ids"]), max_length - 2
    step = budget - stride
    assert step > 0
    windows, start = [], 0
    while True:
        end = min(start + budget, n)
        w = {k: v[start:end] for k, v in body.items()}
        windows.append({"tokens": ["[CLS]"] + w["tokens"] + ["[SEP]"],
                        "ids": [cls_id] + w["ids"] + [sep_id],
                        "type_ids": [0] * (end - start + 2),
                        "offsets": [[0, 0]] + w["offsets"] + [[0, 0]],
                        "sequence_ids": [None] + w["sequence_ids"] + [None]})
        if end == n:
            return windows
        start += step

# ------------------------------------------------------------------------------- zero-shot


def entailment_id(id2label):
    for i in range(len(id2label)):
        if id2label[i].lower().startswith("entail"):
            return i
    return -1


def zero_shot(logits, candidate_labels, id2label, multi_label):
    """logits: [labels, model labels] of one text's (text, hypothesis) pairs, in label order."""
    x = np.asarray(logits, dtype=np.float32)
    ent = entailment_id(id2label)
    if multi_label or len(candidate_labels) == 1:
        contradiction = -1 if ent == 0 else 0
        pair = x[:, [contradiction, ent]]
        e = np.exp(pair - pair.max(axis=-1, keepdims=True))
        scores = (e / e.sum(axis=-1, keepdims=True))[:, 1]
    else:
        e = np.exp(x[:, ent] - x[:, ent].max())
        scores = e / e.sum()
    order = list(reversed(np.argsort(scores, kind="stable")))
    return {"labels": [candidate_labels[i] for i in order], "ids": [int(i) for i in order],
            "scores": [float(scores[i]) for i in order]}

# ---------------------------------------------------------------------------------- rerank


def rerank(logits, raw_scores=False):
    """logits: [texts, 1 or 2] of the (query, text) pairs → TEI-style ranks, best first."""
    x = np.asarray(logits, dtype=np.float32)
    col = x[:, 0] if x.shape[1] == 1 else x[:, 1]
    scores = col if raw_scores else (1.0 / (1.0 + np.exp(-col))).astype(np.float32)
    order = sorted(range(len(scores)), key=lambda i: -float(scores[i]))
    return [{"index": i, "score": float(scores[i])} for i in order]
