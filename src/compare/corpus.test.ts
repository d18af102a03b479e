import { describe, expect, it } from 'vitest';
import { corpusMissing, corpusNote, readCorpus } from '../corpus.test-helpers.js';
import { compareCases, samples } from './compare.test-helpers.js';
import type { CaseInput } from './input.js';
import type { Verdict } from './types.js';
import type { Assertion, CompareSpec } from '../suite/types.js';

// Real recorded outputs (../shared/corpus): properties a user relies on, checked on data
// where the answer is known.

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
}

const OLD = 'gpt-4-0314';
const NEW = 'gpt-4-0613';

function driftCase(row: DriftRow, compare: CompareSpec, assert: Assertion[] = []): CaseInput {
  return {
    id: row.id,
    tags: [row.task],
    compare,
    assert,
    baseline: samples(row.outputs[OLD]!),
    candidates: { cand: samples(row.outputs[NEW]!) },
  };
}

function share(verdicts: Verdict[], wanted: Verdict[]): number {
  return verdicts.filter((v) => wanted.includes(v)).length / verdicts.length;
}

describe.skipIf(corpusMissing)(`on real recorded outputs${corpusNote}`, () => {
  const drift = corpusMissing ? [] : readCorpus<DriftRow>('llmdrift.jsonl');
  const task = (name: DriftRow['task']) => drift.filter((row) => row.task === name);

  it('identical outputs are "same", every one (alpaca_eval, gpt-4-0314 against itself)', () => {
    const rows = readCorpus<AlpacaRow>('alpaca_eval.jsonl');
    const cases = rows.map((row) => ({
      id: row.id,
      tags: [],
      compare: { kind: 'text' as const },
      assert: [],
      baseline: samples(row.outputs[OLD]!),
      candidates: { cand: samples(row.outputs[OLD]!) },
    }));
    const comparison = compareCases(cases);
    expect(comparison.cases.every((c) => c.verdict === 'same')).toBe(true);
    expect(comparison.decisions[0]!.decision).toBe('replaceable');
  });

  it('prime: the answer flips of gpt-4-0613 that the paper graded are caught, both ways (label + the expected answer as an assertion)', () => {
    const rows = task('prime');
    const cases = rows.map((row) =>
      driftCase(row, { kind: 'label', extract: '\\[(Yes|No)\\]' }, [
        { type: 'icontains', value: row.expected === 'yes' ? '[yes]' : '[no]' },
      ]),
    );
    const comparison = compareCases(cases);
    const byId = new Map(comparison.cases.map((c) => [c.caseId, c.verdict]));
    const negative = rows.filter((r) => r.graded[OLD]!.correct && !r.graded[NEW]!.correct).map((r) => byId.get(r.id)!);
    const positive = rows.filter((r) => !r.graded[OLD]!.correct && r.graded[NEW]!.correct).map((r) => byId.get(r.id)!);
    expect(negative).toHaveLength(331);
    expect(positive).toHaveLength(93);
    // The paper's grader and the assertion differ on a few outputs that mention both words.
    expect(share(negative, ['regressed'])).toBeGreaterThan(0.95);
    expect(share(positive, ['improved'])).toBeGreaterThan(0.9);
    expect(comparison.decisions[0]!.decision).toBe('keep-pinned');
    expect(comparison.decisions[0]!.flips!.pValue).toBeLessThan(1e-20);
  });

  it('prime without an answer key: a changed label is still a regression against the pinned baseline', () => {
    const rows = task('prime');
    const comparison = compareCases(rows.map((row) => driftCase(row, { kind: 'label', extract: '\\[(Yes|No)\\]' })));
    const byId = new Map(comparison.cases.map((c) => [c.caseId, c.verdict]));
    const flipped = rows.filter((r) => r.graded[OLD]!.correct !== r.graded[NEW]!.correct).map((r) => byId.get(r.id)!);
    expect(share(flipped, ['regressed'])).toBeGreaterThan(0.9);
  });

  it('happy_number: a changed boxed count is caught', () => {
    const rows = task('happy_number');
    const comparison = compareCases(rows.map((row) => driftCase(row, { kind: 'number', extract: '\\\\boxed\\{([^}]*)\\}' })));
    const byId = new Map(comparison.cases.map((c) => [c.caseId, c.verdict]));
    const negative = rows.filter((r) => r.graded[OLD]!.correct && !r.graded[NEW]!.correct).map((r) => byId.get(r.id)!);
    expect(negative).toHaveLength(177);
    expect(share(negative, ['regressed'])).toBeGreaterThan(0.95);
  });

  it('opinionqa: declining the survey where gpt-4-0314 picked an option is a regression, option letters intact', () => {
    const rows = task('opinionqa');
    const comparison = compareCases(rows.map((row) => driftCase(row, { kind: 'label', extract: '\\(([A-E])\\)' })));
    const byId = new Map(comparison.cases.map((c) => [c.caseId, c]));
    const declined = rows.filter((r) => r.graded[OLD]!.answered && !r.graded[NEW]!.answered).map((r) => byId.get(r.id)!.verdict);
    expect(declined).toHaveLength(787);
    expect(share(declined, ['regressed'])).toBeGreaterThan(0.95);
    const both = rows.find(
      (r) => r.graded[OLD]!.answered && r.graded[NEW]!.answered && JSON.stringify(r.graded[OLD]) === JSON.stringify(r.graded[NEW]),
    );
    if (both) expect(byId.get(both.id)!.verdict).not.toBe('regressed');
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

  it('sensitive: refusing where gpt-4-0314 answered is caught from the text alone', () => {
    const rows = task('sensitive');
    const comparison = compareCases(rows.map((row) => driftCase(row, { kind: 'text' })));
    const byId = new Map(comparison.cases.map((c) => [c.caseId, c.verdict]));
    const refusedNow = rows.filter((r) => r.graded[OLD]!.answered && !r.graded[NEW]!.answered).map((r) => byId.get(r.id)!);
    expect(refusedNow).toHaveLength(9);
    expect(share(refusedNow, ['regressed'])).toBeGreaterThanOrEqual(7 / 9);
  });

  it('is deterministic: the same inputs give the same comparison', () => {
    const cases = task('prime')
      .slice(0, 200)
      .map((row) => driftCase(row, { kind: 'label', extract: '\\[(Yes|No)\\]' }));
    expect(compareCases(cases)).toEqual(compareCases(cases));
  });
});
