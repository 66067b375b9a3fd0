// Encodes JSON lines {"text", "text_pair"} with special tokens through the real Hugging Face
// `tokenizers` crate (npm @anush008/tokenizers, as tests/oracle/ installs it) and prints one JSON
// line per input: tokens, ids, type_ids, offsets (code points, end exclusive), sequence_ids
// (null for special tokens) and word_ids. make_fixtures.py uses it for the byte-level BPE
// fixtures, whose ids must be Hugging Face's own.
//
//   NODE_PATH=.../node_modules node hf_tokenize.js TOKENIZER_JSON < inputs.jsonl
'use strict';
const fs = require('fs');
const {Tokenizer} = require('@anush008/tokenizers');

async function main() {
  const [file] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node hf_tokenize.js TOKENIZER_JSON < inputs.jsonl');
    process.exit(2);
  }
  const tok = Tokenizer.fromFile(file);
  const lines = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.length > 0);
  for (const line of lines) {
    const rec = JSON.parse(line);
    const pair = typeof rec.text_pair === 'string' ? rec.text_pair : null;
    const enc = await tok.encode(rec.text, pair, {addSpecialTokens: true});
    const orNull = (v) => (v === undefined || v === null ? null : v);
    process.stdout.write(JSON.stringify({
      tokens: enc.getTokens(),
      ids: Array.from(enc.getIds()),
      type_ids: Array.from(enc.getTypeIds()),
      offsets: enc.getOffsets().map((o) => [o[0], o[1]]),
      sequence_ids: Array.from(enc.getSequenceIds()).map(orNull),
      word_ids: Array.from(enc.getWordIds()).map(orNull),
    }) + '\n');
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
