// Issue 3: comparisons per second through compareRun (every local metric, noise floor, verdict,
// decision), on real ~2 KB outputs: gpt-4-0314 with two samples against two later snapshots.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { print, root } from './lib.mjs';
import { compareRun } from '../dist/compare/compare-run.js';

export async function run() {
  const corpus = process.env.PINNED_CORPUS_DIR ?? join(root, '../shared/corpus');
  if (!existsSync(join(corpus, 'alpaca_eval.jsonl'))) {
    print('compareRun', [['skipped', `no corpus at ${corpus}`]]);
    return;
  }
  const rows = readFileSync(join(corpus, 'alpaca_eval.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const sample = (output, i) => ({ sample: i, ok: true, output, finishReason: 'stop', error: null });
  const cases = rows.map((row) => ({
    id: row.id,
    tags: [],
    compare: { kind: 'text' },
    assert: [{ type: 'max-length', value: 4000 }],
    baseline: [sample(row.outputs['gpt-4-0314'], 0), sample(row.outputs_alt['gpt-4-0314'], 1)],
    candidates: {
      'gpt-4-turbo': [sample(row.outputs['gpt-4-turbo-2024-04-09'], 0)],
      'gpt-4o': [sample(row.outputs['gpt-4o-2024-05-13'], 0)],
    },
  }));
  const bytes = cases.reduce((sum, c) => sum + c.candidates['gpt-4o'][0].output.length, 0) / cases.length;
  const input = {
    runId: 1,
    baseline: { runId: 1, target: 'gpt-4-0314' },
    candidates: ['gpt-4-turbo', 'gpt-4o'],
    cases,
    gate: { maxRegressionRate: 0.05, minEquivalenceRate: 0.9, criticalTags: [], confidence: 0.95 },
  };
  const oneSample = { ...input, cases: cases.map((c) => ({ ...c, baseline: c.baseline.slice(0, 1) })) };
  compareRun(input); // warm up
  const timed = (what) => {
    const started = performance.now();
    const result = compareRun(what);
    return { result, seconds: (performance.now() - started) / 1000 };
  };
  const two = timed(input);
  const one = timed(oneSample);
  // Pairs: every candidate sample x baseline sample, plus the baseline's own pairs for its noise floor.
  const pairs = (baselineSamples) => cases.length * (2 * baselineSamples + (baselineSamples * (baselineSamples - 1)) / 2);
  print(`compareRun on alpaca_eval (${cases.length} cases x 2 candidates, ~${Math.round(bytes)} B outputs, all local metrics)`, [
    [
      'baseline with 1 sample (a retired snapshot)',
      `${Math.round(two.result.cases.length / one.seconds)} case comparisons/s, ${Math.round(pairs(1) / one.seconds)} output pairs/s (aim >= 1,000)`,
    ],
    [
      'baseline with 2 samples (noise floor measured)',
      `${Math.round(two.result.cases.length / two.seconds)} case comparisons/s, ${Math.round(pairs(2) / two.seconds)} output pairs/s`,
    ],
    [
      'verdicts (gpt-4o, 2 baseline samples)',
      Object.entries(two.result.decisions[1].counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
  ]);
}
