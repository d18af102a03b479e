import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';
import { normalCdf, normalUpperTail } from './normal-cdf.js';

describe('normalUpperTail', () => {
  // R: pnorm(z, lower.tail = FALSE); the same values from scipy.stats.norm.sf.
  it.each([
    [0, 0.5],
    [0.5, 0.3085375387259869],
    [1.959963984540054, 0.025],
    [-1.5, 0.9331927987311419],
    [3, 0.0013498980316300933],
    [5, 2.866515718791933e-7],
    [7.5, 3.1908916729108844e-14],
    [8.5, 9.47953482220325e-18],
    [12, 1.776482112077653e-33],
  ])('P(Z >= %s)', (z, expected) => {
    expect(Math.abs(normalUpperTail(z) - expected) / expected).toBeLessThan(1e-8);
  });

  it('is 1 or 0 far out, and normalCdf is its mirror', () => {
    expect(normalUpperTail(-40)).toBe(1);
    expect(normalUpperTail(40)).toBe(0);
    expect(normalCdf(1.2)).toBeCloseTo(1 - normalUpperTail(1.2), 15);
  });

  it('inverts normalQuantile (written independently, AS241) across the range', () => {
    for (let p = 1e-10; p < 1; p = p < 0.01 ? p * 10 : p + 0.01) {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p) / p).toBeLessThan(1e-8);
    }
  });
});
