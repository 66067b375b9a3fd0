#!/usr/bin/python3
"""Generates the committed test fixtures in tests/data/fixtures/<name>/.

  bash deploy/install-deps.sh --reference && /usr/bin/python3 tests/reference/make_fixtures.py

Each fixture is a complete Hugging Face model folder (config.json, safetensors weights,
tokenizer files) plus reference.json with the token ids and the outputs of the PyTorch
reference (reference_model.py) in float32: each input alone, all inputs as one padded batch,
and the same model after torch.quantization.quantize_dynamic. The layout of reference.json is
documented in tests/data/fixtures/README.md (written by this script).

The RoBERTa-like fixtures (RoBERTa, XLM-RoBERTa, CamemBERT) name a tokenizer.json (TOKENIZERS:
roberta-base's byte-level BPE, the XLM-R-style Unigram, the CamemBERT-shaped Unigram that
make_camembert_tokenizer.py derives from it) and take their token ids from the real Hugging Face
tokenizer: hf_tokenize.js runs the `tokenizers` crate through its Node binding (npm
@anush008/tokenizers, installed as tests/oracle/ does: `cp tests/oracle/package*.json DIR &&
(cd DIR && npm ci)`, then pass --node-modules DIR/node_modules). `--only` regenerates some fixtures and leaves the others
untouched; README.md is always rewritten from every fixture's reference.json.

Deterministic: re-running on the same machine and PyTorch build gives byte-identical files.
Self-checks (not written anywhere): every weight file is read back with safetensors_io and must
reproduce the outputs exactly; batch outputs must match single outputs within 1e-5.
"""

import argparse
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, HERE)
import bert_tokenizer  # noqa: E402
import make_camembert_tokenizer  # noqa: E402
import make_model  # noqa: E402
import pipelines  # noqa: E402
import reference_model  # noqa: E402
import safetensors_io  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES_DIR = os.path.join(REPO, "tests", "data", "fixtures")
GENERATOR_VERSION = 1
MAX_POSITION = 128
BATCH_TOLERANCE = 1e-5
QA_MAX_ANSWER_LEN = 15
MAX_SEED_TRIES = 50
PAD_ID = 0  # [PAD] in bert_tokenizer.default_vocab()
# roberta-base's tokenizer.json: a committed copy, else the shared vocabularies beside the repo.
ROBERTA_TOKENIZER_CANDIDATES = [
    os.path.join(FIXTURES_DIR, "roberta_cls", "tokenizer.json"),
    os.path.join(REPO, "tests", "data", "tokenizers", "roberta-base", "tokenizer.json"),
    os.path.join(os.path.dirname(REPO), "shared", "vocab", "oracle", "roberta-base", "tokenizer.json"),
]
XLMR_STYLE_TOKENIZER_CANDIDATES = [
    os.path.join(FIXTURES_DIR, "xlmr_cls", "tokenizer.json"),
    os.path.join(REPO, "tests", "data", "tokenizers", "xlmr-style", "tokenizer.json"),
]
DEBERTAV3_STYLE_TOKENIZER_CANDIDATES = [
    os.path.join(FIXTURES_DIR, "debertav3_cls", "tokenizer.json"),
    os.path.join(REPO, "tests", "data", "tokenizers", "debertav3-style", "tokenizer.json"),
]
ROBERTA_MAX_POSITION = 514  # roberta-base: 512 tokens after the pad_token_id + 1 offset
DEBERTA_MAX_POSITION = 512  # microsoft/deberta-v3-*
ROBERTA_PAD_ID = 1

# ------------------------------------------------------------------------------------- inputs

CLS_INPUTS = [
    ("Excellent!", None),
    ("terrible", None),
    ("The movie was surprisingly good, and the actors were wonderful.", None),
    ("I didn't like the ending; it felt rushed and the music was far too loud.", None),
    ("Café owners in Zürich say the naïve résumé of the plan is unconvincing.", None),
    ("The smørrebrød at the market was delicious, but the queue was long!", None),
    ("After waiting for more than 45 minutes, we finally got our food, but it was cold and the "
     "waiter never apologized. Honestly, I would not recommend this restaurant to anyone, although "
     "the desserts were quite nice and the prices are reasonable. The music, however, was far too "
     "loud.", None),
    ("U.S. prices rose 3.5% in 2023 -- economists had expected less.", None),
    ("The weather is nice today.", "It is sunny and warm outside."),
    ("A man is playing a guitar on stage.", "Nobody is making any music."),
]

_EIFFEL = ("The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. "
           "It is named after the engineer Gustave Eiffel, whose company designed and built the "
           "tower between 1887 and 1889.")
QA_INPUTS = [
    ("Where is the Eiffel Tower?", _EIFFEL),
    ("Who designed the tower?", _EIFFEL),
    ("What color is the sky on a clear day?",
     "On a clear day the sky looks blue because air scatters blue light from the sun more than "
     "red light."),
    ("How many players does each team have?",
     "A soccer match is played by two teams of eleven players each. A match usually lasts 90 "
     "minutes, in two halves of 45 minutes, and the team that scores more goals wins."),
    ("Which café did Zoë open?",
     "In 2019 Zoë opened a small café called Le Petit Déjeuner near the old station in Brno, and "
     "it quickly became popular with students."),
    ("What did Marie Curie discover?",
     "Marie Skłodowska Curie was a Polish and naturalised-French physicist and chemist who "
     "conducted pioneering research on radioactivity. She was the first woman to win a Nobel "
     "Prize, the first person to win a Nobel Prize twice, and the only person to win a Nobel "
     "Prize in two scientific fields. Together with her husband Pierre Curie she discovered the "
     "elements polonium and radium in 1898."),
    ("What was delicious?", "The smørrebrød at the market was delicious."),
]

# The RoBERTa classification inputs: the shared ones plus texts that pin RoBERTa specifics. A
# "<pad>" typed in the text is an added token: it becomes id 1 (= pad_token_id) and takes the pad
# row of the position table without advancing the positions of the tokens after it.
ROBERTA_CLS_INPUTS = CLS_INPUTS + [
    ("I typed <pad> in the middle of this sentence.", None),
    ("<pad><pad> two pads first, then <mask> and the end.", "And a second <pad> text."),
    ("  Leading spaces, tabs\tand émojis 🙂 are bytes too.  ", None),
]

# XLM-R classification: scripts and forms its SentencePiece normalizer and Unigram model must get
# right (accents, Cyrillic, Greek, Arabic, Devanagari, Thai, CJK, emoji with ZWJ and skin tone,
# full-width and compatibility forms the nmt_nfkc charsmap folds, runs of spaces the Replace
# collapses, characters no piece covers), pairs and <mask> / <pad> typed inside a text.
XLMR_CLS_INPUTS = [
    ("Das Wetter ist heute schön, aber morgen soll es regnen.", None),
    ("Café naïve résumé — déjà vu in der Zürcher Straße.", None),
    ("Привет! Как у тебя дела? Всё хорошо, спасибо.", None),
    ("今日はとても良い天気ですね。東京タワーに行きました。", None),
    ("我喜欢在北京学习中文。", None),
    ("مرحبا بالعالم، كيف حالك اليوم؟", None),
    ("यह हिन्दी में लिखा गया एक वाक्य है।", None),
    ("ภาษาไทยไม่มีช่องว่างระหว่างคำ", None),
    ("I love it 😍🔥👍🏽 — family time 👨‍👩‍👧!", None),
    ("ＦＵＬＬ－ＷＩＤＴＨ ｔｅｘｔ １２３！ and the ﬁ ligature, ① and ㍿.", None),
    ("  several   spaces\tand a tab   at both ends  ", None),
    ("The capital of France is <mask>, n'est-ce pas?", None),
    ("I typed <pad> in the middle of this sentence.", None),
    ("Ceci est une phrase en français.", "This is a sentence in English."),
    ("¿Dónde está la biblioteca?", "Η βιβλιοθήκη είναι κοντά στο σταθμό."),
    ("Unknown characters: ǂ ʬ ꙮ", "Sie sagte: „Guten Tag“ und ging."),
]

# CamemBERT classification: French text (elisions, accents, ligatures, guillemets with no-break
# spaces, euro amounts), <mask> in a pair, characters the small vocabulary lacks (the unknown
# token's score is -110 here, the -100 of <unk>NOTUSED less 10) and the fairseq leftovers typed
# as text (added tokens: ids 0 and 4).
CAMEMBERT_CLS_INPUTS = [
    ("J'adore ce film, les acteurs sont formidables !", None),
    ("Quelle déception... le service était lent et le plat froid.", None),
    ("L'été dernier, nous sommes allés à Montréal et à Québec.", None),
    ("Ça coûte 12,50 € — c'est cher, non ?", None),
    ("\u00ab\u00a0Bonjour\u00a0\u00bb, dit-elle en souriant\u202f!", None),
    ("Œuvre, cœur, naïve, Noël, où, garçon, aïeul.", None),
    ("ＣＡＭＥＭＢＥＲＴ １２３ et un fromage 🧀 nommé 奶酪.", None),
    ("Les jetons <s>NOTUSED et <unk>NOTUSED restent spéciaux.", None),
    ("Il pleut à Paris.", "Il fait beau à Marseille, <mask> ?"),
    ("Le chat dort sur le canapé.", "Personne ne dort."),
]

