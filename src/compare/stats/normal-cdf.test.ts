import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal-cdf.js';
import { normalQuantile } from './normal-quantile.js';

const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('normalCdf', () => {
  // R: pnorm(z), printed with digits = 17.
  it.each([
    [0, 0.5],
    [-1.6448536269514722, 0.05],
    [1.959963984540054, 0.975],
    [-1, 0.15865525393145707],
    [-3, 0.0013498980316300946],
    [-8, 6.2209605742717841e-16],
    [-20, 2.7536241186062337e-89],
  ])('pnorm(%s) = %s to 1e-13 relative', (z, expected) => {
    expect(relativeError(normalCdf(z), expected)).toBeLessThan(1e-13);
  });

  it('inverts normalQuantile (AS241) across all three of its ranges', () => {
    for (const p of [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9]) {
      expect(relativeError(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-12);
    }
  });

  it('is symmetric and bounded', () => {
    for (const z of [0.3, 0.7, 2, 5.6, 6, 12]) expect(normalCdf(-z) + normalCdf(z)).toBeCloseTo(1, 15);
    expect(normalCdf(-50)).toBe(0);
    expect(normalCdf(50)).toBe(1);
  });
});
