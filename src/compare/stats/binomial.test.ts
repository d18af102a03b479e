import { describe, expect, it } from 'vitest';
import { binomialTail, binomialTestGreater, binomialTestLess } from './binomial.js';
import { logBinomialPmf } from './binomial-pmf.js';

const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

// "mpmath" below: summed in 50-digit arithmetic from mpmath.binomial(n, k) p^k (1-p)^(n-k)
// terms (no shared code with the implementation), rounded to 17 significant figures. The R
// call each value corresponds to is given alongside.

describe('logBinomialPmf (Loader saddle point)', () => {
  it.each([
    [5, 10, 0.5, Math.log(252 / 1024)], // C(10,5) / 2^10, by hand
    [7, 16, 0.3, -2.2930128607963546], // mpmath; dbinom(7, 16, 0.3, log = TRUE)
    [49000, 50000, 0.98, -4.3627981863811425], // mpmath
    [30000, 100000, 0.3, -5.8950805264780876], // mpmath
    [35, 40, 0.2, -44.049072323476303], // mpmath, far tail
    [1, 100000, 1e-5, -0.99999499998333325], // mpmath
  ])('log P(X = %i), n = %i, p = %s', (x, n, p, expected) => {
    expect(relativeError(logBinomialPmf(x, n, p), expected)).toBeLessThan(1e-13);
  });

  it('uses the plain powers at the ends', () => {
    expect(logBinomialPmf(0, 100, 0.01)).toBeCloseTo(100 * Math.log1p(-0.01), 14);
    expect(logBinomialPmf(20, 20, 0.5)).toBeCloseTo(20 * Math.log(0.5), 14);
  });
});

describe('binomialTail', () => {
  it.each([
    // Hand computation with Bin(n, 1/2): counts of subsets over 2^n.
    [3, 3, 0.5, 'greater', 1 / 8],
    [1, 4, 0.5, 'less', 5 / 16], // (1 + 4) / 16
    [8, 10, 0.5, 'greater', 56 / 1024], // (45 + 10 + 1) / 1024
    // mpmath; pbinom(59, 100, 0.5, lower.tail = FALSE) = 0.02844397 and by symmetry pbinom(40, 100, 0.5)
    [60, 100, 0.5, 'greater', 0.028443966820490396],
    [40, 100, 0.5, 'less', 0.028443966820490396],
    [1, 20, 0.05, 'less', 0.73583952494384983], // mpmath; 0.95^20 + 20 * 0.05 * 0.95^19
    [900, 1000, 0.95, 'less', 8.4102510848777028e-11], // mpmath
    // Huge n: the brief's 49,000 of 50,000, on both sides of the mean and deep in the tails.
    [49000, 50000, 0.97, 'greater', 2.514633401890678e-44], // mpmath
    [49000, 50000, 0.98, 'greater', 0.50840979622596427], // mpmath
    [49000, 50000, 0.98, 'less', 0.5043328850930594], // mpmath
    [49000, 50000, 0.99, 'less', 2.6176483048390413e-87], // mpmath
    [5, 100000, 1e-4, 'less', 0.067076504497286824], // mpmath
    [12, 100000, 1e-4, 'greater', 0.30321816635575149], // mpmath
    [0, 100000, 1e-6, 'less', 0.90483737279405965], // mpmath; (1 - 1e-6)^100000, about e^-0.1
    [100000, 100000, 0.99999, 'greater', 0.36787760176824651], // mpmath; 0.99999^100000, about e^-1
  ] as const)('P(X %s) with k = %i, n = %i, p = %s', (k, n, p, side, expected) => {
    expect(relativeError(binomialTail(k, n, p, side), expected)).toBeLessThan(1e-12);
  });

  it('sums to one across the two tails', () => {
    // P(X <= k) + P(X >= k + 1) = 1 exercises both loops on the same distribution.
    for (const [k, n, p] of [
      [3, 10, 0.3],
      [49000, 50000, 0.98],
      [500, 1000, 0.5],
      [0, 7, 0.9],
    ] as const) {
      expect(binomialTail(k, n, p, 'less') + binomialTail(k + 1, n, p, 'greater')).toBeCloseTo(1, 13);
    }
  });

  it('gives 0 or 1 where the answer is certain', () => {
    expect(binomialTail(0, 10, 0.3, 'greater')).toBe(1); // k = 0
    expect(binomialTail(10, 10, 0.3, 'less')).toBe(1); // k = n
    expect(binomialTail(-1, 10, 0.3, 'less')).toBe(0);
    expect(binomialTail(11, 10, 0.3, 'greater')).toBe(0);
    expect(binomialTail(0, 0, 0.3, 'greater')).toBe(1); // n = 0: X = 0 surely
    expect(binomialTail(1, 0, 0.3, 'greater')).toBe(0);
    expect(binomialTail(1, 10, 0, 'greater')).toBe(0); // p = 0: X = 0
    expect(binomialTail(0, 10, 0, 'less')).toBe(1);
    expect(binomialTail(9, 10, 1, 'less')).toBe(0); // p = 1: X = n
    expect(binomialTail(10, 10, 1, 'greater')).toBe(1);
  });

  it('does not overflow or lose the tail where a single probability underflows', () => {
    // P(X >= 49000) at p = 1/2 is about 1e-12925: 0, not NaN.
    expect(binomialTail(49000, 50000, 0.5, 'greater')).toBe(0);
    expect(binomialTail(100000, 100000, 0.5, 'less')).toBe(1);
  });

  it('rejects impossible arguments', () => {
    expect(() => binomialTail(1, -1, 0.5, 'less')).toThrow(RangeError);
    expect(() => binomialTail(1, 2.5, 0.5, 'less')).toThrow(RangeError);
    expect(() => binomialTail(1.5, 3, 0.5, 'less')).toThrow(RangeError);
    expect(() => binomialTail(1, 3, 1.5, 'less')).toThrow(RangeError);
    expect(() => binomialTail(1, 3, Number.NaN, 'less')).toThrow(RangeError);
  });
});

