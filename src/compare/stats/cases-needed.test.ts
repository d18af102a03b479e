import { describe, expect, it } from 'vitest';
import { casesNeeded } from './cases-needed.js';
import { twoSidedZ, wilsonInterval } from './wilson.js';

describe('casesNeeded', () => {
  it('0 regressions observed: 73 cases put the 95% upper bound below 5%', () => {
    // With 0 of n, the Wilson upper bound is z^2 / (n + z^2) (set x = 0 in Wilson's formula).
    // z^2 / (n + z^2) < 0.05  <=>  n > 19 z^2 = 19 * 1.959964^2 = 72.988, so n = 73.
    const z = twoSidedZ(0.95);
    expect(19 * z * z).toBeCloseTo(72.988, 3);
    expect(wilsonInterval(0, 72, 0.95).high).toBeGreaterThan(0.05); // 0.050651
    expect(wilsonInterval(0, 73, 0.95).high).toBeLessThan(0.05); // 0.049992
    expect(casesNeeded({ rate: 0, bound: 0.05, side: 'high', confidence: 0.95 })).toBe(73);
  });

  it('0 regressions, tighter bound: n > z^2 (1 - b) / b', () => {
    // Same algebra for any b: z^2 / (n + z^2) < b <=> n > z^2 (1 - b) / b.
    // b = 0.01: 99 z^2 = 380.3 -> 381.  b = 1e-5: 99999 z^2 = 384142.04 -> 384143.
    expect(casesNeeded({ rate: 0, bound: 0.01, side: 'high', confidence: 0.95 })).toBe(381);
    expect(casesNeeded({ rate: 0, bound: 1e-5, side: 'high', confidence: 0.95 })).toBe(384143);
    // 99% confidence: z = 2.575829, 19 z^2 = 126.06 -> 127.
    expect(casesNeeded({ rate: 0, bound: 0.05, side: 'high', confidence: 0.99 })).toBe(127);
  });

  it('95% agreement observed, low bound above 90%: 153, the size from which every suite clears', () => {
    // Suites of n cases at rate 0.95 have round(0.95 n) agreements (a half rounded down, the
    // harder way for a low bound): 19n/20 rounded half-down is ceil((19n - 10) / 20), exact in
    // integers. Clearing is not monotone in n, so the expectation is checked size by size; the
    // same sequence came out of an independent scan in 50-digit mpmath of the score-test form
    // (x - 0.9 n)^2 > z^2 n 0.9 0.1.
    const successes = (n: number): number => Math.ceil((19 * n - 10) / 20);
    const clears = (n: number): boolean => wilsonInterval(successes(n), n, 0.95).low > 0.9;
    expect(clears(126)).toBe(false); // 120/126: 0.89999832
    expect(clears(127)).toBe(true); // 121/127: 0.90075610, the first size that clears...
    expect(clears(130)).toBe(false); // 123/130: 0.89302203, ...but not for good
    expect([140, 141, 149].map(clears)).toEqual([true, true, true]); // 133/140 ... 142/149
    expect([150, 151, 152].map(clears)).toEqual([false, false, false]); // 142/150: 0.89829612
    for (let n = 153; n <= 5000; n++) expect(clears(n)).toBe(true);
    expect(casesNeeded({ rate: 0.95, bound: 0.9, side: 'low', confidence: 0.95 })).toBe(153);
  });

  it('skips early sizes that only clear through rounding', () => {
    // rate 0.6, bound 0.2, 95%: 1 of 1 clears (low = 1 / (1 + z^2) = 0.2066), 1 of 2 does not,
    // 2 of 3 does, 2 of 4 (2.4 rounded) does not, 3 of 5 onward all do.
    expect(wilsonInterval(1, 1, 0.95).low).toBeGreaterThan(0.2);
    expect(wilsonInterval(2, 4, 0.95).low).toBeLessThan(0.2);
    expect(casesNeeded({ rate: 0.6, bound: 0.2, side: 'low', confidence: 0.95 })).toBe(5);
  });

  it('handles bounds at 0 and 1 by the rounding alone', () => {
    // low > 0 needs one success: round(0.1 n) >= 1 from n = 6 (0.5 at n = 5 rounds the hard way, to 0).
    expect(casesNeeded({ rate: 0.1, bound: 0, side: 'low', confidence: 0.95 })).toBe(6);
    // high < 1 needs one failure: round(0.95 n) < n from n = 11 (9.5 of 10 rounds up, to 10 of 10).
    expect(casesNeeded({ rate: 0.95, bound: 1, side: 'high', confidence: 0.9 })).toBe(11);
  });

  it('agrees with a brute-force scan on rational rates', () => {
    // Rates as a suite reports them, k / m; the scan uses integer rounding, half toward the bound.
    const scenarios = [
      { k: 7, m: 12, bound: 0.34, side: 'low' },
      { k: 23, m: 24, bound: 0.72, side: 'low' },
      { k: 3, m: 10, bound: 0.57, side: 'high' },
      { k: 1, m: 40, bound: 0.1, side: 'high' },
      { k: 97, m: 100, bound: 0.93, side: 'low' },
    ] as const;
    for (const { k, m, bound, side } of scenarios) {
      const roundHalfToBound = (n: number): number =>
        side === 'low' ? Math.ceil((2 * k * n - m) / (2 * m)) : Math.floor((2 * k * n + m) / (2 * m));
      const clears = (n: number): boolean => {
        const interval = wilsonInterval(roundHalfToBound(n), n, 0.95);
        return side === 'low' ? interval.low > bound : interval.high < bound;
      };
      const limit = 4000;
      let expected = limit;
      while (expected > 1 && clears(expected - 1)) expected--;
      expect(clears(limit)).toBe(true);
      expect(casesNeeded({ rate: k / m, bound, side, confidence: 0.95 })).toBe(expected);
    }
  });

  it('is null when the rate is not beyond the bound', () => {
    expect(casesNeeded({ rate: 0.9, bound: 0.9, side: 'low', confidence: 0.95 })).toBeNull();
    expect(casesNeeded({ rate: 0.85, bound: 0.9, side: 'low', confidence: 0.95 })).toBeNull();
    expect(casesNeeded({ rate: 0.05, bound: 0.05, side: 'high', confidence: 0.95 })).toBeNull();
    expect(casesNeeded({ rate: 1, bound: 1, side: 'low', confidence: 0.95 })).toBeNull();
    expect(casesNeeded({ rate: 0, bound: 0, side: 'high', confidence: 0.95 })).toBeNull();
  });

  it('is null above max', () => {
    expect(casesNeeded({ rate: 0.95, bound: 0.9, side: 'low', confidence: 0.95, max: 152 })).toBeNull();
    expect(casesNeeded({ rate: 0.95, bound: 0.9, side: 'low', confidence: 0.95, max: 153 })).toBe(153);
    // 0.95 vs 0.9499999 needs about 2e13 cases: past the default max of 1,000,000.
    expect(casesNeeded({ rate: 0.95, bound: 0.9499999, side: 'low', confidence: 0.95 })).toBeNull();
    expect(casesNeeded({ rate: 0, bound: 1e-6, side: 'high', confidence: 0.95 })).toBeNull();
  });

  it('answers far-away thresholds quickly', () => {
    // 0.95 vs 0.949: about 1.9e5 cases; binary search does the long part.
    const started = performance.now();
    const n = casesNeeded({ rate: 0.95, bound: 0.949, side: 'low', confidence: 0.95 });
    expect(n).toBeGreaterThan(180_000);
    expect(wilsonInterval(Math.round(0.95 * n!), n!, 0.95).low).toBeGreaterThan(0.949);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('rejects impossible options', () => {
    expect(() => casesNeeded({ rate: 1.2, bound: 0.9, side: 'low', confidence: 0.95 })).toThrow(RangeError);
    expect(() => casesNeeded({ rate: 0.9, bound: -0.1, side: 'high', confidence: 0.95 })).toThrow(RangeError);
    expect(() => casesNeeded({ rate: 0.9, bound: 0.5, side: 'low', confidence: 1 })).toThrow(RangeError);
    expect(() => casesNeeded({ rate: 0.9, bound: 0.5, side: 'low', confidence: 0.95, max: 0 })).toThrow(RangeError);
  });
});
