// Prints the lowercase mapping of the Hugging Face `tokenizers` crate's Lowercase normalizer
// (Rust's char::to_lowercase) for every code point it changes, to compare with
// core/base/unicode_util.cc's ToLower (utf8proc plus the capitals added to Unicode since).
//
//   NODE_PATH=.../node_modules node probe_crate_lowercase.js > lowercase.json
// Output: [[code point, [lowercase code points]], ...].
'use strict';
const {lowercase} = require('@anush008/tokenizers');

const lower = lowercase();
const out = [];
for (let cp = 0; cp < 0x110000; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const c = String.fromCodePoint(cp);
  const r = lower.normalizeString(c);
  if (r !== c) out.push([cp, [...r].map((x) => x.codePointAt(0))]);
}
process.stdout.write(JSON.stringify(out) + '\n');