# XLM-R question answering: question and context in the same language, several scripts (the
# Japanese context has one space: an answer there widens to a whole Metaspace word).
XLMR_QA_INPUTS = [
    ("Où se trouve la tour Eiffel ?",
     "La tour Eiffel est une tour de fer puddlé de 330 mètres de hauteur située à Paris, à "
     "l'extrémité nord-ouest du parc du Champ-de-Mars, en bordure de la Seine."),
    ("Wer hat die Relativitätstheorie entwickelt?",
     "Albert Einstein entwickelte die Relativitätstheorie zu Beginn des 20. Jahrhunderts in Bern "
     "und Berlin; dafür erhielt er später große Anerkennung."),
    ("¿Cuántos habitantes tiene Madrid?",
     "Madrid es la capital de España y tiene unos 3,3 millones de habitantes, según el censo de "
     "2021. Está situada en el centro de la península."),
    ("Какая река течёт через Москву?",
     "Через Москву течёт река Москва, приток Оки; её длина около 500 километров."),
    ("東京タワーの高さは?", "東京タワーは東京都港区にある電波塔で、高さは333メートルです。 1958年に完成しました。"),
    ("ما هي عاصمة مصر؟", "القاهرة هي عاصمة مصر وأكبر مدنها، وتقع على ضفاف نهر النيل."),
    QA_INPUTS[5],  # Marie Curie, English
]

# CamemBERT question answering: French questions and contexts (accents, elisions, a narrow
# no-break space before "?", a number with a decimal comma, a typed <unk>NOTUSED).
CAMEMBERT_QA_INPUTS = [
    ("Quelle est la hauteur du mont Blanc ?",
     "Le mont Blanc, point culminant des Alpes, s'élève à 4 805,59 mètres d'altitude selon la "
     "mesure de 2021."),
    ("Qui a écrit « Les Misérables »\u202f?",
     "« Les Misérables » est un roman de Victor Hugo paru en 1862, l'un des plus lus de la "
     "littérature française."),
    ("Où coule la Loire ?",
     "La Loire prend sa source au mont Gerbier-de-Jonc et se jette dans l'océan Atlantique à "
     "Saint-Nazaire, après 1 006 kilomètres."),
    ("Combien coûte le billet ?",
     "Le billet coûte 12,50 € ; l'entrée est gratuite pour les enfants de moins de 6 ans."),
    ("Quand la tour a-t-elle été inaugurée ?",
     "Construite par Gustave Eiffel, la tour a été inaugurée le 31 mars 1889 pour l'Exposition "
     "universelle."),
    ("Que signifie <unk>NOTUSED ?",
     "Le jeton <unk>NOTUSED est un symbole spécial du vocabulaire de CamemBERT, jamais appris."),
]

# Token classification (NER): names, places, organisations and misc entities, words the small
# vocabulary splits into pieces ("towers" → tower ##s) or does not have at all ([UNK]: the
# pipeline then takes the original text as the word), punctuation, accents.
NER_INPUTS = [
    ("John Smith lives in Paris and works for the United Nations.", None),
    ("Angela Merkel met Emmanuel Macron in Berlin on Monday.", None),
    ("The Eiffel Tower is in Paris, France.", None),
    ("Microsoft and Google opened new offices near the river in New York.", None),
    ("Zoë Dupont flew from Zürich to São Paulo with Air France.", None),
    ("The engineers designed two towers and the museum scientists visited them.", None),
    ("I love the mountains, the sea and the French capital!", None),
    ("Paris", None),
]
# One text longer than the model's 128 tokens: tagged in stride windows and merged.
NER_STRIDE_TEXT = " ".join(a for a, _ in NER_INPUTS[:7]) * 3
NER_STRIDE = 32
NER_LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]

# Zero-shot classification: each case's (text, hypothesis) pairs are the fixture's inputs.
ZERO_SHOT_CASES = [
    dict(text="The team scored two goals in the last ten minutes and won the match.",
         labels=["sports", "politics", "music", "weather", "food"], multi_label=False),
    dict(text="The team scored two goals in the last ten minutes and won the match.",
         labels=["sports", "politics", "music", "weather", "food"], multi_label=True),
    dict(text="The waiter was slow but the desserts were excellent and the prices reasonable.",
         labels=["restaurant", "movie", "city"], multi_label=False,
         template="The topic of this review is {}."),
    dict(text="It will be cold and rainy in the north tomorrow morning.", labels=["weather"],
         multi_label=False),
    dict(text="Café owners in Zürich say the naïve résumé of the plan is unconvincing.",
         labels=["économie", "politics", "food", "travel"], multi_label=True),
]
# Reranking: each case's (query, text) pairs are the fixture's inputs.
RERANK_CASES = [
    dict(query="Where is the Eiffel Tower?",
         texts=["The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris.",
                "A soccer match is played by two teams of eleven players each.",
                "On a clear day the sky looks blue.",
                "Gustave Eiffel's company designed and built the tower.",
                "Paris is the capital of France."]),
    dict(query="How many players does each team have?",
         texts=["A match usually lasts 90 minutes, in two halves of 45 minutes.",
                "A soccer match is played by two teams of eleven players each.",
                "The smørrebrød at the market was delicious."]),
]


def zero_shot_inputs():
    out = []
    for case in ZERO_SHOT_CASES:
        template = case.get("template", "This example is {}.")
        out += [(case["text"], template.format(label)) for label in case["labels"]]
    return out


def rerank_inputs():
    return [(case["query"], t) for case in RERANK_CASES for t in case["texts"]]


# DeBERTa-v3 NLI inputs (premise, hypothesis) plus single texts: lengths from 3 to 70-odd tokens,
# so that relative distances run past the exact range of the fixtures' position buckets.
DEBERTA_CLS_INPUTS = CLS_INPUTS + [
    ("A soccer game with multiple males playing.", "Some men are playing a sport."),
    ("The cat sat on the mat and looked out of the window for hours.", "The cat was asleep."),
    ("Un homme joue de la guitare.", "A man plays an instrument."),
    ("Typed specials: [MASK] and [SEP] inside the text.", None),
    ("  Leading spaces,   inner runs\tand a tab; émojis 🙂 too.  ", "短い文です。"),
]


# ----------------------------------------------------------------------------------- fixtures

