// Issue 10: do verdicts and decisions mean what they say? On real recorded outputs with ground
// truth (../shared/corpus/LLMDRIFT.md), suites written the way the README tells a user to write
// them, with and without the evidence a user can add (expected:, an assertion): per task and
// candidate, how many of the answers that got worse are called regressed, how many that got
// better are called improved, how often an unchanged answer is called either (a false alarm),
// and the decision. Then two independent samples of gpt-4-0314 (alpaca_eval) and the nine later
// snapshots against it, judged lexically; and the refusal heuristic against the human labels.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { print, root } from './lib.mjs';
import { compareRun } from '../dist/compare/compare-run.js';
import { isRefusal } from '../dist/compare/metrics/refusal.js';

const OLD = 'gpt-4-0314';
const CANDIDATES = ['gpt-4-0613', 'gpt-3.5-turbo-0301', 'gpt-3.5-turbo-0613'];
const GATE = { maxRegressionRate: 0.05, minEquivalenceRate: 0.9, criticalTags: [], confidence: 0.95 };

// What a user writes for each task (README "What a case compares", "expected:").
const SUITES = {
  prime: { truth: 'correct', compare: { kind: 'label', extract: '\\[(Yes|No)\\]' }, expected: (row) => row.expected },
  happy_number: { truth: 'correct', compare: { kind: 'number', extract: '\\\\boxed\\{([^}]*)\\}' }, expected: (row) => row.expected },
  opinionqa: {
    truth: 'answered',
    compare: { kind: 'label', extract: '\\(([A-Z])\\)' },
    // "an option was picked, and not the survey's own Refused option"
    assert: [
      { type: 'regex', value: '\\([A-Z]\\)' },
      { type: 'not-contains', value: 'Refused' },
    ],
  },
  sensitive: { truth: 'answered', compare: { kind: 'text' } },
  leetcode: { truth: 'accepted', compare: { kind: 'code' } },
};

const sample = (output) => [{ sample: 0, ok: true, output, finishReason: 'stop', error: null }];

