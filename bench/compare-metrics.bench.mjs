// Issue: lexical metrics must keep up with a 10,000-case suite x 2 candidates x a few samples:
// >= 1,000 pairs/s on one core for realistic outputs, and no single pair over 200 ms even for two
// long unrelated texts. Runs on real corpus outputs; reads the built code in dist/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { print, root } from './lib.mjs';
import { pairMetrics } from '../dist/compare/metrics/pair-metrics.js';
import { outputFlags } from '../dist/compare/metrics/output-flags.js';
import { wordDiff } from '../dist/compare/metrics/word-diff.js';

const LONG_BYTES = 20_000;

export async function run() {
  const corpus = process.env.PINNED_CORPUS_DIR ?? join(root, '../shared/corpus');
  if (!existsSync(join(corpus, 'alpaca_eval.jsonl'))) {
    print('compare metrics', [['skipped', `no corpus at ${corpus} (set PINNED_CORPUS_DIR)`]]);
    return;
  }
  const alpaca = readJsonl(join(corpus, 'alpaca_eval.jsonl'));
  const arena = readJsonl(join(corpus, 'arena_hard.jsonl'));

  // Every other snapshot against gpt-4-0314, as a suite comparing candidates to the pinned model would.
  const pairs = [];
  for (const row of [...alpaca, ...arena]) {
    const baseline = row.outputs['gpt-4-0314'];
    for (const [model, output] of Object.entries(row.outputs)) if (model !== 'gpt-4-0314') pairs.push([output, baseline]);
  }
  const meanBytes = pairs.reduce((sum, [c, b]) => sum + c.length + b.length, 0) / pairs.length / 2;
  const near2k = pairs.filter(([c, b]) => between(c.length, 1500, 2500) && between(b.length, 1500, 2500));

  for (const [c, b] of pairs.slice(0, 500)) pairMetrics(c, b); // warm up the JIT
  const all = pairsPerSecond(pairs);
  const twoKb = pairsPerSecond(near2k);

  // Long unrelated texts: different arena-hard answers concatenated to 20 KB, a degenerate
  // repetition loop (real outputs cut at max_tokens look like this), and text whose every word
  // is distinct (the worst case for interning and the LCS masks).
  const texts = arena.map((row) => row.outputs['gpt-4-0314']);
  const longA = fill(texts.slice(0, 40));
  const longB = fill(texts.slice(40, 80));
  const loop = 'the same sentence over and over again, '.repeat(LONG_BYTES / 39);
  const distinct = Array.from({ length: LONG_BYTES / 8 }, (_, i) => `w${i.toString(36)}x`).join(' ');
  const distinct2 = Array.from({ length: LONG_BYTES / 8 }, (_, i) => `w${(i * 7919).toString(36)}x`).join(' ');
  const worst = [
    ['unrelated answers', longA, longB],
    ['answer vs repetition loop', longA, loop],
    ['all-distinct words, reordered', distinct, distinct2],
    ['answer vs itself with one edit', longA, longA.replace('the', 'a')],
  ].map(([label, a, b]) => [label, worstMs(() => pairMetrics(a, b))]);

  const diffTimes = near2k.slice(0, 300).map(([c, b]) => timeMs(() => wordDiff(b, c)));
  const rewritten = worstMs(() => wordDiff(longA, longB));
  const nearLong = worstMs(() => wordDiff(longA, longA.replaceAll(' is ', ' was ')));

  const outputs = pairs.map(([c]) => c);
  const flagsStart = performance.now();
  for (const output of outputs) outputFlags(output, 'stop');
  const flagsPerSecond = outputs.length / ((performance.now() - flagsStart) / 1000);

  print('compare metrics (one core)', [
    ['corpus pairs (alpaca_eval + arena_hard)', `${pairs.length} pairs, mean ${meanBytes.toFixed(0)} chars per output`],
    ['pairMetrics, all pairs (aim >= 1,000/s)', `${all.toFixed(0)} pairs/s`],
    [`pairMetrics, ${near2k.length} pairs of ~2 KB outputs`, `${twoKb.toFixed(0)} pairs/s`],
    ['one pair of 20 KB outputs (aim < 200 ms):', ''],
    ...worst.map(([label, ms]) => [`  ${label}`, `${ms.toFixed(1)} ms`]),
    ['wordDiff, ~2 KB pairs: median / max', `${median(diffTimes).toFixed(2)} ms / ${Math.max(...diffTimes).toFixed(2)} ms`],
    ['wordDiff, unrelated 20 KB (null)', `${rewritten.toFixed(1)} ms`],
    ['wordDiff, 20 KB with scattered edits', `${nearLong.toFixed(1)} ms`],
    ['outputFlags', `${flagsPerSecond.toFixed(0)} outputs/s`],
  ]);
}

function readJsonl(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

function between(x, lo, hi) {
  return x >= lo && x <= hi;
}

function fill(texts) {
  let out = '';
  for (const text of texts) {
    if (out.length >= LONG_BYTES) break;
    out += `${text}\n\n`;
  }
  return out.slice(0, LONG_BYTES);
}

function pairsPerSecond(pairs) {
  const start = performance.now();
  for (const [c, b] of pairs) pairMetrics(c, b);
  return pairs.length / ((performance.now() - start) / 1000);
}

function timeMs(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Worst of several runs (the JIT is warm from the corpus pairs by then). */
function worstMs(fn) {
  let worst = 0;
  for (let i = 0; i < 5; i++) worst = Math.max(worst, timeMs(fn));
  return worst;
}

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
