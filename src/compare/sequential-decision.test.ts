import { describe, expect, it } from 'vitest';
import { GATE } from './compare.test-helpers.js';
import { runTests, type Tally } from './decision-tests.js';
import { sequentialDecision, type SequentialInput, times } from './sequential-decision.js';

const empty: Tally = {
  agree: 0,
  improved: 0,
  regressed: 0,
  changed: 0,
  single: { n: 0, outside: 0 },
  paired: { n: 0, both: 0, worse: 0, better: 0 },
};
const noCritical = { regressed: [], changed: [], unconfirmed: [] };
const look = (tally: Tally, more: Partial<SequentialInput> = {}) =>
  sequentialDecision({ tally, critical: noCritical, gate: GATE, candidates: 1, ...more });

/** The first size at which a suite of these proportions is decided, looking after every case. */
function firstDecided(at: (n: number) => Tally, more: Partial<SequentialInput> = {}): { cases: number; decision: string } {
  for (let n = 1; n <= 5000; n++) {
    const { decision } = look(at(n), more);
    if (decision !== 'undecided') return { cases: n, decision };
  }
  return { cases: Number.POSITIVE_INFINITY, decision: 'undecided' };
}

describe('a look at the cases so far (--stop-early)', () => {
  it('keeps a clearly regressing candidate pinned after a handful of cases, saying why', () => {
    const result = look({ ...empty, agree: 5, regressed: 9 });
    expect(result.decision).toBe('keep-pinned');
    expect(result.cases).toBe(14);
    expect(result.reasons[0]).toBe(
      'regresses on 9 of 14 cases with evidence: more than the gate allows (5.0%) at 95% confidence, valid under repeated looks',
    );
    // A candidate regressing on 40% of cases stops within a dozen.
    expect(firstDecided((n) => ({ ...empty, regressed: Math.round(0.4 * n), agree: n - Math.round(0.4 * n) }))).toEqual({
      cases: 9,
      decision: 'keep-pinned',
    });
  });

  it('clears an identical model, but needs more cases than the fixed-sample test (the price of looking as often as one likes)', () => {
    const identical = (n: number): Tally => ({ ...empty, agree: n });
    expect(runTests(identical(59), GATE).pReplace).toBeLessThanOrEqual(0.05); // the fixed test, read once
    expect(look(identical(59)).decision).toBe('undecided');
    expect(firstDecided(identical)).toEqual({ cases: 125, decision: 'replaceable' });
    expect(look(identical(125)).reasons[0]).toBe(
      'clears the gate on the 125 cases answered, at 95% confidence, valid under repeated looks',
    );
  });

  it('shares the error budget across candidates: with three, each needs 3 times the evidence', () => {
    const identical = (n: number): Tally => ({ ...empty, agree: n });
    expect(firstDecided(identical, { candidates: 3 })).toEqual({ cases: 149, decision: 'replaceable' });
    expect(look(identical(140), { candidates: 3 }).reasons[1]).toContain('each needs 60×, the error budget shared by 3 candidates');
  });

  it('says how far each test has come while undecided', () => {
    const result = look({ ...empty, agree: 100 });
    expect(result.decision).toBe('undecided');
    expect(result.reasons).toEqual([
      'not decided on the 100 cases answered: the evidence does not yet suffice either way at 95% confidence, valid under repeated looks',
      'evidence that it is as good (each needs 20×): regressions below max_regression_rate (or fixes outnumbering them) 7.1×; agreement above min_equivalence_rate 1,133×',
      'evidence that it is worse (their mean needs 20×): regressions above max_regression_rate 0.12×; breaks more than it fixes 0×',
    ]);
    expect(look(empty)).toEqual({ decision: 'undecided', reasons: ['no case weighed yet'], cases: 0 });
  });

  it('keeps a candidate pinned at once on a critical case, in the words of the fixed decision', () => {
    const result = look({ ...empty, agree: 1, regressed: 1 }, { critical: { regressed: ['refund-window'], changed: [], unconfirmed: [] } });
    expect(result).toEqual({
      decision: 'keep-pinned',
      reasons: ['regressed on critical case refund-window (gate: critical_tags)'],
      cases: 2,
    });
    expect(look({ ...empty, agree: 1, changed: 1 }, { critical: { regressed: [], changed: ['a', 'b'], unconfirmed: [] } }).reasons[0]).toBe(
      'changed on critical cases a, b with nothing saying which answer is right (gate: critical_tags)',
    );
  });

  it('never calls a candidate replaceable while a critical case is unconfirmed', () => {
    const result = look({ ...empty, agree: 400 }, { critical: { regressed: [], changed: [], unconfirmed: ['lost-key'] } });
    expect(result.decision).toBe('undecided');
    expect(result.reasons[1]).toBe(
      'critical case lost-key may have changed (the refusal heuristic only): an assertion, an expected: answer or a judge would settle it',
    );
  });

  it('weighs lexical cases against the baseline’s noise, but never keeps a candidate pinned on them', () => {
    // Within the calibrated noise (10%) plus the margin (5%): replaceable once there is enough.
    expect(firstDecided((n) => ({ ...empty, single: { n, outside: 0 } }))).toEqual({ cases: 39, decision: 'replaceable' });
    expect(look({ ...empty, single: { n: 600, outside: 60 } }).decision).toBe('replaceable');
    // Far outside it: only a judge or typed checks could say it is worse.
    const drifting = look({ ...empty, single: { n: 300, outside: 200 } });
    expect(drifting.decision).toBe('undecided');
    expect(drifting.reasons).toContain(
      'lexical evidence never keeps a candidate pinned: on these cases only replaceable can stop it early',
    );
    expect(drifting.reasons.at(-1)).toMatch(
      /^evidence that it is as good \(each needs 20×\): text within the baseline's noise plus the margin 0\.\d+×$/,
    );
    // Paired with the baseline's held-out samples.
    expect(look({ ...empty, paired: { n: 400, both: 20, worse: 10, better: 12 } }).decision).toBe('replaceable');
  });

  it('in a suite with both kinds, the checked cases must show regressions are rare before replaceable (stricter than the fixed decision)', () => {
    const text = { n: 300, outside: 20 };
    // The fixed decision, read once, lets the pooled test carry a few clean checked cases...
    expect(runTests({ ...empty, agree: 5, single: text }, GATE).pReplace).toBeLessThanOrEqual(0.05);
    // ...but "no regression seen yet" early in a run is no evidence.
    expect(look({ ...empty, agree: 5, single: text }).decision).toBe('undecided');
    expect(look({ ...empty, agree: 130, single: text }).decision).toBe('replaceable');
    expect(look({ ...empty, agree: 129, regressed: 1, single: text }).decision).toBe('undecided');
  });

  it('keeps a candidate that changes more answers than max_change_rate allows pinned', () => {
    const gate = { ...GATE, maxChangeRate: 0.1 };
    const result = look({ ...empty, agree: 30, improved: 15, changed: 15 }, { gate });
    expect(result.decision).toBe('keep-pinned');
    expect(result.reasons[0]).toBe(
      'changes 30 of 45 answers: more than the gate allows (max_change_rate 10%) at 95% confidence, valid under repeated looks',
    );
  });

  it('calls a candidate that fixes many of the baseline’s mistakes and breaks nothing replaceable, as the fixed decision does', () => {
    expect(look({ ...empty, agree: 40, improved: 30 }).decision).toBe('undecided');
    expect(look({ ...empty, agree: 130, improved: 90 }).decision).toBe('replaceable');
  });

  it('writes e-values so people can read them', () => {
    expect([0, 0.004321, 0.5, 7.06, 1133.4, 7.3e6, Number.POSITIVE_INFINITY].map(times)).toEqual([
      '0×',
      '0.004×',
      '0.50×',
      '7.1×',
      '1,133×',
      '7e6×',
      'beyond measure',
    ]);
  });

  it('rejects a count of candidates that is not one or more', () => {
    expect(() => look(empty, { candidates: 0 })).toThrow(RangeError);
  });
});
