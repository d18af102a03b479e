import { describe, expect, it } from 'vitest';
import { constrainedBetter, tangoScore } from './paired-noninferiority.js';

describe("Tango's paired score test", () => {
  it("is McNemar's z, (b - c) / sqrt(b + c), at margin 0", () => {
    for (const [worse, better] of [
      [9, 1],
      [3, 12],
      [40, 20],
      [0, 22],
    ] as const) {
      const { z } = tangoScore({ n: 200, worse, better }, 0);
      expect(z).toBeCloseTo((worse - better) / Math.sqrt(worse + better), 12);
    }
  });

  it('takes the constrained maximum-likelihood p_better (checked by brute force on the likelihood)', () => {
    const logLikelihood = (q: number, n: number, b: number, c: number, margin: number) =>
      (b ? b * Math.log(q + margin) : 0) + (c ? c * Math.log(q) : 0) + (n - b - c) * Math.log(1 - 2 * q - margin);
    for (const [n, b, c, margin] of [
      [160, 40, 20, 0.05],
      [100, 3, 12, 0.1],
      [662, 30, 28, 0.05],
      [50, 0, 7, 0.2],
    ] as const) {
      const estimate = constrainedBetter({ n, worse: b, better: c }, margin);
      let best = 0;
      let bestValue = -Infinity;
      for (let i = 1; i < 200_000; i++) {
        const q = (i / 200_000) * ((1 - margin) / 2);
        const value = logLikelihood(q, n, b, c, margin);
        if (value > bestValue) [best, bestValue] = [q, value];
      }
      expect(Math.abs(estimate - best)).toBeLessThan(1e-5);
    }
  });

  it('clears a candidate that drifts as the baseline does, given enough cases, and not one that drifts more', () => {
    // Same-model: 30 cases only the candidate is outside, 30 only the baseline's re-sample: diff 0.
    expect(tangoScore({ n: 400, worse: 30, better: 30 }, 0.05).pValue).toBeLessThan(0.05);
    expect(tangoScore({ n: 60, worse: 5, better: 5 }, 0.05).pValue).toBeGreaterThan(0.05);
    // 20 points more drift than the baseline's own: never non-inferior at a 5-point margin.
    expect(tangoScore({ n: 2000, worse: 500, better: 100 }, 0.05).pValue).toBeGreaterThan(0.99);
  });

  it('is monotone: more cases where only the candidate is outside never help', () => {
    let last = 0;
    for (let worse = 0; worse <= 40; worse++) {
      const { pValue } = tangoScore({ n: 300, worse, better: 10 }, 0.05);
      expect(pValue).toBeGreaterThanOrEqual(last);
      last = pValue;
    }
  });

  it('rejects impossible counts', () => {
    expect(() => tangoScore({ n: 10, worse: 6, better: 5 }, 0.05)).toThrow(RangeError);
    expect(() => tangoScore({ n: 10, worse: 1, better: 1 }, 1)).toThrow(RangeError);
    expect(tangoScore({ n: 0, worse: 0, better: 0 }, 0.05).pValue).toBe(1);
  });
});