export async function run() {
  const corpus = process.env.PINNED_CORPUS_DIR ?? join(root, '../shared/corpus');
  if (!existsSync(join(corpus, 'llmdrift.jsonl'))) {
    print('verdicts against ground truth', [['skipped', `no corpus at ${corpus} (set PINNED_CORPUS_DIR)`]]);
    return;
  }
  const drift = readJsonl(join(corpus, 'llmdrift.jsonl'));
  const lines = [];
  for (const [task, suite] of Object.entries(SUITES)) {
    const rows = drift.filter((row) => row.task === task);
    const variants = [['no evidence', false]];
    if (suite.expected) variants.push(['expected:', true]);
    if (suite.assert) variants.push(['assertion', true]);
    for (const [variant, withEvidence] of variants) {
      for (const candidate of CANDIDATES) {
        const cases = rows.map((row) => ({
          id: row.id,
          tags: [task],
          compare: suite.compare,
          assert: withEvidence && suite.assert ? suite.assert : [],
          ...(withEvidence && suite.expected && { expected: suite.expected(row) }),
          baseline: sample(row.outputs[OLD]),
          candidates: { [candidate]: sample(row.outputs[candidate]) },
        }));
        const comparison = compareRun({ runId: 1, baseline: { runId: 1, target: OLD }, candidates: [candidate], cases, gate: GATE });
        const verdict = new Map(comparison.cases.map((c) => [c.caseId, c.verdict]));
        const truth = (row, model) => row.graded[model][suite.truth];
        const group = (keep) => rows.filter(keep).map((row) => verdict.get(row.id));
        const negative = group((row) => truth(row, OLD) && !truth(row, candidate));
        const positive = group((row) => !truth(row, OLD) && truth(row, candidate));
        const unchanged = group((row) => truth(row, OLD) === truth(row, candidate));
        const d = comparison.decisions[0];
        lines.push([
          `${task}, ${variant}: ${candidate}`,
          `negative flips regressed ${share(negative, ['regressed'])}, positive flips improved ${share(positive, ['improved'])}, ` +
            `false alarms ${share(unchanged, ['regressed', 'improved'])} (changed ${count(unchanged, 'changed')}) -> ${d.decision}${d.casesNeeded ? ` (${d.casesNeeded} cases)` : ''}`,
        ]);
      }
    }
  }
  print(
    'verdicts against ground truth (llmdrift, shared split; false alarms: regressed or improved where the graded outcome did not change)',
    lines,
  );

  const alpaca = readJsonl(join(corpus, 'alpaca_eval.jsonl'));
  const later = Object.keys(alpaca[0].outputs).filter((model) => model !== OLD);
  const same = [];
  for (const candidate of ['gpt-4-0314 (outputs_alt)', ...later]) {
    const cases = alpaca.map((row) => ({
      id: row.id,
      tags: [],
      compare: { kind: 'text' },
      assert: [],
      baseline: sample(row.outputs[OLD]),
      candidates: { c: sample(candidate.startsWith(OLD) ? row.outputs_alt[OLD] : row.outputs[candidate]) },
    }));
    const comparison = compareRun({ runId: 1, baseline: { runId: 1, target: OLD }, candidates: ['c'], cases, gate: GATE });
    const d = comparison.decisions[0];
    const alarms = d.counts.regressed + d.counts.improved;
    same.push([
      candidate,
      `${d.decision}${d.casesNeeded ? ` (${d.casesNeeded} cases)` : ''}: outside the noise on ${d.lexical.outside} of ${d.lexical.cases} (${pct(d.lexical.outside / d.lexical.cases)}; ` +
        `baseline ${pct(d.lexical.baseline.rate)} + margin ${pct(d.lexical.margin)}, p = ${d.lexical.pValue.toPrecision(2)}), false alarms ${alarms} of ${d.cases}`,
    ]);
    if (candidate.startsWith(OLD)) {
      for (const n of [30, 59, 100, 200, 400]) {
        const part = compareRun({ runId: 1, baseline: { runId: 1, target: OLD }, candidates: ['c'], cases: cases.slice(0, n), gate: GATE })
          .decisions[0];
        same.push([`  first ${n} prompts`, `${part.decision}${part.casesNeeded ? ` (${part.casesNeeded} cases would settle it)` : ''}`]);
      }
    }
  }
  print('the same model twice, and nine later snapshots, against gpt-4-0314 (alpaca_eval, 662 prompts, lexical only, default gate)', same);

  const refusal = [];
  for (const task of ['sensitive', 'opinionqa']) {
    const pairs = drift
      .filter((row) => row.task === task)
      .flatMap((row) => Object.entries(row.outputs).map(([model, output]) => [!row.graded[model].answered, isRefusal(output)]));
    const agree = pairs.filter(([label, flag]) => label === flag).length;
    const refused = pairs.filter(([label]) => label);
    refusal.push([
      `${task} (${pairs.length} outputs, 4 snapshots)`,
      `agreement ${pct(agree / pairs.length)}; refusals found ${pct(refused.filter(([, f]) => f).length / refused.length)}; answers kept ${pct(pairs.filter(([l, f]) => !l && !f).length / (pairs.length - refused.length))}`,
    ]);
  }
  print('refusal heuristic against the human labels (graded.*.answered; aim >= 95% agreement)', refusal);
}

function share(verdicts, wanted) {
  if (verdicts.length === 0) return 'n/a (0)';
  const n = verdicts.filter((v) => wanted.includes(v)).length;
  return `${n}/${verdicts.length} (${pct(n / verdicts.length)})`;
}

function count(verdicts, wanted) {
  return verdicts.filter((v) => v === wanted).length;
}

function pct(x) {
  return `${(100 * x).toFixed(1)}%`;
}

function readJsonl(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}
