"""A small BERT WordPiece tokenizer (reference for the fixtures) and tokenizer-file writers.

Implements the Hugging Face BERT tokenizer pipeline (BertNormalizer + BertPreTokenizer +
WordPiece + the [CLS] A [SEP] (B [SEP]) template) with character offsets and word indices,
following the Rust `tokenizers` semantics where Python and Rust differ (control = any C*
category, strip accents before lowercasing). It does not match special-token text inside the
input ("[MASK]" written in a text): it refuses such input instead, so fixtures never depend on it.
"""

import json
import os
import unicodedata
from collections import OrderedDict

SPECIAL_TOKENS = OrderedDict(
    [("unk_token", "[UNK]"), ("sep_token", "[SEP]"), ("pad_token", "[PAD]"), ("cls_token", "[CLS]"),
     ("mask_token", "[MASK]")])


def _is_whitespace(c):
    return c in " \t\n\r" or unicodedata.category(c) == "Zs" or c in "\u0085\u2028\u2029"


def _is_control(c):
    if c in "\t\n\r":
        return False
    return unicodedata.category(c) in ("Cc", "Cf", "Cn", "Co", "Cs")


def _is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def _is_chinese_char(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B920 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class BertTokenizer:
    def __init__(self, vocab, do_lower_case=True, strip_accents=None, tokenize_chinese_chars=True,
                 max_input_chars_per_word=100):
        self.vocab_list = list(vocab)
        self.vocab = {tok: i for i, tok in enumerate(self.vocab_list)}
        if len(self.vocab) != len(self.vocab_list):
            raise ValueError("duplicate tokens in vocab")
        self.lowercase = do_lower_case
        self.strip_accents = do_lower_case if strip_accents is None else strip_accents
        self.chinese = tokenize_chinese_chars
        self.max_chars = max_input_chars_per_word
        for tok in SPECIAL_TOKENS.values():
            if tok not in self.vocab:
                raise ValueError(f"vocab lacks {tok}")

    def special_ids(self):
        return OrderedDict((tok, self.vocab[tok]) for tok in SPECIAL_TOKENS.values())

    # -- normalizer: returns a list of (char, index of the original char it came from) --
    def _normalize(self, text):
        out = []
        for i, c in enumerate(text):
            cp = ord(c)
            if cp == 0 or cp == 0xFFFD or _is_control(c):
                continue
            if _is_whitespace(c):
                out.append((" ", i))
                continue
            if self.chinese and _is_chinese_char(cp):
                out.extend([(" ", i), (c, i), (" ", i)])
                continue
            chars = c
            if self.strip_accents:
                chars = "".join(x for x in unicodedata.normalize("NFD", chars)
                                if unicodedata.category(x) != "Mn")
            if self.lowercase:
                chars = chars.lower()
            out.extend((x, i) for x in chars)
        return out

    # -- pre-tokenizer: words as (normalized chars, [orig index per char]) --
    def _pre_tokenize(self, norm):
        words, cur = [], []
        for ch, i in norm:
            if ch == " ":
                if cur:
                    words.append(cur)
                cur = []
            elif _is_punctuation(ch):
                if cur:
                    words.append(cur)
                words.append([(ch, i)])
                cur = []
            else:
                cur.append((ch, i))
        if cur:
            words.append(cur)
        return words

    def _wordpiece(self, word):
        """word: list of (char, orig index). Returns [(token, start, end)] with orig offsets."""
        chars = "".join(c for c, _ in word)
        span = (word[0][1], word[-1][1] + 1)
        if len(chars) > self.max_chars:
            return [("[UNK]",) + span]
        pieces, start = [], 0
        while start < len(chars):
            end, cur = len(chars), None
            while start < end:
                sub = chars[start:end]
                if start > 0:
                    sub = "##" + sub
                if sub in self.vocab:
                    cur = sub
                    break
                end -= 1
            if cur is None:
                return [("[UNK]",) + span]
            pieces.append((cur, word[start][1], word[end - 1][1] + 1))
            start = end
        return pieces

    def tokenize(self, text):
        """Returns tokens, offsets [start, end) into `text`, and word index per token."""
        for tok in SPECIAL_TOKENS.values():
            if tok in text:
                raise ValueError(f"special token text {tok} in input is not supported here")
        tokens, offsets, word_ids = [], [], []
        for w, word in enumerate(self._pre_tokenize(self._normalize(text))):
            for tok, s, e in self._wordpiece(word):
                tokens.append(tok)
                offsets.append([s, e])
                word_ids.append(w)
        return tokens, offsets, word_ids

    def word_spans(self, text):
        """Character span [start, end) of every pre-tokenized word of `text`."""
        return [[w[0][1], w[-1][1] + 1] for w in self._pre_tokenize(self._normalize(text))]

    def encode(self, text, text_pair=None):
        """[CLS] A [SEP] (B [SEP]); special tokens get offsets [0, 0], word id None and
        sequence id None."""
        ta, oa, wa = self.tokenize(text)
        tokens = ["[CLS]"] + ta + ["[SEP]"]
        offsets = [[0, 0]] + oa + [[0, 0]]
        word_ids = [None] + wa + [None]
        seq_ids = [None] + [0] * len(ta) + [None]
        type_ids = [0] * len(tokens)
        if text_pair is not None:
            tb, ob, wb = self.tokenize(text_pair)
            tokens += tb + ["[SEP]"]
            offsets += ob + [[0, 0]]
            word_ids += wb + [None]
            seq_ids += [1] * len(tb) + [None]
            type_ids += [1] * (len(tb) + 1)
        return {
            "tokens": tokens,
            "ids": [self.vocab[t] for t in tokens],
            "type_ids": type_ids,
            "offsets": offsets,
            "word_ids": word_ids,
            "sequence_ids": seq_ids,
        }


# ---------------------------------------------------------------------------------------------
# The small lowercase vocabulary used by the committed fixtures (and by make_model.py when no
# --vocab is given). Ids: [PAD]=0, [unused0..3]=1..4, [UNK]=5, [CLS]=6, [SEP]=7, [MASK]=8 —
# deliberately not BERT's 100..103 so that nothing can hard-code those.

_WORDS = """
the a an and or but if of in on at to for from with by about as into over after before than
then so not no is are was were be been has have had do does did will would can could should
may must this that these those it its they them their there here he she his her we our us you
your i me my who what when where why how which all any some many more most much very too also
only just well still even never always often again now today out up down off one two three
four five six seven eight nine ten eleven first last new old good bad great nice terrible
excellent wonderful awful boring quite really less least better best worse worst
movie film music actor actors story ending plan food waiter restaurant prices price time day
days night weather sun light sky blue red green color air man woman people person friend guitar
stage team teams players match game ball goal goals city station tower engineer company year
years minutes hours street water world house home car book work school state country town river
bridge park garden market church museum school night morning evening week month money
like love hate feel felt think say said get got go went come came make made see saw know take
took give find found look want use tell ask seem leave keep begin show hear run move live
believe hold bring write sit stand lose pay meet include set learn lead understand watch follow
stop create speak read spend grow open walk win offer remember buy wait serve send expect build
stay fall reach remain suggest raise pass sell decide play named built opened scored recommend
small large long short big little high low early late warm cold hot clear sunny rain rainy
fast slow happy sad easy hard real sure true free full whole every each other such same own
nobody anyone someone something nothing everything because although while during since until
near far around through across against between under above without within along
economists expected rose percent estimate market tourists visit visitors million metres tall
paris france iron lattice designed engineer champ de mars named after whose
soccer football field played referee minute half halves usually lasts
finally waiting waited apologized apologize honestly desserts reasonable rushed loud
surprisingly actors wonderful didn don t s it ll ve re d m
capital largest population river flows north south east west ocean sea mountain mountains
scientist scientists discovered discovery element elements radium polonium prize physics
chemistry won born died cafe owner owners naive resume convincing delicious queue outside
making scatter score quick became popular student zoe called le petit near old marie curie
polish natural french physicist chemist conducted pioneer research radio nobel prize twice
scientific field together husband pierre discover first woman only she br gus 18 20
""".split()

_SUFFIXES = """
##s ##es ##ed ##ing ##ly ##er ##ers ##est ##ness ##ment ##tion ##able ##ful ##less ##y ##al
##ic ##ist ##ize ##ous ##ity ##en ##ate ##ive ##ish ##son ##ie ##ville ##ton ##ia ##an ##on
##el ##ette ##ich ##ri ##brod ##mann ##berg ##ence ##ance ##ical ##ure ##ant ##ent ##ine
##vin ##con ##cing ##ia ##st ##nd ##rd ##th ##iff ##rou ##ght ##tave ##je ##une ##no ##ised
##act ##ivity ##19 ##87 ##89 ##98 ##23
""".split()


def default_vocab():
    """Deterministic small WordPiece vocabulary (a list; id = position)."""
    toks = ["[PAD]", "[unused0]", "[unused1]", "[unused2]", "[unused3]", "[UNK]", "[CLS]", "[SEP]",
            "[MASK]"]
    toks += [chr(c) for c in range(33, 127) if not chr(c).isalnum()]
    toks += [str(d) for d in range(10)]
    toks += [chr(c) for c in range(ord("a"), ord("z") + 1)]
    toks += _WORDS
    toks += ["##" + chr(c) for c in range(ord("a"), ord("z") + 1)]
    toks += ["##" + str(d) for d in range(10)]
    toks += _SUFFIXES
    seen, out = set(), []
    for t in toks:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def read_vocab_txt(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.rstrip("\r") for ln in lines]


# ---------------------------------------------------------------------------------------------
# Tokenizer files.

def write_vocab_txt(vocab, path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(t + "\n" for t in vocab))


def tokenizer_json(vocab, legacy_model=True, post_processor="template"):
    """tokenizer.json content for a lowercase BERT WordPiece tokenizer.

    legacy_model: the `model` object has no "type" key, as in the real bert-base-uncased file;
    otherwise it carries "type": "WordPiece" (newer files).
    post_processor: "template" (TemplateProcessing, current) or "bert" (older BertProcessing).
    """
    ids = {t: i for i, t in enumerate(vocab)}
    cls_id, sep_id = ids["[CLS]"], ids["[SEP]"]
    added = []
    for tok in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]:
        added.append(OrderedDict([("id", ids[tok]), ("special", True), ("content", tok),
                                  ("single_word", False), ("lstrip", False), ("rstrip", False),
                                  ("normalized", False)]))
    added.sort(key=lambda a: a["id"])
    if post_processor == "template":
        post = OrderedDict([
            ("type", "TemplateProcessing"),
            ("single", [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                        {"Sequence": {"id": "A", "type_id": 0}},
                        {"SpecialToken": {"id": "[SEP]", "type_id": 0}}]),
            ("pair", [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                      {"Sequence": {"id": "A", "type_id": 0}},
                      {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                      {"Sequence": {"id": "B", "type_id": 1}},
                      {"SpecialToken": {"id": "[SEP]", "type_id": 1}}]),
            ("special_tokens", OrderedDict([
                ("[CLS]", {"id": "[CLS]", "ids": [cls_id], "tokens": ["[CLS]"]}),
                ("[SEP]", {"id": "[SEP]", "ids": [sep_id], "tokens": ["[SEP]"]})])),
        ])
    elif post_processor == "bert":
        post = OrderedDict([("type", "BertProcessing"), ("sep", ["[SEP]", sep_id]),
                            ("cls", ["[CLS]", cls_id])])
    else:
        raise ValueError(post_processor)
    model = OrderedDict()
    if not legacy_model:
        model["type"] = "WordPiece"
    model["unk_token"] = "[UNK]"
    model["continuing_subword_prefix"] = "##"
    model["max_input_chars_per_word"] = 100
    model["vocab"] = OrderedDict((t, i) for i, t in enumerate(vocab))
    return OrderedDict([
        ("version", "1.0"),
        ("truncation", None),
        ("padding", None),
        ("added_tokens", added),
        ("normalizer", OrderedDict([("type", "BertNormalizer"), ("clean_text", True),
                                    ("handle_chinese_chars", True), ("strip_accents", None),
                                    ("lowercase", True)])),
        ("pre_tokenizer", {"type": "BertPreTokenizer"}),
        ("post_processor", post),
        ("decoder", OrderedDict([("type", "WordPiece"), ("prefix", "##"), ("cleanup", True)])),
        ("model", model),
    ])


def tokenizer_config(tokenizer_class, model_max_length):
    cfg = OrderedDict([
        ("clean_up_tokenization_spaces", True),
        ("do_lower_case", True),
        ("model_max_length", model_max_length),
        ("strip_accents", None),
        ("tokenize_chinese_chars", True),
        ("tokenizer_class", tokenizer_class),
    ])
    cfg.update(SPECIAL_TOKENS)
    return OrderedDict(sorted(cfg.items()))


def write_tokenizer_files(vocab, out_dir, files=("tokenizer.json", "vocab.txt"),
                          tokenizer_class="BertTokenizer", model_max_length=512,
                          legacy_model=True, post_processor="template", special_tokens_map=False):
    """Writes the requested tokenizer files plus tokenizer_config.json into out_dir."""
    for name in files:
        path = os.path.join(out_dir, name)
        if name == "vocab.txt":
            write_vocab_txt(vocab, path)
        elif name == "tokenizer.json":
            obj = tokenizer_json(vocab, legacy_model=legacy_model, post_processor=post_processor)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")
        else:
            raise ValueError(f"unknown tokenizer file {name}")
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(tokenizer_config(tokenizer_class, model_max_length), indent=2) + "\n")
    if special_tokens_map:
        with open(os.path.join(out_dir, "special_tokens_map.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(OrderedDict(sorted(SPECIAL_TOKENS.items())), indent=2) + "\n")
