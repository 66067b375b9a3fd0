#!/usr/bin/env node
// Times ONNX Runtime (CPU execution provider, through the onnxruntime-node package) on a model
// written by export_int8_onnx.py, on the synthetic inputs `octet bench-engine` uses: random token
// ids, every token attended, token type 0. Needs `ONNXRUNTIME_NODE_INSTALL=skip npm ci` in this
// folder first (tests/bench/engine_bench.py --ort does that when node_modules is missing).
//
//   node tests/bench/ort/bench_ort.js --model DIR/model_int8.onnx --precision int8 \
//       [--shapes 1x128,8x128,1x384] [--threads 1,2] [--iters 20] [--warmup 3] [--opt all]
//       [--vocab 30522]
//   node tests/bench/ort/bench_ort.js --model DIR/model_int8.onnx --check DIR/check.json
//   node tests/bench/ort/bench_ort.js --model DIR/model_int8.onnx --profile OUT_PREFIX ...
//   node tests/bench/ort/bench_ort.js --model DIR/model_int8.onnx --precision int8 \
//       --lengths FILE [--batches 1,8,32] [--threads 2] [--limit N] [--reps 1]
//
// With --lengths it replays a list of token lengths (one a line, '#' lines skipped; the file
// `octet bench-mixed --lengths` reads) in file order, cut into consecutive batches of each size
// and padded to the longest sequence of each batch (attention mask 0 on the padding), as a
// Triton or Hugging Face pipeline deployment batches requests. One line per (batch size, threads):
//   RESULT engine=onnxruntime mode=padded precision=… batch=… threads=… sequences=… tokens=…
//          padded_tokens=… batches=… reps=… seconds=… seq_per_s=… tokens_per_s=… batch_p50_ms=…
//          cpu_seconds=…
// where tokens are the real (unpadded) ones, seconds the median over reps of one pass and
// cpu_seconds the process CPU time of that pass (all threads; on a shared machine it shows the
// work apart from the waiting).
//
// Prints one line per (shape, threads):
//   RESULT engine=onnxruntime precision=… batch=… seq=… threads=… median_ms=… p90_ms=…
//          seq_per_s=…
// plus min_ms and cpu_ms_per_iter (process CPU time, all threads, per timed run: on a shared
// machine it shows how much of the wall time was computing; spinning pool threads count too).
// Sessions: intraOpNumThreads = threads, interOpNumThreads = 1, sequential execution,
// graphOptimizationLevel 'all' by default (--opt disabled|basic|extended|all): at that level ONNX
// Runtime fuses DynamicQuantizeLinear + MatMulInteger + Cast + Mul (+ Add) into one kernel.
// --profile PREFIX writes ONNX Runtime's per-node profile (JSON) for the runs.
'use strict';

const fs = require('fs');
const ort = require('onnxruntime-node');

function parseArgs(argv) {
  const a = {shapes: '1x128,8x128,1x384', threads: '1', iters: 20, warmup: 3, precision: '?',
             opt: 'all', vocab: 30522};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i]);
    if (!m || i + 1 >= argv.length) throw new Error(`bad argument at position ${i + 1}`);
    a[m[1]] = argv[++i];
  }
  if (!a.model) throw new Error('--model is required');
  a.iters = Number(a.iters);
  a.warmup = Number(a.warmup);
  a.vocab = Number(a.vocab);
  if (!(a.vocab >= 10)) throw new Error('--vocab must be >= 10');
  if (!(a.iters >= 1 && a.warmup >= 0)) throw new Error('--iters must be >= 1, --warmup >= 0');
  return a;
}

// A small LCG so that inputs are the same in every run (ids in [1000, vocab) as in the other
// benchmarks, or [5, vocab) for small test vocabularies).
function syntheticFeeds(inputNames, batch, seq, vocab, seed) {
  const low = vocab > 2000 ? 1000n : 5n;
  let s = BigInt(seed);
  const ids = new BigInt64Array(batch * seq);
  for (let i = 0; i < ids.length; i++) {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    ids[i] = low + ((s >> 33n) % (BigInt(vocab) - low));
  }
  const dims = [batch, seq];
  const ones = new BigInt64Array(ids.length).fill(1n);
  const feeds = {input_ids: new ort.Tensor('int64', ids, dims),
                 attention_mask: new ort.Tensor('int64', ones, dims)};
  if (inputNames.includes('token_type_ids')) {
    feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(ids.length), dims);
  }
  return feeds;
}

