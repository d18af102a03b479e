import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../verify/prng.js';
import { eValueAbove, eValueBelow, eValueRateAbove, eValueRateBelow, STAKE_FRACTIONS } from './betting-e-value.js';

const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('the betting e-value (a mixture of constant-stake wealths)', () => {
  it('starts at 1: no case is no evidence', () => {
    expect(eValueRateBelow(0, 0, 0.05)).toBe(1);
    expect(eValueRateAbove(0, 0, 0.05)).toBe(1);
  });

  // Independent values: the mixture mean_j prod (1 - f_j x / max x)^count written out in Python
  // floats from the formula in the module comment (20 stakes 0.99 (0.005 / 0.99)^(j / 19)).
  it.each([
    ['no regression in 59 cases, H0: rate >= 5%', () => eValueRateBelow(0, 59, 0.05), 3.04386586256145],
    ['no regression in 131 cases, H0: rate >= 5%', () => eValueRateBelow(0, 131, 0.05), 51.85767742660191],
    ['9 regressions in 14 cases, H0: rate <= 5%', () => eValueRateAbove(9, 14, 0.05), 7318884.703636411],
    ['3 of 100 against 10%', () => eValueRateBelow(3, 100, 0.1), 6.144134996895289],
    ['2 of 10 against 50% (evidence for the null, below 1)', () => eValueRateAbove(2, 10, 0.5), 0.5351305146520409],
  ])('%s', (_, value, expected) => {
    expect(relativeError(value(), expected)).toBeLessThan(1e-12);
  });

  it('costs more cases than the fixed-sample test: an identical model needs 110 clean cases to show under 5% at 95%, not 59', () => {
    // The fixed exact test: 0.95^59 <= 0.05. Sequential: the mixture must reach 20.
    const first = (threshold: number) => {
      let n = 0;
      while (eValueRateBelow(0, n, 0.05) < threshold) n++;
      return n;
    };
    expect(first(20)).toBe(110);
    expect(first(40)).toBe(126);
  });

  it('grows with every case on its side and falls with every case against it', () => {
    for (let n = 1; n < 200; n++) {
      expect(eValueRateBelow(0, n, 0.05)).toBeGreaterThan(eValueRateBelow(0, n - 1, 0.05));
      expect(eValueRateBelow(1, n, 0.05)).toBeLessThan(eValueRateBelow(0, n - 1, 0.05));
      expect(eValueRateAbove(n, n, 0.05)).toBeGreaterThan(eValueRateAbove(n - 1, n - 1, 0.05));
    }
  });

  it('depends on the counts only, so a tally is enough: the order of cases cannot change it', () => {
    const outcomes = [
      { score: 0.9, count: 3 },
      { score: -0.1, count: 40 },
      { score: -1.05, count: 2 },
    ];
    expect(relativeError(eValueBelow([...outcomes].reverse()), eValueBelow(outcomes))).toBeLessThan(1e-14);
    expect(eValueAbove(outcomes)).toBe(eValueBelow(outcomes.map((o) => ({ ...o, score: -o.score }))));
  });

  it('stays finite and exact far into the tails (summed in logs)', () => {
    expect(eValueRateAbove(5000, 10000, 0.05)).toBe(Number.POSITIVE_INFINITY); // beyond 1e308, honestly
    expect(eValueRateBelow(5000, 10000, 0.05)).toBeGreaterThan(0);
    expect(eValueRateBelow(0, 5000, 0.05)).toBeGreaterThan(1e100);
  });

  it('treats a bound of 0 or 1 as what it is: one case against it disproves it, none says nothing', () => {
    expect(eValueRateAbove(1, 10, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(eValueRateAbove(0, 10, 0)).toBe(1);
    expect(eValueRateBelow(9, 10, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(eValueRateBelow(0, 10, 0)).toBeLessThanOrEqual(1);
  });

  it('has 20 stakes from 0.99 down to 0.005 of the largest safe one', () => {
    expect(STAKE_FRACTIONS).toHaveLength(20);
    expect(STAKE_FRACTIONS[0]).toBe(0.99);
    expect(STAKE_FRACTIONS[19]).toBeCloseTo(0.005, 12);
  });

  it('is valid under repeated looks: on the null’s boundary, it ever reaches 1/α in at most α of runs (Ville)', () => {
    // 1,000 runs of 300 cases at exactly the null rate, looked at after every case: the
    // supremum over all 300 looks must cross 20 in at most 5% of runs, give or take Monte Carlo
    // error (3 standard errors of a 5% rate over 1,000 runs: 2.1 points). A fixed-sample test
    // read at every look crosses far more often (sequential-simulation.test.ts).
    const random = mulberry32(20260513);
    for (const [p0, side] of [
      [0.05, 'below'],
      [0.3, 'above'],
    ] as const) {
      let crossed = 0;
      for (let run = 0; run < 1000; run++) {
        let count = 0;
        for (let n = 1; n <= 300; n++) {
          if (random() < p0) count++;
          const e = side === 'below' ? eValueRateBelow(count, n, p0) : eValueRateAbove(count, n, p0);
          if (e >= 20) {
            crossed++;
            break;
          }
        }
      }
      expect(crossed / 1000).toBeLessThanOrEqual(0.05 + 3 * Math.sqrt((0.05 * 0.95) / 1000));
    }
  });

  it('rejects what is not a count or a rate', () => {
    expect(() => eValueRateBelow(3, 2, 0.1)).toThrow(RangeError);
    expect(() => eValueRateBelow(1, 2, 1.5)).toThrow(RangeError);
    expect(() => eValueBelow([{ score: 1, count: -1 }])).toThrow(RangeError);
    expect(() => eValueBelow([{ score: Number.NaN, count: 1 }])).toThrow(RangeError);
  });
});