FIXTURES = [
    dict(name="bert_cls2", arch="BertForSequenceClassification", hidden=64, layers=2, heads=4,
         intermediate=128, label_names=["NEGATIVE", "POSITIVE"], activation="gelu", dtype="F32",
         seed=1001, extra={"finetuning_task": "sst-2"}, tokenizer_files=["tokenizer.json"],
         tokenizer_kwargs=dict(legacy_model=True, post_processor="template"),
         covers="BERT classification, 2 labels, erf GELU, F32 single file; tokenizer.json only "
                "(legacy `model` object without \"type\", TemplateProcessing)"),
    dict(name="bert_cls3_gelu_new", arch="BertForSequenceClassification", hidden=72, layers=2, heads=6,
         intermediate=100, label_names=["negative", "neutral", "positive"], activation="gelu_new",
         dtype="F32", seed=2001, legacy_ln=True, extra={"problem_type": "single_label_classification"},
         tokenizer_files=["vocab.txt"],
         covers="BERT classification, 3 labels, tanh GELU (gelu_new), odd sizes (hidden 72, 6 heads "
                "of 12, intermediate 100), LayerNorm.gamma/beta names; vocab.txt only"),
    dict(name="bert_qa_sharded", arch="BertForQuestionAnswering", hidden=64, layers=2, heads=4,
         intermediate=128, activation="gelu", dtype="F32", seed=3001, shards=2, position_ids=True,
         qa_pooler=True, tokenizer_files=["tokenizer.json", "vocab.txt"],
         tokenizer_kwargs=dict(legacy_model=True, post_processor="template", special_tokens_map=True),
         covers="BERT extractive QA; 2 safetensors shards + model.safetensors.index.json; unused "
                "bert.pooler.* tensors and an I64 bert.embeddings.position_ids buffer (both to be "
                "ignored); tokenizer.json + vocab.txt + special_tokens_map.json"),
    dict(name="distil_cls_f16", arch="DistilBertForSequenceClassification", hidden=64, layers=2, heads=4,
         intermediate=96, label_names=["contradiction", "entailment", "neutral"], activation="gelu",
         dtype="F16", seed=4001, tokenizer_files=["tokenizer.json", "vocab.txt"],
         tokenizer_kwargs=dict(legacy_model=False, post_processor="template"),
         covers="DistilBERT classification (pre_classifier + ReLU), 3 labels, F16 checkpoint "
                "(references use the F16 weights converted to F32); tokenizer.json with "
                "model.type=WordPiece + vocab.txt"),
    dict(name="distil_qa", arch="DistilBertForQuestionAnswering", hidden=48, layers=3, heads=4,
         intermediate=80, activation="gelu", dtype="F32", seed=5001, tokenizer_files=["tokenizer.json"],
         tokenizer_kwargs=dict(legacy_model=False, post_processor="bert"),
         covers="DistilBERT extractive QA, 3 layers, hidden 48; tokenizer.json with the older "
                "BertProcessing post-processor"),
    dict(name="roberta_cls", arch="RobertaForSequenceClassification", hidden=24, layers=2, heads=4,
         intermediate=64, label_names=["anger", "joy", "sadness"], activation="gelu", dtype="F32",
         seed=6001, tokenizer_json="roberta-base", inputs=ROBERTA_CLS_INPUTS,
         covers="RoBERTa classification (classifier.dense + tanh, classifier.out_proj on <s>), 3 "
                "labels, position ids from pad_token_id + 1 (inputs with <pad> typed in the text), "
                "type_vocab_size 1, eps 1e-5, 514 positions; roberta-base's byte-level BPE "
                "tokenizer.json (ids from the Hugging Face tokenizers crate); unused roberta.pooler.*"),
    dict(name="distilroberta_qa", arch="RobertaForQuestionAnswering", hidden=16, layers=6, heads=2,
         intermediate=48, activation="gelu", dtype="F16", seed=7001, tokenizer_json="roberta-base",
         # Six layers at the default gains are chaotic (query/key gain 2: int8 rounding flips
         # attention and quantize_dynamic's error exceeds the logits) or, with flatter attention,
         # smooth the tokens into near-ties (top-2 start/end gaps < 0.25, nothing to check).
         # Softer value / output projections keep the tokens apart and the error a measure.
         init={"query": ("linear", 1.5), "key": ("linear", 1.5), "value": ("linear", 0.5),
               "attn_out": ("linear", 0.5), "qa_outputs": ("linear", 5.0)},
         covers="DistilRoBERTa-shaped extractive QA (a 6-layer RoBERTa), F16; context tokens by "
                "sequence ids (all type ids 0), <s> as the null answer; roberta-base tokenizer.json"),
    dict(name="electra_cls", arch="ElectraForSequenceClassification", hidden=48, layers=2, heads=4,
         intermediate=96, embedding_size=24, label_names=["NEGATIVE", "POSITIVE"], activation="gelu",
         dtype="F16", seed=8001, tokenizer_files=["tokenizer.json", "vocab.txt"],
         tokenizer_kwargs=dict(legacy_model=False, post_processor="template"),
         covers="ELECTRA classification (classifier.dense + erf GELU, classifier.out_proj), "
                "embedding_size 24 != hidden 48 (electra.embeddings_project), F16 checkpoint; "
                "WordPiece tokenizer.json + vocab.txt"),
    dict(name="electra_qa", arch="ElectraForQuestionAnswering", hidden=32, layers=2, heads=4,
         intermediate=64, embedding_size=32, activation="gelu_new", dtype="F32", seed=9002,
         tokenizer_files=["vocab.txt"],
         # A larger head and this seed: every start/end top-2 gap is either a near-tie or above
         # the int8 error at 7-bit activations (no VNNI), so top-1 is checkable on every ISA.
         init={"qa_outputs": ("linear", 5.0)},
         covers="ELECTRA extractive QA, embedding_size = hidden (no embeddings_project), tanh "
                "GELU; vocab.txt only"),
    dict(name="xlmr_cls", arch="XLMRobertaForSequenceClassification", hidden=32, layers=2, heads=4,
         intermediate=64, label_names=["ar", "de", "en", "fr", "ru", "zh"], activation="gelu",
         dtype="F32", seed=10001, tokenizer_json="xlmr-style", inputs=XLMR_CLS_INPUTS,
         # Softer attention than the default gains: at 7-bit activations (no VNNI) the default
         # ones put the int8 error above quantize_dynamic's on this model.
         init={"query": ("linear", 1.5), "key": ("linear", 1.5)},
         covers="XLM-RoBERTa classification (model_type xlm-roberta, roberta.* tensors, unused "
                "roberta.pooler.*), 6 labels; the XLM-R-style Unigram tokenizer.json (Precompiled "
                "nmt_nfkc + Replace, Metaspace, 8,005 ids) with XLMRobertaTokenizer's "
                "tokenizer_config.json; multilingual inputs, ids from the tokenizers crate"),
    dict(name="xlmr_qa", arch="XLMRobertaForQuestionAnswering", hidden=32, layers=2, heads=4,
         intermediate=64, activation="gelu", dtype="F16", seed=12001, tokenizer_json="xlmr-style",
         inputs=XLMR_QA_INPUTS, init={"qa_outputs": ("linear", 5.0)},
         covers="XLM-RoBERTa extractive QA, F16; multilingual question/context pairs (French, "
                "German, Spanish, Russian, Japanese, Arabic, English) with the XLM-R-style "
                "tokenizer.json; context tokens by sequence ids, <s> as the null answer"),
    dict(name="camembert_cls", arch="CamembertForSequenceClassification", hidden=24, layers=2, heads=3,
         intermediate=48, label_names=["négatif", "neutre", "positif"], activation="gelu",
         dtype="F32", seed=11001, tokenizer_json="camembert-style", inputs=CAMEMBERT_CLS_INPUTS,
         pooler=False,
         covers="CamemBERT classification (model_type camembert, bos 5 / eos 6, no pooler tensors), "
                "3 non-ASCII labels, 3 heads of 8; a CamemBERT-shaped Unigram tokenizer.json "
                "(make_camembert_tokenizer.py: <s>NOTUSED <pad> </s>NOTUSED <unk> <unk>NOTUSED(-100) "
                "<s>=5 </s>=6 ... <mask>=8007) with CamembertTokenizer's tokenizer_config.json; "
                "French inputs, ids from the tokenizers crate"),
    dict(name="camembert_qa", arch="CamembertForQuestionAnswering", hidden=24, layers=2, heads=3,
         intermediate=48, activation="gelu", dtype="F32", seed=13001,
         tokenizer_json="camembert-style", inputs=CAMEMBERT_QA_INPUTS, pooler=False,
         init={"qa_outputs": ("linear", 5.0)},
         covers="CamemBERT extractive QA (model_type camembert, no pooler tensors); French "
                "question/context pairs with the CamemBERT-shaped tokenizer.json; context tokens "
                "by sequence ids, <s> (id 5) as the null answer"),
    dict(name="debertav3_cls", arch="DebertaV2ForSequenceClassification", hidden=32, layers=2, heads=4,
         intermediate=64, label_names=["contradiction", "neutral", "entailment"], activation="gelu",
         dtype="F32", seed=16001, tokenizer_json="debertav3-style", inputs=DEBERTA_CLS_INPUTS,
         extra={"position_buckets": 32},
         # Softer attention than the default gains (as xlmr_cls): with the default ones the
         # 7-bit activations of CPUs without VNNI put the int8 max error just above
         # quantize_dynamic's.
         init={"query": ("linear", 1.5), "key": ("linear", 1.5)},
         covers="DeBERTa-v3-shaped NLI classifier (deberta.* tensors, disentangled attention with "
                "p2c + c2p, share_att_key, log position buckets 32 over max_relative_positions -1 = "
                "512, rel_embeddings LayerNorm, no absolute positions, type_vocab_size 0, eps 1e-7, "
                "ContextPooler pooler.dense + GELU, classifier), 3 labels; the DeBERTa-v3-style "
                "Unigram tokenizer.json ([CLS] A [SEP] B [SEP], type ids 0/1) with "
                "DebertaV2Tokenizer's tokenizer_config.json; ids from the tokenizers crate"),
    dict(name="debertav3_qa", arch="DebertaV2ForQuestionAnswering", hidden=32, layers=2, heads=4,
         intermediate=64, activation="gelu", dtype="F16", seed=17001, tokenizer_json="debertav3-style",
         extra={"position_buckets": 16, "max_relative_positions": 64},
         # Softer attention than the default gains (as xlmr_cls): with the default ones an int8
         # start flips on a 0.3 top-2 gap.
         init={"query": ("linear", 1.5), "key": ("linear", 1.5), "qa_outputs": ("linear", 5.0)},
         batch_tolerance=3e-5,  # logits up to ~20: float32 sums over padded rows move the last bits
         covers="DeBERTa-v3-shaped extractive QA, F16: position buckets 16 over "
                "max_relative_positions 64, so distances past 63 land beyond the table and are "
                "clamped to its last row; context tokens by sequence ids, [CLS] as the null answer"),
    dict(name="debertav2_cls", arch="DebertaV2ForSequenceClassification", hidden=24, layers=2, heads=3,
         intermediate=48, label_names=["negative", "positive"], activation="gelu", dtype="F32",
         seed=18001, tokenizer_json="debertav3-style",
         extra={"position_buckets": -1, "max_relative_positions": 24, "share_att_key": False,
                "pos_att_type": "c2p|p2c", "norm_rel_ebd": "none", "position_biased_input": True,
                "type_vocab_size": 2},
         covers="DeBERTa-v2-style settings: no position buckets (raw distances clamped at "
                "max_relative_positions 24), separate pos_key_proj / pos_query_proj "
                "(share_att_key false), pos_att_type as the string \"c2p|p2c\", no LayerNorm on "
                "rel_embeddings, absolute position embeddings (position_biased_input) and two token "
                "types; 3 heads of 8"),
    dict(name="bert_ner", arch="BertForTokenClassification", hidden=48, layers=2, heads=4,
         intermediate=96, label_names=NER_LABELS, activation="gelu", dtype="F32", seed=13001,
         tokenizer_files=["tokenizer.json", "vocab.txt"], inputs=NER_INPUTS,
         tokenizer_kwargs=dict(legacy_model=False, post_processor="template"),
         covers="BERT token classification (NER: O and B-/I- PER, LOC, ORG, MISC; classifier over "
                "every token, no pooler); the token-classification pipeline's entities for each "
                "aggregation strategy, and one text over 128 tokens in stride windows"),
    dict(name="debertav3_ner", arch="DebertaV2ForTokenClassification", hidden=32, layers=2, heads=4,
         intermediate=64, label_names=NER_LABELS, activation="gelu", dtype="F32", seed=19002,
         tokenizer_json="debertav3-style", inputs=NER_INPUTS, extra={"position_buckets": 32},
         init={"query": ("linear", 1.5), "key": ("linear", 1.5)},
         covers="DeBERTa-v3-shaped token classification (deberta.* tensors, disentangled attention, "
                "classifier over every token, no pooler) with the DeBERTa-v3-style Unigram "
                "tokenizer.json: words begin with a ▁ piece, so the pipeline's subword test is its "
                "space test; entities for each aggregation strategy and one text in stride windows"),
    dict(name="bert_nli", arch="BertForSequenceClassification", hidden=48, layers=2, heads=4,
         intermediate=96, label_names=["contradiction", "neutral", "entailment"], activation="gelu",
         dtype="F32", seed=14001, tokenizer_files=["tokenizer.json", "vocab.txt"],
         inputs=zero_shot_inputs(), tokenizer_kwargs=dict(legacy_model=False, post_processor="template"),
         covers="an NLI-labelled BERT classifier (contradiction / neutral / entailment, entailment "
                "id 2); inputs are zero-shot (text, hypothesis) pairs, with the zero-shot "
                "pipeline's results single- and multi-label"),
    dict(name="bert_rerank", arch="BertForSequenceClassification", hidden=48, layers=2, heads=4,
         intermediate=96, label_names=["LABEL_0"], activation="gelu", dtype="F32", seed=15001,
         tokenizer_files=["tokenizer.json", "vocab.txt"], inputs=rerank_inputs(),
         tokenizer_kwargs=dict(legacy_model=False, post_processor="template"),
         covers="a one-label BERT cross-encoder; inputs are (query, text) pairs, with TEI-style "
                "rerank results (sigmoid and raw scores)"),
]

