// pairMetrics on recorded outputs. Identical texts must score as identical through every
// algorithm (not only through pairMetrics' exact shortcut), and two samples of gpt-4-0314 must
// look more alike than gpt-4-0314 and another snapshot: that gap is what the noise floor rests on.
// The figures printed here (means, AUCs) are what the noise-floor defaults are calibrated from.
import { describe, expect, it } from 'vitest';
import { corpusMissing, corpusNote, readCorpus } from '../../corpus.test-helpers.js';
import type { PairMetrics } from '../types.js';
import { chrF } from './chrf.js';
import { wordEditDistance } from './edit-distance.js';
import { normalizeText } from './normalize.js';
import { pairMetrics } from './pair-metrics.js';
import { rougeL } from './rouge-l.js';
import { tokenF1 } from './token-f1.js';
import { tokenize } from './tokenize.js';
import { wordDiff } from './word-diff.js';

interface AlpacaRow {
  outputs: Record<string, string>;
  outputs_alt: Record<string, string>;
}

const PINNED = 'gpt-4-0314';
type Similarity = 'tokenF1' | 'chrF' | 'rougeL' | 'editDistance' | 'lengthRatio';
const SIMILARITIES: Similarity[] = ['tokenF1', 'chrF', 'rougeL', 'editDistance', 'lengthRatio'];

/** Higher = more alike, for ranking: 1 - distance, and -|log ratio| for the length ratio. */
function alike(metrics: PairMetrics, metric: Similarity): number {
  if (metric === 'editDistance') return 1 - metrics.editDistance;
  if (metric === 'lengthRatio') return -Math.abs(Math.log(Math.max(metrics.lengthRatio, 1e-9)));
  return metrics[metric];
}

/** Probability that a random same-model pair ranks above a random different-model pair (ties count half). */
function auc(positives: number[], negatives: number[]): number {
  const scored = [...positives.map((v) => ({ v, positive: true })), ...negatives.map((v) => ({ v, positive: false }))].sort(
    (a, b) => a.v - b.v,
  );
  let rankSum = 0;
  for (let i = 0; i < scored.length; ) {
    let j = i;
    while (j < scored.length && scored[j]!.v === scored[i]!.v) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (scored[k]!.positive) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.skipIf(corpusMissing)('pairMetrics on recorded outputs' + corpusNote, () => {
  it('scores identical outputs as identical, through every algorithm', () => {
    const rows = readCorpus<AlpacaRow>('alpaca_eval.jsonl').slice(0, 150);
    for (const output of rows.flatMap((row) => Object.values(row.outputs))) {
      expect(pairMetrics(output, output)).toEqual({ exact: true, tokenF1: 1, chrF: 1, rougeL: 1, editDistance: 0, lengthRatio: 1 });
      const tokens = tokenize(output);
      expect(tokenF1(tokens, [...tokens])).toBe(1);
      expect(rougeL(tokens, [...tokens])).toBe(1);
      expect(wordEditDistance(tokens, [...tokens])).toBe(0);
      expect(chrF(output, output)).toBe(1);
      expect(normalizeText(normalizeText(output))).toBe(normalizeText(output));
      // Reformatting (ASCII case, line breaks, typographic apostrophes) is still exact.
      const reformatted = output
        .replace(/[a-z]/g, (c) => c.toUpperCase())
        .replace(/ /g, '\n  ')
        .replace(/'/g, '\u2019');
      expect(pairMetrics(reformatted, output).exact).toBe(true);
    }
  });

  it('finds two gpt-4-0314 samples more alike than gpt-4-0314 and any other snapshot (AlpacaEval)', () => {
    const rows = readCorpus<AlpacaRow>('alpaca_eval.jsonl');
    const same = rows.map((row) => pairMetrics(row.outputs_alt[PINNED]!, row.outputs[PINNED]!));
    const others = new Map<string, PairMetrics[]>();
    for (const row of rows) {
      for (const [model, output] of Object.entries(row.outputs)) {
        if (model === PINNED) continue;
        if (!others.has(model)) others.set(model, []);
        others.get(model)!.push(pairMetrics(output, row.outputs[PINNED]!));
      }
    }
    const different = [...others.values()].flat();

    const lines = [
      `${same.length} same-model pairs (0314 vs 0314 alt), ${different.length} different-model pairs (0314 vs ${others.size} snapshots)`,
    ];
    for (const metric of SIMILARITIES) {
      const perModel = [...others].map(([model, list]) => `${model} ${mean(list.map((m) => m[metric])).toFixed(3)}`).join(', ');
      const separation = auc(
        same.map((m) => alike(m, metric)),
        different.map((m) => alike(m, metric)),
      );
      lines.push(`${metric}: mean same ${mean(same.map((m) => m[metric])).toFixed(3)}, AUC ${separation.toFixed(3)}; mean vs ${perModel}`);
      if (metric === 'lengthRatio') continue;
      // More alike than the most different snapshot (gpt-3.5-turbo-0301) on average...
      const versus35 = others.get('gpt-3.5-turbo-0301')!;
      expect(mean(same.map((m) => alike(m, metric)))).toBeGreaterThan(mean(versus35.map((m) => alike(m, metric))));
      // ...and better than chance at telling a same-model pair from a different-model one.
      expect(separation).toBeGreaterThan(0.6);
    }
    console.info(lines.join('\n'));
  });

  it('gives word diffs that re-join to both outputs', () => {
    const rows = readCorpus<AlpacaRow>('alpaca_eval.jsonl').slice(0, 100);
    for (const row of rows) {
      const baseline = row.outputs[PINNED]!;
      const candidate = row.outputs['gpt-4-0613']!;
      const parts = wordDiff(baseline, candidate, { maxEditLength: 100_000 })!;
      expect(
        parts
          .filter((p) => p.op !== 'insert')
          .map((p) => p.text)
          .join(''),
      ).toBe(baseline);
      expect(
        parts
          .filter((p) => p.op !== 'delete')
          .map((p) => p.text)
          .join(''),
      ).toBe(candidate);
    }
  });
});
