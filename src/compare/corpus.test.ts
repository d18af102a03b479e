import { describe, expect, it } from 'vitest';
import { corpusMissing, corpusNote, readCorpus } from '../corpus.test-helpers.js';
import { compareCases, samples } from './compare.test-helpers.js';
import type { CaseInput } from './input.js';
import type { Comparison, Verdict } from './types.js';
import type { Assertion, CompareSpec } from '../suite/types.js';

// Real recorded outputs (../shared/corpus) with ground truth, compared with suites written the
// way the README tells a user to write them, with and without the evidence a user can add.
// Figures in comments are from the shared split; bench/verdicts.bench.mjs prints them all.

interface DriftRow {
  id: string;
  task: 'prime' | 'happy_number' | 'sensitive' | 'opinionqa' | 'leetcode';
  expected: string | number | null;
  outputs: Record<string, string>;
  graded: Record<string, { correct?: boolean; answered?: boolean; accepted?: boolean }>;
}
interface AlpacaRow {
  id: string;
  outputs: Record<string, string>;
  outputs_alt: Record<string, string>;
}

const OLD = 'gpt-4-0314';
const NEW = 'gpt-4-0613';
const PRIME: CompareSpec = { kind: 'label', extract: '\\[(Yes|No)\\]' };
// YAML: extract: '\\boxed\{([^}]*)\}'
const HAPPY: CompareSpec = { kind: 'number', extract: '\\\\boxed\\{([^}]*)\\}' };
const OPTION: CompareSpec = { kind: 'label', extract: '\\(([A-Z])\\)' };
const PICKED_AN_OPTION: Assertion[] = [
  { type: 'regex', value: '\\([A-Z]\\)' },
  { type: 'not-contains', value: 'Refused' },
];

function driftCase(
  row: DriftRow,
  compare: CompareSpec,
  extra: { assert?: Assertion[]; expected?: unknown; candidate?: string } = {},
): CaseInput {
  return {
    id: row.id,
    tags: [row.task],
    compare,
    assert: extra.assert ?? [],
    ...(extra.expected !== undefined && { expected: extra.expected }),
    baseline: samples(row.outputs[OLD]!),
    candidates: { cand: samples(extra.candidate ?? row.outputs[NEW]!) },
  };
}

/** Verdicts grouped by what the ground truth says happened from gpt-4-0314 to the candidate. */
function byTruth(rows: DriftRow[], comparison: Comparison, truth: 'correct' | 'answered' | 'accepted', candidate = NEW) {
  const verdict = new Map(comparison.cases.map((c) => [c.caseId, c.verdict]));
  const group = (keep: (before: boolean, after: boolean) => boolean) =>
    rows.filter((r) => keep(r.graded[OLD]![truth]!, r.graded[candidate]![truth]!)).map((r) => verdict.get(r.id)!);
  return { negative: group((b, a) => b && !a), positive: group((b, a) => !b && a), unchanged: group((b, a) => b === a) };
}

function share(verdicts: Verdict[], wanted: Verdict[]): number {
  return verdicts.filter((v) => wanted.includes(v)).length / verdicts.length;
}

