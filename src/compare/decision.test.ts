import { describe, expect, it } from 'vitest';
import { caseOf, compareCases, GATE, samples } from './compare.test-helpers.js';
import type { CaseInput } from './input.js';

const label = { compare: { kind: 'label' as const, labels: ['yes', 'no'] } };
const same = (i: number) => caseOf(`same-${i}`, samples('yes'), samples('yes'), label);
const flipped = (i: number, tags: string[] = []) => caseOf(`flip-${i}`, samples('yes'), samples('no'), { ...label, tags });
const many = (n: number, make: (i: number) => CaseInput) => Array.from({ length: n }, (_, i) => make(i));

describe('the decision per candidate', () => {
  it('replaceable: enough cases, all equivalent', () => {
    const [decision] = compareCases(many(80, same)).decisions;
    expect(decision!.decision).toBe('replaceable');
    expect(decision!.equivalence).toMatchObject({ count: 80, rate: 1 });
    expect(decision!.reasons[0]).toBe('clears the gate at 95% confidence');
  });

  it('review: all equivalent but too few cases, and says how many would settle it', () => {
    const [decision] = compareCases(many(14, same)).decisions;
    expect(decision!.decision).toBe('review');
    // 0 regressions of n: the one-sided 95% Wilson upper bound z²/(n+z²), z = 1.645, falls below 5% at n = 52
    // (the exact test the decision uses clears at 59: "about").
    expect(decision!.casesNeeded).toBe(52);
    expect(decision!.reasons[0]).toBe(
      'not enough evidence at 95% confidence: about 52 cases at the rates observed would settle it (14 were compared)',
    );
  });

  it('keep-pinned: regressions significantly above the gate', () => {
    const [decision] = compareCases([...many(10, same), ...many(10, flipped)]).decisions;
    expect(decision!.decision).toBe('keep-pinned');
    expect(decision!.regressions).toHaveLength(10);
    expect(decision!.reasons[0]).toBe('regresses on more cases than the gate allows (5.0%)');
  });

  it('keep-pinned: any regression in a critical tag', () => {
    const gate = { ...GATE, criticalTags: ['billing'] };
    const [decision] = compareCases([...many(100, same), flipped(0, ['billing'])], { gate }).decisions;
    expect(decision!.decision).toBe('keep-pinned');
    expect(decision!.criticalRegressions).toEqual(['flip-0']);
  });

  it('lexical-only drift is not held against a candidate, but keeps it from being replaceable', () => {
    const drift = (i: number) =>
      caseOf(
        `d-${i}`,
        samples('Refunds within 30 days, store credit until day 90.'),
        samples(`Please write to billing about case ${i}; they reply within a week.`),
      );
    const [decision] = compareCases([...many(100, same), ...many(20, drift)]).decisions;
    expect(decision!.unconfirmed).toBe(20);
    expect(decision!.decision).toBe('review');
    expect(decision!.reasons[0]).toContain('a judge (judge: in the suite) or typed comparisons would settle whether that matters');
  });

  it('counts assertion flips both ways with an exact McNemar test', () => {
    const assert = [{ type: 'icontains' as const, value: 'ok' }];
    const worse = (i: number) => caseOf(`w-${i}`, samples('ok'), samples('fail'), { assert });
    const better = (i: number) => caseOf(`b-${i}`, samples('fail'), samples('ok'), { assert });
    const [decision] = compareCases([...many(9, worse), ...many(1, better)]).decisions;
    // b = 9, c = 1: p = 2 * P(X <= 1 | 10, 0.5) = 2 * 11/1024
    expect(decision!.flips).toMatchObject({ negative: 9, positive: 1 });
    expect(decision!.flips!.pValue).toBeCloseTo(22 / 1024, 10);
  });

  it('with several candidates, decisions are Holm-adjusted', () => {
    // 0 regressions in 65: p = 0.95^65 = 0.036 clears 0.05 alone; Holm asks 0.025 of the first of two.
    const pair = (i: number): CaseInput => ({ ...same(i), candidates: { a: samples('yes'), b: samples('yes') } });
    const alone = compareCases(
      many(65, (i) => ({ ...same(i), candidates: { a: samples('yes') } })),
      { candidates: ['a'] },
    ).decisions;
    const both = compareCases(many(65, pair), { candidates: ['a', 'b'] }).decisions;
    expect(alone.map((d) => d.decision)).toEqual(['replaceable']);
    expect(both.map((d) => d.decision)).toEqual(['review', 'review']);
  });

  it('errors are reported, not counted as evidence either way', () => {
    const broken = (i: number) => caseOf(`e-${i}`, samples('yes'), samples({ error: '500 internal' }), label);
    const [decision] = compareCases([...many(80, same), ...many(5, broken)]).decisions;
    expect(decision!.counts.error).toBe(5);
    expect(decision!.cases).toBe(80);
    expect(decision!.regressions).toEqual([]);
    expect(decision!.reasons).toContain('5 cases had no outputs to compare (errors); rerun to fill them');
  });
});