function sessionOptions(a, threads) {
  const o = {executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1,
             executionMode: 'sequential', graphOptimizationLevel: a.opt, logSeverityLevel: 3};
  const profilePrefix = a.profile;
  if (profilePrefix) Object.assign(o, {enableProfiling: true, profileFilePrefix: profilePrefix});
  return o;
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
}

async function bench(a) {
  const shapes = a.shapes.split(',').map((s) => s.split('x').map(Number));
  for (const threads of a.threads.split(',').map(Number)) {
    const session = await ort.InferenceSession.create(a.model, sessionOptions(a, threads));
    const fetch = [session.outputNames[0]];
    for (const [batch, seq] of shapes) {
      const feeds = syntheticFeeds(session.inputNames, batch, seq, a.vocab, 1234);
      const times = [];
      let cpu0 = null;
      for (let i = 0; i < a.warmup + a.iters; i++) {
        if (i === a.warmup) cpu0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        await session.run(feeds, fetch);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (i >= a.warmup) times.push(ms);
      }
      const cpu = process.cpuUsage(cpu0);  // all threads of the process, user + system
      times.sort((x, y) => x - y);
      const med = quantile(times, 0.5);
      console.log(`RESULT engine=onnxruntime precision=${a.precision} batch=${batch} seq=${seq} ` +
                  `threads=${threads} median_ms=${med.toFixed(3)} ` +
                  `p90_ms=${quantile(times, 0.9).toFixed(3)} ` +
                  `min_ms=${times[0].toFixed(3)} seq_per_s=${(batch * 1000 / med).toFixed(1)} ` +
                  `cpu_ms_per_iter=${((cpu.user + cpu.system) / 1000 / a.iters).toFixed(1)} ` +
                  `iters=${a.iters} ort=${ort.env.versions.node}`);
    }
    if (a.profile) session.endProfiling();
    await session.release();
  }
}

// Runs the model on check.json's inputs and compares with the PyTorch outputs stored there.
async function check(a) {
  const c = JSON.parse(fs.readFileSync(a.check, 'utf8'));
  const session = await ort.InferenceSession.create(a.model, sessionOptions(a, 1));
  const feeds = {};
  for (const name of session.inputNames) {
    const values = BigInt64Array.from(c.inputs[name].flat().map(BigInt));
    feeds[name] = new ort.Tensor('int64', values, c.shape);
  }
  const out = await session.run(feeds);
  for (const name of session.outputNames) {
    const got = out[name].data;
    for (const refName of ['fp32', 'int8_emulated']) {
      const ref = c[refName][name];
      if (ref.length !== got.length) {
        throw new Error(`${name}: ${got.length} values, expected ${ref.length}`);
      }
      let err2 = 0, ref2 = 0, maxAbs = 0, refMax = 0;
      for (let i = 0; i < ref.length; i++) {
        const d = got[i] - ref[i];
        err2 += d * d;
        ref2 += ref[i] * ref[i];
        maxAbs = Math.max(maxAbs, Math.abs(d));
        refMax = Math.max(refMax, Math.abs(ref[i]));
      }
      console.log(`CHECK output=${name} vs=${refName} n=${ref.length} ` +
                  `nmse=${(err2 / ref2).toExponential(3)} max_abs=${maxAbs.toExponential(3)} ` +
                  `max_abs_over_max_ref=${(maxAbs / refMax).toExponential(3)}`);
    }
  }
}

function readLengths(path) {
  const lengths = [];
  fs.readFileSync(path, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const n = Number(line);
    if (!Number.isInteger(n) || n < 2) throw new Error(`${path}:${i + 1}: bad length '${line}'`);
    lengths.push(n);
  });
  if (lengths.length === 0) throw new Error(`${path}: no token lengths`);
  return lengths;
}

