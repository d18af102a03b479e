import { describe, expect, it } from 'vitest';
import { mcnemarExact } from './mcnemar.js';

const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('mcnemarExact', () => {
  it.each([
    // By hand, p = 2 P(X <= min(b, c)), X ~ Bin(b + c, 1/2): binom.test(b, b + c)$p.value.
    [1, 9, (2 * (1 + 10)) / 1024], // 0.021484375
    [3, 12, (2 * (1 + 15 + 105 + 455)) / 32768], // 0.03515625
    [0, 30, 2 / 2 ** 30], // one sided all the way
    [0, 5, 2 / 32], // 0.0625: five flips one way are not enough at 0.05
    // mpmath, 50 digits; the same binom.test call.
    [10, 25, 0.016673847800120711],
    [40, 60, 0.056887933640980792], // twice pbinom(40, 100, 0.5)
    [200, 260, 0.005883922473103979],
  ])('b = %i, c = %i', (b, c, expected) => {
    const result = mcnemarExact(b, c);
    expect(relativeError(result.pValue, expected)).toBeLessThan(1e-12);
    expect(result).toMatchObject({ negative: b, positive: c, discordant: b + c });
  });

  it('is symmetric in (b, c)', () => {
    for (let b = 0; b <= 30; b++) {
      for (const c of [0, 1, 2, 7, 15, 30, 31, 200]) {
        expect(mcnemarExact(b, c).pValue).toBe(mcnemarExact(c, b).pValue);
      }
    }
  });

  it('is 1 without discordant pairs or with as many flips each way', () => {
    expect(mcnemarExact(0, 0)).toEqual({ negative: 0, positive: 0, discordant: 0, pValue: 1 });
    expect(mcnemarExact(4, 4).pValue).toBe(1);
    expect(mcnemarExact(5000, 5000).pValue).toBe(1);
    // One flip more: 2 P(X <= 4 | 9) = 2 * 256 / 512 = 1 exactly, and so at any size.
    expect(mcnemarExact(4, 5).pValue).toBe(1);
    expect(mcnemarExact(4001, 4000).pValue).toBe(1);
    // Two more: 2 P(X <= 4 | 10) = 2 * 386 / 1024, below 1.
    expect(relativeError(mcnemarExact(4, 6).pValue, 772 / 1024)).toBeLessThan(1e-13);
  });

  it('stays finite and tiny for a one-sided landslide at large counts', () => {
    const { pValue } = mcnemarExact(0, 5000);
    expect(pValue).toBe(0); // 2^-4999 underflows; no NaN from the underflow
    expect(mcnemarExact(2400, 2600).pValue).toBeGreaterThan(0);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarExact(-1, 3)).toThrow(RangeError);
    expect(() => mcnemarExact(1, 2.5)).toThrow(RangeError);
  });
});
