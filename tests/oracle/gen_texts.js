// Deterministic generator of varied texts for the differential tokenizer tests: scripts, accents
// and combining marks, emoji sequences, controls, zero-width and Unicode spaces, tabs and newlines,
// punctuation runs, very long words, special-token strings, and random code points from every
// plane (so characters whose Unicode category changed between versions come up). A third of the
// records are pairs.
//
//   node gen_texts.js COUNT SEED > inputs.jsonl
'use strict';

function rng(seed) {  // mulberry32: small, fast, reproducible across Node versions
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('the quick brown fox jumps over lazy dog tokenization unbelievable internationalisation ' +
  'running walked GPUs Hugging Face transformers encoder quantized int8 CPU naive cafe resume ' +
  "don't can't it's you're O'Neil e-mail state-of-the-art 1990s 3.14 1,000,000 $5 50% #tag @user").split(' ');
const ACCENTED = ['café', 'naïve', 'résumé', 'Ångström', 'façade', 'Müller', 'Øresund', 'Łódź',
  'São Paulo', 'Việt Nam', 'crème brûlée', 'ﬁnance', 'Ⅻ', '①②', 'ｆｕｌｌｗｉｄｔｈ', 'ǅemal',
  'ＡＢＣ１２３！', 'ﾊﾝｶｸ', '㎏㈱℡', '½', '…', 'ﬂ\u0301', 'ड़', 'آ', 'ไม่ได้'];
const COMBINING = ['\u0301', '\u0308', '\u0327', '\u030a', '\u0323', '\u0345', '\u1df6', '\u20d7',
  '\ufe20', '\u0489', '\u08ca'];
const SCRIPTS = ['東京タワーは高い', '中华人民共和国', '한국어 텍스트입니다', 'ภาษาไทยไม่มีช่องว่าง',
  'مرحبا بالعالم', 'שלום עולם', 'नमस्ते दुनिया', 'Ὀδυσσεύς', 'Привет, мир', 'ქართული', 'Ελληνικά',
  'ᚠᛇᚻ', 'ꦗꦮ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𠀋𡈽𡌛'];
const EMOJI = ['🙂', '😂', '👍🏽', '👩‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇯🇵', '🇺🇸', '❤️', '⁉', '🥘', '🧑🏿‍🚀',
  '#️⃣', '🫠'];
const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f', '\ufffd',
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u061c', '\u200e', '\u202e'];
const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2002', '\u2009', '\u3000', '\u1680',
  '\u2028', '\u000b', '\u000c', '   \t '];
const PUNCT = ['...', '!!!', '?!', '--', '—', '–', '«', '»', '“', '”', '„', '‘', '’', '(', ')', '[',
  ']', '{', '}', '<', '>', '/', '\\', '|', '~', '^', '`', '¿', '¡', '·', '•', '※', '§', '¶', '†',
  '‰', '€', '£', '¥', '₹', '°', '×', '÷', '≠', '∞', '、', '。', '「', '」', '\u061d', '\u166d',
  '\u0890', '؟'];
const SPECIAL = ['[CLS]', '[SEP]', '[MASK]', '[UNK]', '[PAD]', '<s>', '</s>', '<mask>', '<pad>',
  '<unk>', ' <mask> ', '[mask]', '<S>'];
const URLS = ['https://example.com/path?q=1&r=2#frag', 'user@example.org', 'C:\\Windows\\System32',
  '/usr/local/bin', 'v1.2.3-rc.4', '0x7fffffff', '2026-12-06T11:00:00Z'];

function pick(r, list) { return list[Math.floor(r() * list.length)]; }

function randomCodePoint(r) {
  // Mostly BMP, some supplementary; skip surrogates.
  for (;;) {
    const plane = r() < 0.85 ? 0 : Math.floor(r() * 3) + 1;
    const cp = plane * 0x10000 + Math.floor(r() * 0x10000);
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    return String.fromCodePoint(cp);
  }
}

function longWord(r) {
  const n = 60 + Math.floor(r() * 250);
  const alphabet = r() < 0.5 ? 'abcdefghijklmnopqrstuvwxyz' : 'aé東🙂b';
  const chars = [...alphabet];
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
  return s;
}

function piece(r) {
  const k = r();
  if (k < 0.30) return pick(r, WORDS);
  if (k < 0.38) return pick(r, ACCENTED);
  if (k < 0.43) return pick(r, WORDS) + pick(r, COMBINING);
  if (k < 0.52) return pick(r, SCRIPTS);
  if (k < 0.58) return pick(r, EMOJI);
  if (k < 0.62) return pick(r, CONTROLS);
  if (k < 0.68) return pick(r, PUNCT) + (r() < 0.3 ? pick(r, PUNCT) : '');
  if (k < 0.72) return pick(r, SPECIAL);
  if (k < 0.75) return pick(r, URLS);
  if (k < 0.77) return longWord(r);
  if (k < 0.80) return String(Math.floor(r() * 1e9));
  let s = '';
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) s += randomCodePoint(r);
  return s;
}

function text(r) {
  const n = Math.floor(r() * 14);
  let s = r() < 0.15 ? pick(r, SPACES) : '';
  for (let i = 0; i < n; i++) {
    s += piece(r);
    s += r() < 0.75 ? ' ' : (r() < 0.5 ? pick(r, SPACES) : '');
  }
  if (r() < 0.05) s = pick(r, SPACES).repeat(1 + Math.floor(r() * 4));  // only spaces
  return s;
}

function main() {
  const count = parseInt(process.argv[2] || '1000', 10);
  const seed = parseInt(process.argv[3] || '1', 10);
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const rec = {text: text(r)};
    if (r() < 0.33) rec.text_pair = text(r);
    out.push(JSON.stringify(rec));
  }
  process.stdout.write(out.join('\n') + '\n');
}

main();