# The tokenizer.json files a fixture can name (`tokenizer_json`): candidate paths (the first that
# exists; the committed fixture's own copy comes first so regenerating needs nothing else), or
# a function writing the file into a directory.
TOKENIZERS = {
    "roberta-base": ROBERTA_TOKENIZER_CANDIDATES,
    "xlmr-style": XLMR_STYLE_TOKENIZER_CANDIDATES,
    "camembert-style": lambda out: make_camembert_tokenizer.write(
        first_existing(XLMR_STYLE_TOKENIZER_CANDIDATES), out),
    "debertav3-style": DEBERTAV3_STYLE_TOKENIZER_CANDIDATES,
}


def first_existing(paths):
    return next((p for p in paths if os.path.exists(p)), paths[-1])

# ---------------------------------------------------------------------------------- utilities


def pick_quantized_engine():
    supported = torch.backends.quantized.supported_engines
    for engine in ("x86", "fbgemm", "onednn", "qnnpack"):
        if engine in supported:
            return engine
    raise RuntimeError(f"no quantized engine in {supported}")


def f32_list(t):
    return [float(x) for x in t.detach().to(torch.float32).reshape(-1).tolist()]


class HfTokenizer:
    """A tokenizer.json (roberta-base's byte-level BPE, an XLM-R / CamemBERT-shaped Unigram) as
    the Hugging Face tokenizers crate runs it (hf_tokenize.js). encode() answers from a table
    filled by prepare(), which runs node once for all inputs."""

    SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
    BRACKET_SPECIALS = ("[PAD]", "[CLS]", "[SEP]", "[UNK]", "[MASK]")  # DeBERTa-v3

    def __init__(self, source, node_modules):
        """`source`: a tokenizer.json path, or a function writing one to the path it is given."""
        # A private copy: the default source is the committed fixture's own file, which
        # generate() deletes with the old folder before writing the new one.
        self.tokenizer_json = os.path.join(tempfile.mkdtemp(prefix="make_fixtures_"), "tokenizer.json")
        if callable(source):
            source(self.tokenizer_json)
        else:
            shutil.copyfile(source, self.tokenizer_json)
        self.node_modules = node_modules
        with open(self.tokenizer_json, encoding="utf-8") as f:
            tj = json.load(f)
        v = tj["model"]["vocab"]  # BPE: {token: id}; Unigram: [[piece, score]] in id order
        self.vocab = {p: i for i, (p, _) in enumerate(v)} if isinstance(v, list) else dict(v)
        for a in tj["added_tokens"]:
            self.vocab[a["content"]] = a["id"]
        self.vocab_size = max(self.vocab.values()) + 1
        self.table = {}
        self.model_json, self.decoder_json = tj["model"], tj.get("decoder")

    def pipeline_options(self):
        """How the token-classification pipeline joins and splits this tokenizer's tokens: word
        aware only with a continuing-subword prefix (the Unigram model has none, so the
        pipeline's space test decides), words joined by the tokenizer.json's decoder."""
        d = self.decoder_json or {}
        if d.get("type") != "Metaspace":
            raise NotImplementedError(f"token-classification fixtures with a {d.get('type')} decoder")
        return dict(word_aware=bool(self.model_json.get("continuing_subword_prefix")),
                    to_string=pipelines.metaspace_tokens_to_string(d["replacement"],
                                                                   d.get("prepend_scheme", "always")))

    def special_ids(self):
        names = self.BRACKET_SPECIALS if "[CLS]" in self.vocab else self.SPECIALS
        return {t: self.vocab[t] for t in names}

    def pad_id(self):
        return self.vocab["[PAD]"] if "[PAD]" in self.vocab else self.vocab["<pad>"]

    def prepare(self, inputs):
        todo = [(a, b) for a, b in inputs if (a, b) not in self.table]
        if not todo:
            return
        if not self.node_modules or not os.path.isdir(os.path.join(self.node_modules, "@anush008")):
            raise SystemExit("make_fixtures: the RoBERTa-like fixtures need --node-modules DIR/node_modules "
                             "with @anush008/tokenizers (cp tests/oracle/package*.json DIR && npm ci)")
        lines = "".join(json.dumps({"text": a, "text_pair": b}) + "\n" for a, b in todo)
        out = subprocess.run(["node", os.path.join(HERE, "hf_tokenize.js"), self.tokenizer_json],
                             input=lines.encode(), stdout=subprocess.PIPE, check=True,
                             env=dict(os.environ, NODE_PATH=self.node_modules)).stdout.decode()
        for key, line in zip(todo, out.splitlines()):
            self.table[key] = json.loads(line)
        assert all(k in self.table for k in todo)

    def encode(self, a, b=None):
        return self.table[(a, b)]

    @staticmethod
    def char_span(enc, s, e):
        """transformers' enc.word_to_chars(enc.token_to_word(t), sequence_index=1) for the words
        of tokens s and e: first start and last end of the offsets of the word's context tokens."""
        def word_tokens(t):
            return [i for i in range(len(enc["ids"]))
                    if enc["sequence_ids"][i] == 1 and enc["word_ids"][i] == enc["word_ids"][t]]
        return enc["offsets"][word_tokens(s)[0]][0], enc["offsets"][word_tokens(e)[-1]][1]


def run(model, encs, batch=False, pad_id=PAD_ID):
    """Returns a list (one per input) of {output name: float32 tensor over the real tokens}."""
    qa = model.task == "question_answering"
    tc = model.task == "token_classification"
    with torch.no_grad():
        if not batch:
            results = []
            for e in encs:
                ids = torch.tensor([e["ids"]])
                out = model(ids, torch.tensor([e["type_ids"]]), torch.ones_like(ids))
                results.append({"start_logits": out[0][0], "end_logits": out[1][0]} if qa
                               else {"logits": out[0]})
            return results
        n = max(len(e["ids"]) for e in encs)
        ids = torch.zeros(len(encs), n, dtype=torch.long)
        tt = torch.zeros_like(ids)
        mask = torch.zeros_like(ids)
        for i, e in enumerate(encs):
            k = len(e["ids"])
            ids[i, :k] = torch.tensor(e["ids"])
            tt[i, :k] = torch.tensor(e["type_ids"])
            mask[i, :k] = 1
        ids[mask == 0] = pad_id
        out = model(ids, tt, mask)
        results = []
        for i, e in enumerate(encs):
            k = len(e["ids"])
            results.append({"start_logits": out[0][i, :k], "end_logits": out[1][i, :k]} if qa
                           else {"logits": out[i, :k] if tc else out[i]})
        return results


def max_abs_diff(a, b):
    return max(float((x[k] - y[k]).abs().max()) for x, y in zip(a, b) for k in x)


def classification_pipeline(logits, cfg):
    """transformers text-classification pipeline, legacy top_k: softmax (num_labels > 1) in float32."""
    x = logits.detach().numpy().astype(np.float32)
    problem = cfg.get("problem_type")
    n = len(cfg["id2label"])
    if problem == "regression":
        scores = x
    elif problem == "multi_label_classification" or n == 1:
        scores = (1.0 / (1.0 + np.exp(-x))).astype(np.float32)
    else:
        e = np.exp(x - np.max(x, axis=-1, keepdims=True))
        scores = e / e.sum(axis=-1, keepdims=True)
    best = int(np.argmax(scores))
    return {"label": cfg["id2label"][str(best)], "label_id": best, "score": float(scores[best]),
            "scores": [float(s) for s in scores]}


def qa_pipeline(start_logits, end_logits, enc, context, tokenizer):
    """transformers question-answering pipeline for one window (every fixture input fits in model_max_length):
    mask non-context tokens except [CLS] with -10000, two softmaxes, null score, zero [CLS],
    best span with length <= max_answer_len, word-aligned character span."""
    seq_ids = enc["sequence_ids"]
    p_mask = np.array([0 if s == 1 else 1 for s in seq_ids])
    p_mask[0] = 0  # [CLS]
    undesired = np.abs(p_mask - 1) & np.ones(len(seq_ids), dtype=np.int64)
    start = start_logits.detach().numpy().astype(np.float32)
    end = end_logits.detach().numpy().astype(np.float32)
    start = np.where(undesired == 0.0, -10000.0, start).astype(np.float32)
    end = np.where(undesired == 0.0, -10000.0, end).astype(np.float32)
    start = np.exp(start - start.max(axis=-1, keepdims=True))
    start = start / start.sum()
    end = np.exp(end - end.max(axis=-1, keepdims=True))
    end = end / end.sum()
    null_score = float(start[0] * end[0])
    start[0] = end[0] = 0.0
    outer = np.matmul(start[None, :, None], end[None, None, :])
    candidates = np.tril(np.triu(outer), QA_MAX_ANSWER_LEN - 1)
    flat = int(np.argmax(candidates.flatten()))
    s, e = np.unravel_index(flat, candidates.shape)[1:]
    s, e = int(s), int(e)
    if seq_ids[s] != 1 or seq_ids[e] != 1:
        raise AssertionError("best span is not inside the context")
    if hasattr(tokenizer, "char_span"):
        c0, c1 = tokenizer.char_span(enc, s, e)
    else:
        spans = tokenizer.word_spans(context)
        c0, c1 = spans[enc["word_ids"][s]][0], spans[enc["word_ids"][e]][1]
    return {"start_token": s, "end_token": e, "score": float(candidates[0, s, e]),
            "null_score": null_score, "start": c0, "end": c1, "answer": context[c0:c1]}