describe('binomialTestGreater / binomialTestLess', () => {
  it('match binom.test one-sided p-values', () => {
    // R's binom.test example (Conover 1971): 682 of 925 against p = 0.75. mpmath values of
    // pbinom(681, 925, 0.75, lower.tail = FALSE) and pbinom(682, 925, 0.75).
    expect(relativeError(binomialTestGreater(682, 925, 0.75), 0.82408912235242258)).toBeLessThan(1e-12);
    expect(relativeError(binomialTestLess(682, 925, 0.75), 0.19600926705388335)).toBeLessThan(1e-12);
  });

  it('handles the extremes of successes and p0', () => {
    expect(binomialTestGreater(0, 20, 0.3)).toBe(1); // every outcome is >= 0
    expect(binomialTestLess(20, 20, 0.3)).toBe(1);
    expect(binomialTestGreater(20, 20, 0.5)).toBeCloseTo(2 ** -20, 20); // only all 20
    expect(binomialTestLess(0, 20, 0.5)).toBeCloseTo(2 ** -20, 20);
    expect(binomialTestGreater(1, 20, 0)).toBe(0); // p0 = 0: any success refutes it
    expect(binomialTestLess(19, 20, 1)).toBe(0); // p0 = 1: any failure refutes it
    expect(binomialTestGreater(0, 0, 0.5)).toBe(1); // n = 0: no evidence
    expect(binomialTestLess(0, 0, 0.5)).toBe(1);
  });

  it('rejects successes outside [0, n]', () => {
    expect(() => binomialTestGreater(21, 20, 0.5)).toThrow(RangeError);
    expect(() => binomialTestLess(-1, 20, 0.5)).toThrow(RangeError);
    expect(() => binomialTestLess(1, 20, -0.5)).toThrow(RangeError);
  });
});
