// Compares two JSON-lines files of encodings ({"tokens","ids","type_ids","offsets"} per line) made
// from the same inputs, and prints each input whose encodings differ (first differing field and
// position). Exit 0 when all are equal, 1 otherwise.
//
//   node compare.js inputs.jsonl expected.jsonl ours.jsonl [LABEL]
'use strict';
const fs = require('fs');

function readLines(path) {
  return fs.readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
}

function firstDifference(a, b) {
  for (const field of ['ids', 'tokens', 'type_ids', 'offsets']) {
    const x = a[field] || [];
    const y = b[field] || [];
    const n = Math.max(x.length, y.length);
    for (let i = 0; i < n; i++) {
      if (JSON.stringify(x[i]) !== JSON.stringify(y[i])) {
        return `${field}[${i}]: expected ${JSON.stringify(x[i])}, got ${JSON.stringify(y[i])}`;
      }
    }
  }
  return null;
}

function main() {
  const [inputsPath, expectedPath, oursPath, label = ''] = process.argv.slice(2);
  const inputs = readLines(inputsPath);
  const expected = readLines(expectedPath);
  const ours = readLines(oursPath);
  if (expected.length !== inputs.length || ours.length !== inputs.length) {
    console.log(`${label}: line counts differ: inputs ${inputs.length}, expected ${expected.length}, ours ${ours.length}`);
    process.exit(1);
  }
  let differ = 0;
  let tokens = 0;
  for (let i = 0; i < inputs.length; i++) {
    const e = JSON.parse(expected[i]);
    tokens += e.ids.length;
    const d = firstDifference(e, JSON.parse(ours[i]));
    if (d === null) continue;
    if (++differ <= 15) console.log(`${label} input ${i + 1} ${inputs[i]}\n    ${d}`);
  }
  console.log(`${label}: ${inputs.length - differ}/${inputs.length} encodings equal ` +
              `(${tokens} tokens compared), ${differ} differ`);
  process.exit(differ === 0 ? 0 : 1);
}

main();
