// Encodes JSON lines {"text", "text_pair"?} with the real Hugging Face `tokenizers` crate (npm
// @anush008/tokenizers) and prints {"tokens", "ids", "type_ids", "offsets"} per line, the shape
// `octet tokenize` prints. Offsets are code points, end exclusive.
//
//   node oracle.js TOKENIZER_JSON (--special|--no-special) < inputs.jsonl > expected.jsonl
'use strict';
const fs = require('fs');
const {Tokenizer} = require('@anush008/tokenizers');

async function main() {
  const [file, mode] = process.argv.slice(2);
  if (!file || (mode !== '--special' && mode !== '--no-special')) {
    console.error('usage: node oracle.js TOKENIZER_JSON --special|--no-special < inputs.jsonl');
    process.exit(2);
  }
  const tok = Tokenizer.fromFile(file);
  const addSpecialTokens = mode === '--special';
  const lines = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.length > 0);
  const out = [];
  for (const line of lines) {
    const rec = JSON.parse(line);
    const pair = typeof rec.text_pair === 'string' ? rec.text_pair : null;
    const enc = await tok.encode(rec.text, pair, {addSpecialTokens});
    out.push(JSON.stringify({
      tokens: enc.getTokens(),
      ids: Array.from(enc.getIds()),
      type_ids: Array.from(enc.getTypeIds()),
      offsets: enc.getOffsets().map((o) => [o[0], o[1]]),
    }));
  }
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
}

main().catch((e) => { console.error(e); process.exit(1); });
