import { describe, expect, it } from 'vitest';
import { caseOf, compareCases, samples } from './compare.test-helpers.js';
import { repeatedParts } from './repeated-parts.js';
import type { CaseComparison } from './types.js';

describe('repeatedParts', () => {
  it("holds a reason every case gives once, and leaves each case's verdict as it was", () => {
    const cases = Array.from({ length: 40 }, (_, n) =>
      caseOf(`c${n}`, samples('The refund takes five days.'), samples('The refund takes five days.')),
    );
    const { cases: compared } = compareCases(cases);
    expect(compared).toHaveLength(40);
    expect(new Set(compared.map((c) => c.verdict))).toEqual(new Set(['same']));
    // Equal lists of reasons are one list, equal flags one object: not a copy per case.
    const first = compared[0]!;
    for (const item of compared.slice(1)) {
      expect(item.reasons).toBe(first.reasons);
      expect(item.flags).toBe(first.flags);
      expect(item.assertions).toBe(first.assertions);
    }
    expect(first.reasons.length).toBeGreaterThan(0);
  });

  it('keeps sentences past its bound as they are, and flags that differ apart', () => {
    const share = repeatedParts();
    const comparison = (reason: string, refusal: boolean): CaseComparison =>
      ({
        caseId: 'x',
        candidate: 'cand',
        verdict: 'changed',
        confirmed: false,
        reasons: [reason],
        unstable: false,
        similarity: null,
        floor: null,
        metrics: null,
        flags: {
          baseline: { refusal, codeFence: false, truncated: false },
          candidate: { refusal: false, codeFence: false, truncated: false },
        },
        assertions: [],
        samples: { baseline: 1, candidate: 1 },
      }) as CaseComparison;
    const many = Array.from({ length: 20_010 }, (_, n) => share(comparison(`reason ${n}`, n % 2 === 0)));
    expect(many.at(-1)!.reasons).toEqual(['reason 20009']);
    expect(many[0]!.flags!.baseline.refusal).toBe(true);
    expect(many[1]!.flags!.baseline.refusal).toBe(false);
    expect(many[2]!.flags!.baseline).toBe(many[0]!.flags!.baseline);
    expect(many[0]!.flags!.candidate).toBe(many[1]!.flags!.candidate);
    expect(many[0]!.samples).toBe(many[1]!.samples);
  });
});