// One padded batch: sequences [first, first + count) of `seqs`, padded with id 0 / mask 0.
function paddedFeeds(inputNames, seqs, first, count) {
  const batch = seqs.slice(first, first + count);
  const longest = Math.max(...batch.map((s) => s.length));
  const dims = [batch.length, longest];
  const ids = new BigInt64Array(batch.length * longest);
  const mask = new BigInt64Array(batch.length * longest);
  batch.forEach((s, b) => {
    ids.set(s, b * longest);
    mask.fill(1n, b * longest, b * longest + s.length);
  });
  const feeds = {input_ids: new ort.Tensor('int64', ids, dims),
                 attention_mask: new ort.Tensor('int64', mask, dims)};
  if (inputNames.includes('token_type_ids')) {
    feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(ids.length), dims);
  }
  return {feeds, padded: batch.length * longest};
}

async function benchPadded(a) {
  let lengths = readLengths(a.lengths);
  const limit = Number(a.limit || 0);
  if (limit > 0) lengths = lengths.slice(0, limit);
  const reps = Number(a.reps || 1);
  // The same ids for every batch size: one seeded stream over the whole workload.
  const low = a.vocab > 2000 ? 1000n : 5n;
  let state = 1234n;
  const seqs = lengths.map((n) => {
    const s = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
      s[i] = low + ((state >> 33n) % (BigInt(a.vocab) - low));
    }
    return s;
  });
  const tokens = lengths.reduce((x, y) => x + y, 0);
  for (const threads of a.threads.split(',').map(Number)) {
    const session = await ort.InferenceSession.create(a.model, sessionOptions(a, threads));
    const fetch = [session.outputNames[0]];
    for (const size of (a.batches || '1,8,32').split(',').map(Number)) {
      const batches = [];
      let padded = 0, biggest = 0;
      for (let i = 0; i < seqs.length; i += size) {
        const b = paddedFeeds(session.inputNames, seqs, i, size);
        padded += b.padded;
        if (b.padded > batches[biggest]?.padded) biggest = batches.length;
        batches.push(b);
      }
      for (const i of [0, biggest]) await session.run(batches[i].feeds, fetch);  // warm-up
      const passes = [], cpuPasses = [], batchMs = [];
      for (let r = 0; r < reps; r++) {
        const cpu0 = process.cpuUsage();  // all threads of the process, user + system
        const begin = process.hrtime.bigint();
        for (const b of batches) {
          const t0 = process.hrtime.bigint();
          await session.run(b.feeds, fetch);
          batchMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        passes.push(Number(process.hrtime.bigint() - begin) / 1e9);
        const cpu = process.cpuUsage(cpu0);
        cpuPasses.push((cpu.user + cpu.system) / 1e6);
      }
      cpuPasses.sort((x, y) => x - y);
      passes.sort((x, y) => x - y);
      batchMs.sort((x, y) => x - y);
      const seconds = passes[Math.floor(passes.length / 2)];
      console.log(`RESULT engine=onnxruntime mode=padded precision=${a.precision} batch=${size} ` +
                  `threads=${threads} sequences=${seqs.length} tokens=${tokens} ` +
                  `padded_tokens=${padded} batches=${batches.length} reps=${reps} ` +
                  `seconds=${seconds.toFixed(4)} ` +
                  `seq_per_s=${(seqs.length / seconds).toFixed(2)} ` +
                  `tokens_per_s=${(tokens / seconds).toFixed(1)} ` +
                  `batch_p50_ms=${batchMs[Math.floor(batchMs.length / 2)].toFixed(3)} ` +
                  `cpu_seconds=${cpuPasses[Math.floor(cpuPasses.length / 2)].toFixed(3)}`);
    }
    await session.release();
  }
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`bench_ort: ${e.message}`);
  process.exit(2);
}
(args.check ? check(args) : args.lengths ? benchPadded(args) : bench(args)).catch((e) => {
  console.error(`bench_ort: ${e.message}`);
  process.exit(1);
});