def to_json(obj, indent=0, sort_keys=True):
    """Deterministic JSON: sorted keys, lists of numbers/strings on one line, floats via repr
    (shortest string that round-trips the float64 holding the float32 value)."""
    pad, pad1 = "  " * indent, "  " * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad1}{json.dumps(str(k), ensure_ascii=False)}: {to_json(v, indent + 1)}"
                 for k, v in (sorted(obj.items()) if sort_keys else obj.items())]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, (list, tuple)):
        if all(not isinstance(x, (dict, list, tuple)) for x in obj):
            return "[" + ", ".join(to_json(x) for x in obj) + "]"
        if all(isinstance(x, (list, tuple)) and all(not isinstance(y, (dict, list, tuple)) for y in x)
               for x in obj):
            return "[" + ", ".join(to_json(x) for x in obj) + "]"
        return "[\n" + ",\n".join(pad1 + to_json(x, indent + 1) for x in obj) + "\n" + pad + "]"
    if isinstance(obj, float):
        if not np.isfinite(obj):
            raise ValueError("non-finite float")
        return repr(obj)
    if obj is None or isinstance(obj, (bool, int, str)):
        return json.dumps(obj, ensure_ascii=False)
    raise TypeError(type(obj))


# ------------------------------------------------------------- independent float64 check


def _np_act(x, name):
    if name == "gelu":
        return 0.5 * x * (1.0 + np.vectorize(math.erf)(x / math.sqrt(2.0)))
    if name in ("gelu_new", "gelu_pytorch_tanh"):
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    if name == "relu":
        return np.maximum(x, 0.0)
    raise ValueError(name)


