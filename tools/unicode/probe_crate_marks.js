// Derives, from the real Hugging Face `tokenizers` crate, the code points its StripAccents
// normalizer removes (the combining marks of its Unicode tables: general category M as
// Unicode 9.0 assigned it; several characters have changed category since). Each code point is
// normalized alone; an empty result means the crate removes it.
//
//   NODE_PATH=.../node_modules node probe_crate_marks.js > marks.json
// Output: {"marks": [[lo, hi], ...]}, inclusive code-point ranges.
'use strict';
const {stripAccentsNormalizer} = require('@anush008/tokenizers');

const strip = stripAccentsNormalizer();
const marks = [];
for (let cp = 0; cp < 0x110000; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  if (strip.normalizeString(String.fromCodePoint(cp)) !== '') continue;
  const top = marks[marks.length - 1];
  if (top && top[1] === cp - 1) top[1] = cp;
  else marks.push([cp, cp]);
}
process.stdout.write(JSON.stringify({marks}) + '\n');
