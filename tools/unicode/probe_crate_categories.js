// Derives, from the real Hugging Face `tokenizers` crate, how its BERT normalizer and
// pre-tokenizer classify every code point. The crate's category tests (punctuation, "other"
// characters that clean_text removes, the non-spacing marks strip_accents removes after NFD) use
// Unicode 8.0 data, while utf8proc is current; this probe records what the crate does so that
// Octet can do the same.
//
// Each code point c is encoded as "th" + c + "e" (no special tokens) with two tokenizer.json files:
// the cased one (clean_text, Chinese chars, no lowercase, no accent stripping) and the uncased one
// (with strip_accents). From the tokens and their offsets:
//   removed      the cased encoding is one token "the" spanning [0, 4]   (clean_text drops c)
//   whitespace   "th" and "e" are separate words and nothing covers [2, 3]
//   split        "th" and "e" are separate words and c is a token [2, 3] (punctuation / CJK)
//   word         c stays inside the word
//   mark         removed only by the uncased tokenizer (a non-spacing mark after NFD)
//
//   NODE_PATH=.../node_modules node probe_crate_categories.js CASED_JSON UNCASED_JSON > classes.json
// Output: {"removed": [[lo, hi], ...], "whitespace": [...], "split": [...], "mark": [...]}, each a
// list of inclusive code-point ranges.
'use strict';
const {Tokenizer} = require('@anush008/tokenizers');

function classify(enc) {
  const tokens = enc.getTokens();
  const offsets = enc.getOffsets();
  if (tokens.length === 1 && tokens[0] === 'the' && offsets[0][0] === 0 && offsets[0][1] === 4) {
    return 'removed';
  }
  const last = tokens.length - 1;
  const separateE = last >= 1 && tokens[last] === 'e' && offsets[last][0] === 3;
  const separateTh = tokens[0] === 'th' && offsets[0][0] === 0 && offsets[0][1] === 2;
  if (separateE && separateTh) {
    const covered = offsets.some((o) => o[0] <= 2 && o[1] >= 3);
    return covered ? 'split' : 'whitespace';
  }
  return 'word';
}

function addRange(ranges, cp) {
  const top = ranges[ranges.length - 1];
  if (top && top[1] === cp - 1) top[1] = cp;
  else ranges.push([cp, cp]);
}

async function main() {
  const [casedPath, uncasedPath] = process.argv.slice(2);
  const cased = Tokenizer.fromFile(casedPath);
  const uncased = Tokenizer.fromFile(uncasedPath);
  const out = {removed: [], whitespace: [], split: [], mark: []};
  const chunk = 8192;
  for (let start = 0; start < 0x110000; start += chunk) {
    const cps = [];
    for (let cp = start; cp < Math.min(start + chunk, 0x110000); cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      cps.push(cp);
    }
    const texts = cps.map((cp) => 'th' + String.fromCodePoint(cp) + 'e');
    const a = await cased.encodeBatch(texts, {addSpecialTokens: false});
    const b = await uncased.encodeBatch(texts, {addSpecialTokens: false});
    for (let i = 0; i < cps.length; i++) {
      const k = classify(a[i]);
      if (k !== 'word') addRange(out[k], cps[i]);
      else if (classify(b[i]) === 'removed') addRange(out.mark, cps[i]);
    }
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
