import { describe, expect, it } from 'vitest';
import { twoSidedZ, wilsonInterval } from './wilson.js';

const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('wilsonInterval', () => {
  it.each([
    // Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion: comparison
    // of seven methods. Statistics in Medicine 17, 857-872, Table II, method 3 (score, no
    // continuity correction), published to 4 decimals.
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i matches Newcombe (1998) to 4 decimals', (x, n, low, high) => {
    const interval = wilsonInterval(x, n, 0.95);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it.each([
    // Closed form (x + z^2/2 -+ z sqrt(x(n - x)/n + z^2/4)) / (n + z^2) evaluated in mpmath at 50
    // digits with z = sqrt(2) erfinv(confidence); prop.test(x, n, correct = FALSE)$conf.int.
    [81, 263, 0.95, 0.25528851987827423, 0.36620957698280007],
    [81, 263, 0.99, 0.24013690268760769, 0.38528250231822985],
    [7, 10, 0.9, 0.44169979586983501, 0.87312341609680216],
    [5, 10, 0.95, 0.23659309051256398, 0.76340690948743602],
    [49000, 50000, 0.95, 0.97873548646491658, 0.98119076319190422],
    // 1 of 100,000: the low bound is where centre - half-width would lose digits.
    [1, 100000, 0.95, 1.7652477303783124e-6, 5.6647096590409662e-5],
  ])('%i of %i at %s to 1e-13 relative', (x, n, confidence, low, high) => {
    const interval = wilsonInterval(x, n, confidence);
    expect(relativeError(interval.low, low)).toBeLessThan(1e-13);
    expect(relativeError(interval.high, high)).toBeLessThan(1e-13);
  });

  it('has upper bound z^2 / (n + z^2) at zero successes', () => {
    // Setting x = 0 in the closed form leaves (z^2/2 + z^2/2) / (n + z^2).
    const z = twoSidedZ(0.95);
    for (const n of [1, 20, 73, 1000]) {
      const interval = wilsonInterval(0, n, 0.95);
      expect(interval.low).toBe(0);
      expect(relativeError(interval.high, (z * z) / (n + z * z))).toBeLessThan(1e-15);
    }
    // mpmath, 50 digits: 0 of 73 is just under 0.05.
    expect(relativeError(wilsonInterval(0, 73, 0.95).high, 0.04999200795573112)).toBeLessThan(1e-14);
  });

  it('is exactly [0, 1] for no cases and touches 1 exactly at all successes', () => {
    expect(wilsonInterval(0, 0, 0.95)).toEqual({ low: 0, high: 1 });
    expect(wilsonInterval(29, 29, 0.95).high).toBe(1);
    // mpmath: 29 of 29, low = n / (n + z^2)
    expect(relativeError(wilsonInterval(29, 29, 0.95).low, 0.88303020150025923)).toBeLessThan(1e-14);
  });

  it('mirrors: the interval for x of n is one minus the interval for n - x', () => {
    for (const [x, n] of [
      [0, 5],
      [3, 17],
      [1, 100000],
      [49000, 50000],
    ] as const) {
      const direct = wilsonInterval(x, n, 0.95);
      const mirrored = wilsonInterval(n - x, n, 0.95);
      expect(direct.low).toBeCloseTo(1 - mirrored.high, 15);
      expect(direct.high).toBeCloseTo(1 - mirrored.low, 15);
    }
  });

  it('contains the observed rate and narrows as confidence drops', () => {
    const wide = wilsonInterval(30, 40, 0.99);
    const narrow = wilsonInterval(30, 40, 0.8);
    expect(wide.low).toBeLessThan(narrow.low);
    expect(narrow.low).toBeLessThan(0.75);
    expect(narrow.high).toBeGreaterThan(0.75);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it('rejects impossible arguments', () => {
    expect(() => wilsonInterval(5, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4, 0.95)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 95)).toThrow(RangeError);
  });
});