def _np_ln(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def independent_forward(cfg, tensors, ids, type_ids):
    """A second implementation, in float64 numpy with explicit per-head loops, written from the
    published formulas rather than from reference_model.py. Used only to check
    the PyTorch reference (agreement ~1e-5 expected)."""
    T = {}
    for n, t in tensors.items():
        n = n.replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias")
        T[n] = t.double().numpy()
    if cfg["model_type"] == "deberta-v2":
        return independent_deberta(cfg, T, ids, type_ids)
    ids = np.array(ids)
    s = len(ids)
    distil = cfg["model_type"] == "distilbert"

    def lin(x, p):
        return x @ T[p + ".weight"].T + T[p + ".bias"]

    if distil:
        p, h, nh, eps, act = "distilbert.", cfg["dim"], cfg["n_heads"], 1e-12, cfg["activation"]
        x = T[p + "embeddings.word_embeddings.weight"][ids] + T[p + "embeddings.position_embeddings.weight"][:s]
        layers = [f"{p}transformer.layer.{i}." for i in range(cfg["n_layers"])]
        names = dict(q="attention.q_lin", k="attention.k_lin", v="attention.v_lin", o="attention.out_lin",
                     ln1="sa_layer_norm", f1="ffn.lin1", f2="ffn.lin2", ln2="output_layer_norm")
    else:
        model_type = cfg["model_type"]
        roberta = make_model.is_roberta_type(model_type)  # also XLM-R and CamemBERT: "roberta."
        p, h, nh, eps, act = ("roberta." if roberta else model_type + ".", cfg["hidden_size"],
                              cfg["num_attention_heads"], cfg["layer_norm_eps"], cfg["hidden_act"])
        if roberta:
            # Written out: the k-th non-pad token (k from 1) is row pad + k; a pad id is row pad.
            pad, k, pos = cfg["pad_token_id"], 0, []
            for i in ids:
                k += int(i != pad)
                pos.append(pad if i == pad else pad + k)
            pos = np.array(pos)
        else:
            pos = np.arange(s)
        x = (T[p + "embeddings.word_embeddings.weight"][ids] + T[p + "embeddings.position_embeddings.weight"][pos]
             + T[p + "embeddings.token_type_embeddings.weight"][np.array(type_ids)])
        layers = [f"{p}encoder.layer.{i}." for i in range(cfg["num_hidden_layers"])]
        names = dict(q="attention.self.query", k="attention.self.key", v="attention.self.value",
                     o="attention.output.dense", ln1="attention.output.LayerNorm", f1="intermediate.dense",
                     f2="output.dense", ln2="output.LayerNorm")
    x = _np_ln(x, T[p + "embeddings.LayerNorm.weight"], T[p + "embeddings.LayerNorm.bias"], eps)
    if p + "embeddings_project.weight" in T:  # ELECTRA, embedding_size != hidden_size
        x = x @ T[p + "embeddings_project.weight"].T + T[p + "embeddings_project.bias"]
    d = h // nh
    for lp in layers:
        q, k, v = lin(x, lp + names["q"]), lin(x, lp + names["k"]), lin(x, lp + names["v"])
        ctx = np.zeros_like(x)
        for j in range(nh):
            sl = slice(j * d, (j + 1) * d)
            sc = q[:, sl] @ k[:, sl].T / math.sqrt(d)
            sc = np.exp(sc - sc.max(-1, keepdims=True))
            ctx[:, sl] = (sc / sc.sum(-1, keepdims=True)) @ v[:, sl]
        ln1 = lp + names["ln1"]
        a = _np_ln(lin(ctx, lp + names["o"]) + x, T[ln1 + ".weight"], T[ln1 + ".bias"], eps)
        ln2 = lp + names["ln2"]
        x = _np_ln(lin(_np_act(lin(a, lp + names["f1"]), act), lp + names["f2"]) + a,
                   T[ln2 + ".weight"], T[ln2 + ".bias"], eps)
    arch = cfg["architectures"][0]
    if arch.endswith("TokenClassification"):
        return {"logits": lin(x, "classifier")}
    if arch.endswith("QuestionAnswering"):
        out = lin(x, "qa_outputs")
        return {"start_logits": out[:, 0], "end_logits": out[:, 1]}
    if distil:
        return {"logits": lin(np.maximum(lin(x[0], "pre_classifier"), 0.0), "classifier")}
    if make_model.is_roberta_type(cfg["model_type"]):
        return {"logits": lin(np.tanh(lin(x[0], "classifier.dense")), "classifier.out_proj")}
    if cfg["model_type"] == "electra":
        return {"logits": lin(_np_act(lin(x[0], "classifier.dense"), "gelu"), "classifier.out_proj")}
    return {"logits": lin(np.tanh(lin(x[0], "bert.pooler.dense")), "classifier")}


def _np_bucket(r, buckets, max_position):
    """A relative distance's position bucket, in float64 from the formula: exact up to
    buckets / 2, then mid + ceil(log(|r| / mid) / log((max_position - 1) / mid) * (mid - 1))."""
    mid = buckets // 2
    if abs(r) <= mid:
        return r
    steps = math.ceil(math.log(abs(r) / mid) / math.log((max_position - 1) / mid) * (mid - 1))
    return int(math.copysign(mid + steps, r))


def independent_deberta(cfg, T, ids, type_ids):
    """DeBERTa-v2 in float64, one sequence without padding: score(i, j) = (q_i.k_j + q_i.Kr[c] +
    k_j.Qr[c]) / sqrt(d * (1 + terms)) with c = clamp(bucket(i - j) + span, 0, 2 span - 1), Kr / Qr
    the key / query projections of the (normalised) relative table."""
    p, h, nh, eps = "deberta.", cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    terms = cfg.get("pos_att_type") or []
    if isinstance(terms, str):
        terms = [t.strip() for t in terms.lower().split("|")]
    ids, n = np.array(ids), len(ids)

    def lin(x, m):
        return x @ T[m + ".weight"].T + T[m + ".bias"]

    x = T[p + "embeddings.word_embeddings.weight"][ids]
    if cfg.get("position_biased_input", True):
        x = x + T[p + "embeddings.position_embeddings.weight"][:n]
    if cfg.get("type_vocab_size", 0) > 0:
        x = x + T[p + "embeddings.token_type_embeddings.weight"][np.array(type_ids)]
    x = _np_ln(x, T[p + "embeddings.LayerNorm.weight"], T[p + "embeddings.LayerNorm.bias"], eps)
    buckets = cfg.get("position_buckets", -1)
    max_rel = cfg.get("max_relative_positions", -1)
    max_rel = max_rel if max_rel >= 1 else cfg["max_position_embeddings"]
    span = buckets if buckets > 0 else max_rel
    table = T[p + "encoder.rel_embeddings.weight"]
    if p + "encoder.LayerNorm.weight" in T:
        table = _np_ln(table, T[p + "encoder.LayerNorm.weight"], T[p + "encoder.LayerNorm.bias"], eps)
    c = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            r = _np_bucket(i - j, buckets, max_rel) if buckets > 0 else i - j
            c[i, j] = min(max(r + span, 0), 2 * span - 1)
    d = h // nh
    denom = math.sqrt(d * (1 + len(terms)))
    rows, cols = np.arange(n)[:, None], np.arange(n)[None, :]
    for layer in range(cfg["num_hidden_layers"]):
        lp = f"{p}encoder.layer.{layer}."
        q, k, v = (lin(x, lp + "attention.self." + m) for m in ("query_proj", "key_proj", "value_proj"))
        shared = cfg.get("share_att_key", False)
        kr = lin(table, lp + ("attention.self.key_proj" if shared else "attention.self.pos_key_proj")) \
            if "c2p" in terms else None
        qr = lin(table, lp + ("attention.self.query_proj" if shared else "attention.self.pos_query_proj")) \
            if "p2c" in terms else None
        ctx = np.zeros_like(x)
        for head in range(nh):
            sl = slice(head * d, (head + 1) * d)
            sc = q[:, sl] @ k[:, sl].T
            if kr is not None:
                sc = sc + (q[:, sl] @ kr[:, sl].T)[rows, c]  # q_i . Kr[c(i, j)]
            if qr is not None:
                sc = sc + (k[:, sl] @ qr[:, sl].T)[cols, c]  # k_j . Qr[c(i, j)]
            sc = sc / denom
            sc = np.exp(sc - sc.max(-1, keepdims=True))
            ctx[:, sl] = (sc / sc.sum(-1, keepdims=True)) @ v[:, sl]
        a = _np_ln(lin(ctx, lp + "attention.output.dense") + x, T[lp + "attention.output.LayerNorm.weight"],
                   T[lp + "attention.output.LayerNorm.bias"], eps)
        f = lin(_np_act(lin(a, lp + "intermediate.dense"), cfg["hidden_act"]), lp + "output.dense")
        x = _np_ln(f + a, T[lp + "output.LayerNorm.weight"], T[lp + "output.LayerNorm.bias"], eps)
    arch = cfg["architectures"][0]
    if arch.endswith("TokenClassification"):
        return {"logits": lin(x, "classifier")}
    if arch.endswith("QuestionAnswering"):
        out = lin(x, "qa_outputs")
        return {"start_logits": out[:, 0], "end_logits": out[:, 1]}
    pooled = _np_act(lin(x[0], "pooler.dense"), cfg.get("pooler_hidden_act", "gelu"))
    return {"logits": lin(pooled, "classifier")}


# ----------------------------------------------------------------------------- per fixture


def build_reference_model(cfg, tensors):
    model = reference_model.build_model(cfg)
    return reference_model.hf_state_dict_to_module(tensors, model)


def generate(fx, vocab, tokenizer, engine, out_root, hf_tokenizers=None):
    """`hf_tokenizers`: {TOKENIZERS key: HfTokenizer} for the fixtures naming a tokenizer_json."""
    name = fx["name"]
    arch = fx["arch"]
    qa = make_model.is_qa(arch)
    tc = make_model.is_token_classification(arch)
    labels = fx.get("label_names")
    roberta = "tokenizer_json" in fx  # a RoBERTa-like model with a crate-tokenized tokenizer.json
    if roberta:
        tokenizer = hf_tokenizers[fx["tokenizer_json"]]
    deberta = make_model.is_deberta(arch)
    vocab_size = tokenizer.vocab_size if roberta else len(vocab)
    pad_id = tokenizer.pad_id() if deberta else ROBERTA_PAD_ID if roberta else PAD_ID
    max_position = DEBERTA_MAX_POSITION if deberta else ROBERTA_MAX_POSITION if roberta else MAX_POSITION
    cfg = make_model.make_config(
        arch, fx["hidden"], fx["layers"], fx["heads"], fx["intermediate"], vocab_size,
        labels=len(labels) if labels else 2, label_names=labels, activation=fx["activation"],
        max_position=max_position, dtype=fx["dtype"],
        pad_token_id=pad_id, extra=fx.get("extra"), embedding_size=fx.get("embedding_size"))
    inputs = fx.get("inputs") or (QA_INPUTS if qa else CLS_INPUTS)
    if roberta:
        tokenizer.prepare(inputs + ([(NER_STRIDE_TEXT, None)] if tc else []))
        assert tokenizer.pad_id() == pad_id
    encs = [tokenizer.encode(a, b) for a, b in inputs]
    for e in encs:
        assert len(e["ids"]) <= make_model.max_tokens(cfg), (name, len(e["ids"]))

    # Weights: seeded; F16/BF16 fixtures are rounded to that dtype first, and the reference uses
    # exactly the rounded values (converted back to float32), as the C++ loader will.
    # Classification fixtures must predict every label on some input (up to 3 labels), so seeds
    # are tried from fx["seed"] upwards until that holds; the seed used is recorded in meta.
    for seed in range(fx["seed"], fx["seed"] + MAX_SEED_TRIES):
        raw = make_model.make_state_dict(cfg, seed, include_position_ids=fx.get("position_ids", False),
                                         include_pooler=fx.get("pooler", True if fx.get("qa_pooler") or roberta else None),
                                         init_overrides=fx.get("init"))
        rounded = make_model.cast_floats(raw, fx["dtype"])
        ref_tensors = {n: (t.float() if t.is_floating_point() else t) for n, t in rounded.items()}
        model = build_reference_model(cfg, ref_tensors)
        single = run(model, encs)
        if qa or tc:
            break
        argmax = [int(o["logits"].argmax()) for o in single]
        if len(set(argmax)) >= min(len(cfg["id2label"]), 3):
            break
    else:
        raise AssertionError(f"{name}: no seed in [{fx['seed']}, +{MAX_SEED_TRIES}) predicts every label")
    if fx["dtype"] != "F32":
        changed = sum(int(not torch.equal(raw[n], ref_tensors[n])) for n in raw if raw[n].is_floating_point())
        assert changed > 0, "dtype rounding changed nothing"

    batch = run(model, encs, batch=True, pad_id=pad_id)
    batch_diff = max_abs_diff(single, batch)
    assert batch_diff <= fx.get("batch_tolerance", BATCH_TOLERANCE), (name, batch_diff)

    torch.backends.quantized.engine = engine
    qmodel = torch.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)
    quant = run(qmodel, encs)
    quant_diff = max_abs_diff(single, quant)

    # Write the folder, then read it back and check that it reproduces the outputs exactly.
    out_dir = os.path.join(out_root, name)
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    make_model.write_model_dir(out_dir, cfg, raw, vocab, dtype=fx["dtype"], shards=fx.get("shards", 1),
                               legacy_ln=fx.get("legacy_ln", False), tokenizer_files=fx.get("tokenizer_files"),
                               tokenizer_kwargs=fx.get("tokenizer_kwargs"),
                               tokenizer_json=tokenizer.tokenizer_json if roberta else None)
    back = safetensors_io.load_model_dir(out_dir)
    check = run(build_reference_model(cfg, back), encs)
    for a, b in zip(single, check):
        for k in a:
            assert torch.equal(a[k], b[k]), (name, "read-back outputs differ", k)
    if fx.get("legacy_ln"):
        assert any(n.endswith("LayerNorm.gamma") for n in back) and not any(n.endswith("LayerNorm.weight") for n in back)
    if not roberta:
        check_tokenizer_files(out_dir, vocab)
    indep_diff = 0.0
    for e, o in zip(encs, single):
        ind = independent_forward(cfg, back, e["ids"], e["type_ids"])
        indep_diff = max(indep_diff, max(float(np.abs(o[k].double().numpy() - ind[k]).max()) for k in o))
    assert indep_diff < 1e-4, (name, "reference and independent float64 forward disagree", indep_diff)

    max_logit = max(float(o[k].abs().max()) for o in single for k in o)
    entries = []
    for (text, pair), e, s in zip(inputs, encs, single):
        entry = {"text": text, "text_pair": pair, "tokens": e["tokens"], "ids": e["ids"],
                 "type_ids": e["type_ids"], "offsets": e["offsets"]}
        entry.update({k: f32_list(v) for k, v in s.items()})
        if qa:
            entry["pipeline"] = qa_pipeline(s["start_logits"], s["end_logits"], e, pair, tokenizer)
        elif tc:
            entry["pipeline"] = token_pipelines(text, [(e, s["logits"])], cfg, tokenizer, pipelines.STRATEGIES)
        else:
            entry["pipeline"] = classification_pipeline(s["logits"], cfg)
        entries.append(entry)
    if not qa and not tc:
        labels_seen = sorted({x["pipeline"]["label"] for x in entries})
    ref = {
        "meta": {
            "fixture": name,
            "architecture": arch,
            "model_type": cfg["model_type"],
            "task": "question_answering" if qa else "token_classification" if tc else "classification",
            "dtype": fx["dtype"],
            "seed": seed,
            "generator": "tests/reference/make_fixtures.py",
            "generator_version": GENERATOR_VERSION,
            "torch_version": torch.__version__,
            "numpy_version": np.__version__,
            "torch_num_threads": torch.get_num_threads(),
            "quantized_engine": engine,
            "num_inputs": len(entries),
            "max_abs_logit": max_logit,
            "max_abs_diff_batch_vs_single": batch_diff,
            "max_abs_diff_quantize_dynamic_vs_fp32": quant_diff,
            "batch_padded_length": max(len(e["ids"]) for e in encs),
            "pad_token_id": pad_id,
            "special_token_ids": dict(tokenizer.special_ids()),
            "vocab_size": vocab_size,
            "qa_max_answer_len": QA_MAX_ANSWER_LEN if qa else None,
            "covers": fx["covers"],
        },
        "inputs": entries,
        "batch": [{k: f32_list(v) for k, v in o.items()} for o in batch],
        "quantize_dynamic": [{k: f32_list(v) for k, v in o.items()} for o in quant],
    }
    if tc:
        ref["stride"] = [stride_case(model, NER_STRIDE_TEXT, NER_STRIDE, cfg, tokenizer)]
    if name == "bert_nli":
        ref["zero_shot"] = zero_shot_cases(single, cfg)
    if name == "bert_rerank":
        ref["rerank"] = rerank_cases(single)
    with open(os.path.join(out_dir, "reference.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(to_json(ref, sort_keys=False) + "\n")  # meta, inputs, batch, quantize_dynamic
    summary = dict(name=name, cfg=cfg, n=len(entries), max_logit=max_logit, batch_diff=batch_diff,
                   quant_diff=quant_diff, indep_diff=indep_diff, seq_lens=[len(e["ids"]) for e in encs])
    if tc:
        summary["entities"] = sum(len(x["pipeline"]["simple"]) for x in entries)
    elif not qa:
        summary["labels_seen"] = labels_seen
        summary["argmax"] = argmax
    else:
        summary["answers"] = [x["pipeline"]["answer"] for x in entries]
    return summary


def token_pipelines(text, windows, cfg, tokenizer, strategies):
    """{strategy: entities} of the token-classification pipeline over (encoding, logits) windows."""
    id2label = [cfg["id2label"][str(i)] for i in range(len(cfg["id2label"]))]
    windows = [(e, l.detach().numpy().astype(np.float32)) for e, l in windows]
    options = tokenizer.pipeline_options() if hasattr(tokenizer, "pipeline_options") else {}
    return {s: pipelines.token_classification(text, windows, id2label, s, tokenizer.vocab["[UNK]"],
                                              **options)
            for s in strategies}


def stride_case(model, text, stride, cfg, tokenizer):
    """A text over the model's limit: the crate's overflow windows of MAX_POSITION tokens, each
    run alone, and the pipeline's merged entities (every strategy but none)."""
    enc = tokenizer.encode(text)
    assert len(enc["ids"]) > MAX_POSITION, len(enc["ids"])
    ids = tokenizer.vocab
    windows = pipelines.stride_windows(enc, MAX_POSITION, stride, ids["[CLS]"], ids["[SEP]"])
    outs = run(model, windows)
    return {"text": text, "max_length": MAX_POSITION, "stride": stride,
            "windows": [{"ids": w["ids"], "offsets": w["offsets"], "logits": f32_list(o["logits"])}
                        for w, o in zip(windows, outs)],
            "pipeline": token_pipelines(text, [(w, o["logits"]) for w, o in zip(windows, outs)], cfg,
                                        tokenizer, pipelines.STRATEGIES[1:])}


def zero_shot_cases(single, cfg):
    id2label = [cfg["id2label"][str(i)] for i in range(len(cfg["id2label"]))]
    out, row = [], 0
    for case in ZERO_SHOT_CASES:
        n = len(case["labels"])
        logits = np.stack([single[row + i]["logits"].numpy() for i in range(n)])
        out.append({"text": case["text"], "candidate_labels": case["labels"],
                    "hypothesis_template": case.get("template", "This example is {}."),
                    "multi_label": case["multi_label"], "inputs": list(range(row, row + n)),
                    "result": pipelines.zero_shot(logits, case["labels"], id2label, case["multi_label"])})
        row += n
    return out


def rerank_cases(single):
    out, row = [], 0
    for case in RERANK_CASES:
        n = len(case["texts"])
        logits = np.stack([single[row + i]["logits"].numpy() for i in range(n)])
        out.append({"query": case["query"], "texts": case["texts"], "inputs": list(range(row, row + n)),
                    "result": pipelines.rerank(logits), "result_raw": pipelines.rerank(logits, raw_scores=True)})
        row += n
    return out


def check_tokenizer_files(out_dir, vocab):
    """The written tokenizer files describe exactly `vocab` with the expected special ids."""
    p = os.path.join(out_dir, "vocab.txt")
    if os.path.exists(p):
        assert bert_tokenizer.read_vocab_txt(p) == vocab
    p = os.path.join(out_dir, "tokenizer.json")
    if os.path.exists(p):
        with open(p, encoding="utf-8") as f:
            tj = json.load(f)
        v = tj["model"]["vocab"]
        assert [t for t, _ in sorted(v.items(), key=lambda kv: kv[1])] == vocab
        for a in tj["added_tokens"]:
            assert vocab[a["id"]] == a["content"]


def summary_on_disk(fx, out_root):
    """The README's figures of a fixture, from its config.json and reference.json."""
    d = os.path.join(out_root, fx["name"])
    with open(os.path.join(d, "config.json"), encoding="utf-8") as f:
        cfg = json.load(f)
    with open(os.path.join(d, "reference.json"), encoding="utf-8") as f:
        meta = json.load(f)["meta"]
    return dict(name=fx["name"], cfg=cfg, n=meta["num_inputs"], max_logit=meta["max_abs_logit"],
                batch_diff=meta["max_abs_diff_batch_vs_single"],
                quant_diff=meta["max_abs_diff_quantize_dynamic_vs_fp32"])


def readme(summaries, vocab, tokenizer):
    special = ", ".join(f"`{t}`={i}" for t, i in sorted(tokenizer.special_ids().items(), key=lambda x: x[1]))
    n_pair = sum(1 for _, b in CLS_INPUTS if b is not None)
    n_single = len(CLS_INPUTS) - n_pair

    def lens(inputs):
        n = [len(tokenizer.encode(a, b)["ids"]) for a, b in inputs]
        return min(n), max(n)

    cls_lens, qa_lens = lens(CLS_INPUTS), lens(QA_INPUTS)
    lines = [
        "# Test fixtures",
        "",
        "Small synthetic Hugging Face model folders with PyTorch reference outputs. Generated by",
        "`tests/reference/make_fixtures.py` (weights seeded, not trained: the outputs are meaningless",
        "but exact). Do not edit by hand; regenerate with:",
        "",
        "```",
        "bash deploy/install-deps.sh --reference && /usr/bin/python3 tests/reference/make_fixtures.py \\",
        "    --node-modules DIR/node_modules   # npm ci of tests/oracle/package*.json in DIR",
        "```",
        "",
        "(`--only a,b` regenerates just those fixtures; the README is rewritten from every fixture's",
        "reference.json.)",
        "",
        "Re-running on the same machine and PyTorch build reproduces every file byte for byte. On a",
        "different CPU or PyTorch build the float32 outputs may move in the last bits (and the",
        "`quantize_dynamic` ones a little more): compare with tolerances, never bit-exactly.",
        "`tests/reference/make_model.py` makes bigger models of the same kind (e.g. a BERT-base shaped",
        "benchmark model in a temporary directory); those are never committed.",
        "",
        "## Fixtures",
        "",
        "| fixture | architecture | sizes (H / layers / heads / FFN) | act | dtype | inputs | covers |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        c = s["cfg"]
        if c["model_type"] == "distilbert":
            sizes = f"{c['dim']} / {c['n_layers']} / {c['n_heads']} / {c['hidden_dim']}"
            act = c["activation"]
        else:
            sizes = (f"{c['hidden_size']} / {c['num_hidden_layers']} / {c['num_attention_heads']} / "
                     f"{c['intermediate_size']}")
            act = c["hidden_act"]
        fx = next(f for f in FIXTURES if f["name"] == s["name"])
        lines.append(f"| `{s['name']}` | {c['architectures'][0]} | {sizes} | {act} | {fx['dtype']} | "
                     f"{s['n']} | {fx['covers']} |")
    lines += [
        "",
        "BERT, DistilBERT and ELECTRA fixtures: vocabulary of "
        f"{len(vocab)} lowercase WordPiece tokens",
        f"(ids: {special}; `[unused0]`..`[unused3]` = 1..4;",
        "deliberately not BERT's 100..103), `max_position_embeddings` =",
        f"`model_max_length` = {MAX_POSITION}, `do_lower_case` true (accents stripped). The texts mix whole",
        "words, `##` pieces, letter-by-letter fallbacks, digits, punctuation, accented Latin letters",
        "(`Café`, `Zürich`, `Zoë`, `Déjeuner`) and words that become `[UNK]` (`smørrebrød`,",
        "`Skłodowska`: `ø` and `ł` have no decomposition, so no vocabulary piece matches).",
        f"Classification fixtures share {len(CLS_INPUTS)} inputs ({n_single} single texts, {n_pair} text "
        f"pairs; {cls_lens[0]}..{cls_lens[1]} tokens",
        f"with [CLS]/[SEP]); QA fixtures share {len(QA_INPUTS)} question/context pairs "
        f"({qa_lens[0]}..{qa_lens[1]} tokens, each fits in one window).",
        "",
        "RoBERTa fixtures (`roberta_cls`, `distilroberta_qa`): roberta-base's byte-level BPE",
        "`tokenizer.json` (50,265 ids: `<s>`=0, `<pad>`=1, `</s>`=2, `<unk>`=3, `<mask>`=50264),",
        "`max_position_embeddings` 514 with `pad_token_id` 1 (positions start at row 2, so 512",
        "tokens; `model_max_length` 512), `type_vocab_size` 1, `layer_norm_eps` 1e-5. Their ids,",
        "tokens and offsets are the Hugging Face tokenizers crate's (tests/reference/hf_tokenize.js).",
        f"`roberta_cls` has the {len(CLS_INPUTS)} shared inputs plus {len(ROBERTA_CLS_INPUTS) - len(CLS_INPUTS)}: "
        "`<pad>` typed inside a text (id 1: it reads",
        "position row 1 and does not advance the positions after it), leading `<pad><pad>` with",
        "`<mask>` in a pair, and leading/trailing spaces, a tab and an emoji. The QA pipeline fields",
        "find context tokens by sequence ids (type ids are all 0) and score the null answer at `<s>`.",
        "",
        "XLM-RoBERTa and CamemBERT fixtures: the same encoder (`roberta.*` tensors, 514 positions,",
        "`pad_token_id` 1, one token type, eps 1e-5) under `model_type` `xlm-roberta` / `camembert`,",
        "with SentencePiece-style Unigram tokenizers run by the crate. `xlmr_cls` uses",
        "`tests/data/tokenizers/xlmr-style/tokenizer.json` (8,005 ids: `<s>`=0, `<pad>`=1,",
        "`</s>`=2, `<unk>`=3, `<mask>`=8004; `<s> A </s>` / `<s> A </s> </s> B </s>`, type ids 0)",
        "and XLMRobertaTokenizer's `tokenizer_config.json`; its",
        f"{len(XLMR_CLS_INPUTS)} inputs ({sum(1 for _, b in XLMR_CLS_INPUTS if b is not None)} pairs) "
        "cover accented Latin, Cyrillic, Greek, Arabic, Devanagari, Thai, Japanese and",
        "Chinese, emoji with ZWJ and skin tones, full-width and compatibility forms the charsmap",
        "folds, runs of spaces and a tab, characters no piece covers (`<unk>`), and `<mask>` /",
        "`<pad>` typed in a text. `xlmr_qa` (F16) has",
        f"{len(XLMR_QA_INPUTS)} question/context pairs in French, German, Spanish, Russian, Japanese, Arabic and",
        "English; the crate's offsets of a `▁word` token start at the space the `▁` replaced, so the",
        "word-aligned answers start with that space. `camembert_cls` uses the CamemBERT layout that",
        "`tests/reference/make_camembert_tokenizer.py` derives from the same pieces, as",
        "transformers' CamembertConverter lays camembert-base out: `<s>NOTUSED`=0, `<pad>`=1,",
        "`</s>NOTUSED`=2, `<unk>`=3, `<unk>NOTUSED`=4 (score -100, so the unknown token scores -110),",
        "`<s>`=5, `</s>`=6, the pieces, `<mask>`=8007 (8,008 ids; config bos 5 / eos 6), with",
        "CamembertTokenizer's `tokenizer_config.json`; its",
        f"{len(CAMEMBERT_CLS_INPUTS)} French inputs ({sum(1 for _, b in CAMEMBERT_CLS_INPUTS if b is not None)} "
        "pairs) include guillemets with no-break spaces, ligatures, full-width letters, characters",
        "outside the vocabulary and the fairseq leftovers typed as text.",
        "",
        "DeBERTa fixtures (`debertav3_cls`, `debertav3_qa`, `debertav2_cls`): `model_type`",
        "`deberta-v2`, `deberta.*` tensors, 512 `max_position_embeddings`, `pad_token_id` 0, eps 1e-7,",
        "with `tests/data/tokenizers/debertav3-style/tokenizer.json` (8,261 ids: `[PAD]`=0,",
        "`[CLS]`=1, `[SEP]`=2, `[UNK]`=3, `[MASK]`=8260; `[CLS] A [SEP]` / `[CLS] A [SEP] B [SEP]` with",
        "type ids 0 / 1) and DebertaV2Tokenizer's `tokenizer_config.json`. The v3-shaped ones have no",
        "absolute positions and no token types (the type ids the template produces are ignored),",
        "`share_att_key`, `pos_att_type` [p2c, c2p] and scaled-down log position buckets;",
        f"`debertav3_cls` has the {len(CLS_INPUTS)} shared inputs plus "
        f"{len(DEBERTA_CLS_INPUTS) - len(CLS_INPUTS)} (NLI pairs, typed `[MASK]` / `[SEP]`,",
        "space runs, a tab, an emoji, Japanese). `debertav2_cls` covers the other branch of each",
        "setting (see its row). The independent float64 check implements the relative terms as",
        "`q_i.Kr[c(i, j)] + k_j.Qr[c(i, j)]` with one bucket index per (query, key) pair, not as",
        "the reference's gathers.",
        "",
        "## reference.json",
        "",
        "```",
        "{",
        '  "meta": {',
        '    "fixture": str, "architecture": str,',
        '    "model_type": "bert" | "distilbert" | "roberta" | "xlm-roberta" | "camembert" | "electra",',
        '    "task": "classification" | "question_answering", "dtype": "F32" | "F16",',
        '    "seed": int, "generator": str, "generator_version": int, "torch_version": str,',
        '    "numpy_version": str, "torch_num_threads": int, "quantized_engine": str,',
        '    "num_inputs": int, "max_abs_logit": float, "max_abs_diff_batch_vs_single": float,',
        '    "max_abs_diff_quantize_dynamic_vs_fp32": float, "batch_padded_length": int,',
        '    "pad_token_id": int, "special_token_ids": {"[UNK]": int, "[SEP]": int, "[PAD]": int,',
        '    "[CLS]": int, "[MASK]": int} (RoBERTa: {"<s>", "<pad>", "</s>", "<unk>", "<mask>"}),',
        '    "vocab_size": int, "qa_max_answer_len": int | null,',
        '    "covers": str',
        "  },",
        '  "inputs": [                       // one per input, in order',
        "    {",
        '      "text": str, "text_pair": str | null,     // QA: text = question, text_pair = context',
        '      "tokens": [str], "ids": [int], "type_ids": [int],   // with [CLS]/[SEP] (<s>/</s>)',
        '      "offsets": [[int, int]],      // [start, end) in code points of text / text_pair; specials [0, 0]',
        '      // float32 outputs of the model on this input alone (batch of 1, no padding):',
        '      "logits": [float]                                  // classification: num_labels values',
        '      "start_logits": [float], "end_logits": [float],   // QA: one per token (len(ids))',
        '      "pipeline": {                 // derived from the float32 outputs above (our code, transformers pipelines)',
        '        // classification (softmax, legacy top_k): "label": str, "label_id": int,',
        '        //   "score": float, "scores": [float] (in label-id order)',
        '        // QA (top_k 1, max_answer_len 15, align_to_words): "start_token": int,',
        '        //   "end_token": int, "score": float, "null_score": float (start[0]*end[0]),',
        '        //   "start": int, "end": int (code points into text_pair), "answer": str',
        "      }",
        "    }",
        "  ],",
        '  "batch": [ {"logits": [...]} | {"start_logits": [...], "end_logits": [...]} ],',
        "      // all inputs as ONE batch padded to batch_padded_length with the pad id, type id 0 and",
        "      // attention mask 0; per input, outputs over its real tokens only",
        '  "quantize_dynamic": [ same shape as "batch" ]',
        "      // each input alone through torch.quantization.quantize_dynamic(model, {nn.Linear},",
        "      // dtype=torch.qint8) with meta.quantized_engine (int8 weights per tensor, activations",
        "      // quantized per tensor on the fly): a yardstick for int8 error, not a target",
        "}",
        "```",
        "",
        "Floats are float32 values written with enough digits to round-trip exactly. For",
        "DistilBERT the `type_ids` are what the BERT template produces; the model ignores them.",
        "",
        "## Values at generation time",
        "",
        "| fixture | max abs logit | batch vs single | quantize_dynamic vs fp32 |",
        "|---|---|---|---|",
    ]
    for s in summaries:
        lines.append(f"| `{s['name']}` | {s['max_logit']:.3f} | {s['batch_diff']:.2e} | {s['quant_diff']:.3f} |")
    lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=FIXTURES_DIR, help="output root (default: tests/data/fixtures)")
    ap.add_argument("--only", default=None, help="comma-separated fixture names")
    ap.add_argument("--node-modules", default=os.environ.get("NODE_PATH"),
                    help="node_modules holding @anush008/tokenizers (RoBERTa-like fixtures)")
    ap.add_argument("--roberta-tokenizer", default=None,
                    help="roberta-base tokenizer.json (default: the first of "
                         + ", ".join(os.path.relpath(p, REPO) for p in ROBERTA_TOKENIZER_CANDIDATES) + ")")
    args = ap.parse_args()
    sources = dict(TOKENIZERS)
    sources["roberta-base"] = args.roberta_tokenizer or first_existing(ROBERTA_TOKENIZER_CANDIDATES)

    torch.set_num_threads(1)
    torch.manual_seed(0)
    np.random.seed(0)
    vocab = bert_tokenizer.default_vocab()
    tokenizer = bert_tokenizer.BertTokenizer(vocab)
    assert tokenizer.vocab["[PAD]"] == PAD_ID
    engine = pick_quantized_engine()
    os.makedirs(args.out, exist_ok=True)
    only = set(args.only.split(",")) if args.only else None
    if only and only - {fx["name"] for fx in FIXTURES}:
        ap.error(f"unknown fixtures {sorted(only - {fx['name'] for fx in FIXTURES})}")
    hf_tokenizers = {}
    for key, source in sources.items():
        if not callable(source):
            source = source if isinstance(source, str) else first_existing(source)
            if not os.path.exists(source):
                continue  # only an error for a fixture that needs it (KeyError below)
        hf_tokenizers[key] = HfTokenizer(source, args.node_modules)
    for fx in FIXTURES:
        if only and fx["name"] not in only:
            continue
        s = generate(fx, vocab, tokenizer, engine, args.out, hf_tokenizers)
        extra = (f" labels {s['labels_seen']} argmax {s['argmax']}" if "argmax" in s
                 else f" entities (simple) {s['entities']}" if "entities" in s else f" answers {s['answers']}")
        print(f"{s['name']}: {s['n']} inputs (tokens {s['seq_lens']}), max|logit| {s['max_logit']:.3f}, "
              f"batch-single {s['batch_diff']:.2e}, f64 {s['indep_diff']:.1e}, qdyn-fp32 {s['quant_diff']:.4f};{extra}")
    summaries = [summary_on_disk(fx, args.out) for fx in FIXTURES
                 if os.path.exists(os.path.join(args.out, fx["name"], "reference.json"))]
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(readme(summaries, vocab, tokenizer))
    total = 0
    for root, _, files in os.walk(args.out):
        for fn in files:
            total += os.path.getsize(os.path.join(root, fn))
    digest = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(args.out)):
        dirs.sort()
        for fn in sorted(files):
            with open(os.path.join(root, fn), "rb") as f:
                digest.update(fn.encode() + f.read())
    print(f"make_fixtures: {total / 1e6:.2f} MB in {os.path.relpath(args.out, REPO)}; "
          f"engine {engine}; sha256 {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