describe.skipIf(corpusMissing)(`verdicts on real recorded outputs${corpusNote}`, () => {
  const drift = corpusMissing ? [] : readCorpus<DriftRow>('llmdrift.jsonl');
  const task = (name: DriftRow['task']) => drift.filter((row) => row.task === name);
  const alpaca = corpusMissing ? [] : readCorpus<AlpacaRow>('alpaca_eval.jsonl');
  const alpacaCases = (candidate: (row: AlpacaRow) => string) =>
    alpaca.map((row) => ({
      id: row.id,
      tags: [],
      compare: { kind: 'text' as const },
      assert: [],
      baseline: samples(row.outputs[OLD]!),
      candidates: { cand: samples(candidate(row)) },
    }));

  it('identical outputs are "same", every one, and replaceable (alpaca_eval, gpt-4-0314 against itself)', () => {
    const comparison = compareCases(alpacaCases((row) => row.outputs[OLD]!));
    expect(comparison.cases.every((c) => c.verdict === 'same')).toBe(true);
    expect(comparison.decisions[0]!.decision).toBe('replaceable');
  });

  it('two independent samples of gpt-4-0314 are replaceable at 662 prompts, and never keep-pinned at any size', () => {
    const cases = alpacaCases((row) => row.outputs_alt[OLD]!);
    const [decision] = compareCases(cases).decisions;
    // 70 of 662 outside the default floor (10.6%) against the calibrated 10% + 5 points: p = 0.0005.
    expect(decision).toMatchObject({ decision: 'replaceable', regressions: [], counts: { regressed: 0, improved: 0 } });
    expect(decision!.lexical!.outside / decision!.lexical!.cases).toBeLessThan(0.12);
    for (const n of [30, 59, 100, 200, 400]) {
      const [part] = compareCases(cases.slice(0, n)).decisions;
      expect(part!.decision).not.toBe('keep-pinned');
      if (part!.decision === 'review') expect(part!.casesNeeded).toBeGreaterThan(n);
    }
  });

  it('later snapshots drift more than gpt-4-0314 drifts from itself: review, saying what would settle it, never keep-pinned', () => {
    for (const model of ['gpt-4-0613', 'gpt-4o-2024-05-13', 'gpt-3.5-turbo-0613']) {
      const [decision] = compareCases(alpacaCases((row) => row.outputs[model]!)).decisions;
      expect(decision!.decision).toBe('review');
      expect(decision!.reasons[0]).toContain('a judge (judge: in the suite) or typed checks');
    }
  });

  it('prime with expected: flips caught both ways, few false alarms, and keep-pinned', () => {
    const rows = task('prime');
    const comparison = compareCases(rows.map((row) => driftCase(row, PRIME, { expected: row.expected })));
    const { negative, positive, unchanged } = byTruth(rows, comparison, 'correct');
    expect([negative.length, positive.length]).toEqual([331, 93]);
    expect(share(negative, ['regressed'])).toBeGreaterThanOrEqual(0.95); // 331 / 331
    // 6 of gpt-4-0613's right answers are a bare "No", which a [Yes]/[No] parser cannot read.
    expect(share(positive, ['improved'])).toBeGreaterThanOrEqual(0.9); // 87 / 93
    expect(share(unchanged, ['regressed', 'improved'])).toBeLessThanOrEqual(0.05); // 1 / 258
    expect(comparison.decisions[0]!.decision).toBe('keep-pinned');
    expect(comparison.decisions[0]!.flips!.pValue).toBeLessThan(1e-20);
  });

  it('prime without expected: a different answer is changed, never regressed or improved; only format breaks regress', () => {
    const rows = task('prime');
    const comparison = compareCases(rows.map((row) => driftCase(row, PRIME)));
    const differs = comparison.cases.filter(
      (c) =>
        c.typed &&
        c.typed.baseline.every((b) => !b.startsWith('(')) &&
        c.typed.candidate.every((a) => !a.startsWith('(')) &&
        c.verdict !== 'equivalent' &&
        c.verdict !== 'same',
    );
    expect(differs.length).toBeGreaterThan(300);
    expect(differs.every((c) => c.verdict === 'changed')).toBe(true);
    const regressed = comparison.cases.filter((c) => c.verdict === 'regressed');
    expect(regressed.every((c) => c.reasons[0]!.startsWith('no match for /\\[(Yes|No)\\]/'))).toBe(true);
  });

  it('a candidate that answers every prime case right is not kept pinned for the baseline’s own mistakes', () => {
    const rows = task('prime');
    const right = (row: DriftRow) => `[${String(row.expected).toLowerCase() === 'yes' ? 'Yes' : 'No'}]`;
    const blind = compareCases(rows.map((row) => driftCase(row, PRIME, { candidate: right(row) })));
    expect(blind.decisions[0]!.decision).toBe('review');
    expect(blind.decisions[0]!.reasons[0]).toMatch(/^\d+ answers changed with nothing saying which side is right/);
    const told = compareCases(rows.map((row) => driftCase(row, PRIME, { candidate: right(row), expected: row.expected })));
    expect(told.decisions[0]!).toMatchObject({ decision: 'replaceable', counts: { regressed: 0 } });
    expect(told.decisions[0]!.counts.improved).toBeGreaterThan(90); // the baseline's own mistakes
  });

  it('happy_number with a \\boxed{} extract and expected: every flip caught, no false alarm', () => {
    const rows = task('happy_number');
    const comparison = compareCases(rows.map((row) => driftCase(row, HAPPY, { expected: row.expected })));
    const { negative, positive, unchanged } = byTruth(rows, comparison, 'correct');
    expect(negative).toHaveLength(177);
    expect(share(negative, ['regressed'])).toBeGreaterThanOrEqual(0.95); // 177 / 177
    expect(share(positive, ['improved'])).toBeGreaterThanOrEqual(0.9); // 17 / 17
    expect(share(unchanged, ['regressed', 'improved'])).toBeLessThanOrEqual(0.05); // 0 / 139; both wrong, differently: changed
    expect(comparison.decisions[0]!.decision).toBe('keep-pinned');
    // Without expected, a different count is only a change.
    const blind = compareCases(rows.map((row) => driftCase(row, HAPPY)));
    expect(byTruth(rows, blind, 'correct').negative.filter((v) => v === 'regressed')).toHaveLength(0);
  });

  it('opinionqa with an assertion that an option was picked: declining regresses, picking another option is no regression', () => {
    const rows = task('opinionqa');
    const comparison = compareCases(rows.map((row) => driftCase(row, OPTION, { assert: PICKED_AN_OPTION })));
    const { negative, unchanged } = byTruth(rows, comparison, 'answered');
    expect(negative).toHaveLength(787);
    expect(share(negative, ['regressed'])).toBeGreaterThanOrEqual(0.95); // 787 / 787
    expect(share(unchanged, ['regressed', 'improved'])).toBeLessThanOrEqual(0.05); // 0 / 267
    expect(comparison.decisions[0]!.decision).toBe('keep-pinned');
    const other = compareCases(
      rows.map((row) => driftCase(row, OPTION, { assert: PICKED_AN_OPTION, candidate: row.outputs['gpt-3.5-turbo-0301']! })),
    );
    const flips = byTruth(rows, other, 'answered', 'gpt-3.5-turbo-0301');
    expect(share(flips.positive, ['improved'])).toBeGreaterThanOrEqual(0.9); // 17 / 18
    expect(share(flips.unchanged, ['regressed', 'improved'])).toBeLessThanOrEqual(0.05); // 6 / 978
  });

  it('sensitive: refusing where gpt-4-0314 answered is seen from the text, but by the heuristic alone it is changed, unconfirmed', () => {
    const rows = task('sensitive');
    const comparison = compareCases(rows.map((row) => driftCase(row, { kind: 'text' })));
    const byId = new Map(comparison.cases.map((c) => [c.caseId, c]));
    const refusedNow = rows.filter((r) => r.graded[OLD]!.answered && !r.graded[NEW]!.answered).map((r) => byId.get(r.id)!);
    expect(refusedNow).toHaveLength(9);
    expect(
      refusedNow.every((c) => c.verdict === 'changed' && !c.confirmed && c.reasons[0]!.startsWith('refuses where the baseline answered')),
    ).toBe(true);
    expect(comparison.cases.some((c) => c.verdict === 'regressed')).toBe(false);
    expect(comparison.decisions[0]!.decision).toBe('review');
  });

  it('leetcode: code that stopped being directly usable (fences) is caught', () => {
    const rows = task('leetcode');
    const comparison = compareCases(rows.map((row) => driftCase(row, { kind: 'code' })));
    const byId = new Map(comparison.cases.map((c) => [c.caseId, c]));
    const broken = rows.filter((r) => r.graded[OLD]!.accepted && !r.graded[NEW]!.accepted).map((r) => byId.get(r.id)!);
    expect(broken).toHaveLength(16);
    expect(
      share(
        broken.map((c) => c.verdict),
        ['regressed'],
      ),
    ).toBeGreaterThan(0.9);
    expect(broken.some((c) => c.reasons[0]!.startsWith('wraps its code in Markdown fences'))).toBe(true);
  });

  it('is deterministic: the same inputs give the same comparison', () => {
    const cases = task('prime')
      .slice(0, 200)
      .map((row) => driftCase(row, PRIME, { expected: row.expected }));
    expect(compareCases(cases)).toEqual(compareCases(cases));
  });
});
