// How the default noise floor was chosen (README "Calibration"): on alpaca_eval, two independent
// gpt-4-0314 samples of the same prompt (outputs vs outputs_alt) are "the same model, sampled
// again"; gpt-4-0314 against each later snapshot is "another model". For each local metric this
// prints how well it separates the two (AUC) and the percentiles of the same-model similarity,
// of which the 10th is the default floor for a baseline with one sample.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { print, root } from './lib.mjs';
import { pairMetrics } from '../dist/compare/metrics/pair-metrics.js';

const METRICS = ['tokenF1', 'chrF', 'rougeL', 'editDistance'];
const similarity = (metric, m) => (metric === 'editDistance' ? 1 - m.editDistance : m[metric]);

export async function run() {
  const corpus = process.env.PINNED_CORPUS_DIR ?? join(root, '../shared/corpus');
  const file = join(corpus, 'alpaca_eval.jsonl');
  if (!existsSync(file)) {
    print('noise floor calibration', [['skipped', `no corpus at ${corpus} (set PINNED_CORPUS_DIR)`]]);
    return;
  }
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const same = [];
  const other = [];
  for (const row of rows) {
    const base = row.outputs['gpt-4-0314'];
    if (row.outputs_alt?.['gpt-4-0314'] !== undefined) same.push(pairMetrics(row.outputs_alt['gpt-4-0314'], base));
    for (const [model, output] of Object.entries(row.outputs)) if (model !== 'gpt-4-0314') other.push(pairMetrics(output, base));
  }
  const lines = [['pairs', `${same.length} same-model, ${other.length} gpt-4-0314 vs later snapshots`]];
  for (const metric of METRICS) {
    const s = same.map((m) => similarity(metric, m));
    const o = other.map((m) => similarity(metric, m));
    const q = (p) => quantile(s, p).toFixed(3);
    lines.push([
      `${metric}: AUC`,
      `${auc(s, o).toFixed(3)}   same-model p5 ${q(0.05)} p10 ${q(0.1)} p25 ${q(0.25)} median ${q(0.5)}; others median ${quantile(o, 0.5).toFixed(3)}`,
    ]);
  }
  print('noise floor calibration (alpaca_eval)', lines);
}

/** Probability that a random same-model pair is more similar than a random other-model pair (ties half). */
function auc(positives, negatives) {
  const all = [...positives.map((v) => [v, 1]), ...negatives.map((v) => [v, 0])].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += rank;
    i = j;
  }
  const n1 = positives.length;
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * negatives.length);
}

function quantile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.ceil(at)] - sorted[lo]) * (at - lo);
}
