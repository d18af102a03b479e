import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.js';
import { signFlipTest } from './sign-flip.js';
import { upperTolerance } from './simulate.test-helpers.js';

describe('signFlipTest, exact enumeration', () => {
  it('one feature, all rows positive: only the observed pattern (of 2^(n-1)) is as extreme', () => {
    // Rows 1, 2, 3: statistic (1 + 2 + 3)^2 / 14. Patterns fixing row 0's sign: (+,+,+) 36,
    // (+,+,-) 0, (+,-,+) 4, (+,-,-) 16; divided by 14. Only the first reaches 36/14: p = 1/4.
    const result = signFlipTest([[1], [2], [3]], { flips: 100 });
    expect(result).toMatchObject({ method: 'exact', flips: 4, pValue: 0.25 });
    expect(result.statistic).toBeCloseTo(36 / 14, 12);
    expect(result.z[0]).toBeCloseTo(6 / Math.sqrt(14), 12);
  });

  it('two features: the statistic sums z^2 over features, and a pattern tied with the observed counts', () => {
    // Rows (1, 0), (1, 0), (0, 1): z = (2/sqrt2, 1), statistic 3. Patterns with row 0 positive:
    // (+,+,+) 2+1 = 3, (+,+,-) 2+1 = 3, (+,-,+) 0+1 = 1, (+,-,-) 0+1 = 1: two of four reach 3.
    const result = signFlipTest(
      [
        [1, 0],
        [1, 0],
        [0, 1],
      ],
      { flips: 100 },
    );
    expect(result.statistic).toBeCloseTo(3, 12);
    expect(result.pValue).toBe(0.5);
  });

  it('ignores a feature that never differs, and is 1 when nothing differs', () => {
    expect(
      signFlipTest(
        [
          [1, 0],
          [2, 0],
          [3, 0],
        ],
        { flips: 100 },
      ).pValue,
    ).toBe(0.25);
    expect(
      signFlipTest(
        [
          [0, 0],
          [0, 0],
        ],
        { flips: 100 },
      ),
    ).toMatchObject({ pValue: 1, statistic: 0 });
    expect(signFlipTest([], { flips: 100 }).pValue).toBe(1);
  });

  it('rejects ragged rows and bad flip counts', () => {
    expect(() => signFlipTest([[1, 2], [1]])).toThrow(/length/);
    expect(() => signFlipTest([[1]], { flips: 0 })).toThrow(/flips/);
  });
});

describe('signFlipTest, Monte Carlo', () => {
  const rows = Array.from({ length: 30 }, (_, i) => [Math.sin(i) + 0.15, Math.cos(i * 3), i % 5 === 0 ? 1 : 0]);

  it('is reproducible for a seed and estimates the exact p-value', () => {
    const a = signFlipTest(rows, { flips: 2000, seed: 4 });
    expect(a.method).toBe('monte-carlo');
    expect(signFlipTest(rows, { flips: 2000, seed: 4 })).toEqual(a);
    expect(signFlipTest(rows, { flips: 2000, seed: 5 }).pValue).not.toBe(a.pValue);
    // (1 + hits) / (1 + flips): never 0, and a multiple of 1 / 2001.
    expect(a.pValue).toBeGreaterThan(0);
    expect(Math.round(a.pValue * 2001)).toBeCloseTo(a.pValue * 2001, 9);
    // The same rows, 16 of them, enumerated exactly (2^15 patterns) and estimated.
    const small = rows.slice(0, 16);
    const exact = signFlipTest(small, { flips: 2 ** 15 });
    const estimate = signFlipTest(small, { flips: 4000, seed: 9 });
    expect(exact.method).toBe('exact');
    expect(Math.abs(estimate.pValue - exact.pValue)).toBeLessThan(4 * Math.sqrt((exact.pValue * (1 - exact.pValue)) / 4000) + 1 / 4000);
  });

  it('holds its level under H0 (symmetric rows, correlated features) and has power against a shift', () => {
    // Each row: a random sign times a heavy-tailed vector whose features are correlated, i.e.
    // exactly the null the test assumes, however odd the features' distributions.
    const random = mulberry32(21);
    const trials = 600;
    let nullRejections = 0;
    let shiftedRejections = 0;
    for (let t = 0; t < trials; t++) {
      const base = Array.from({ length: 25 }, () => {
        const common = Math.exp(2 * random()) - 1;
        return [common + random(), common * random(), random() < 0.1 ? 3 : 0, random() - 0.5];
      });
      const signed = base.map((row) => (random() < 0.5 ? row.map((v) => -v) : row));
      if (signFlipTest(signed, { flips: 199, seed: t }).pValue < 0.05) nullRejections++;
      const shifted = signed.map((row) => [row[0]! + 1.2, row[1]!, row[2]!, row[3]! + 0.3]);
      if (signFlipTest(shifted, { flips: 199, seed: t }).pValue < 0.05) shiftedRejections++;
    }
    expect(nullRejections / trials).toBeLessThan(upperTolerance(0.05, trials));
    expect(shiftedRejections / trials).toBeGreaterThan(0.8);
  });
});
