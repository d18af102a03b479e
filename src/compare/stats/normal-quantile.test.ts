import { describe, expect, it } from 'vitest';
import { normalQuantile } from './normal-quantile.js';

const relativeError = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('normalQuantile', () => {
  // References: R's qnorm(p) (which is AS241 itself) for the familiar levels; every value here
  // was recomputed independently as sqrt(2) * erfinv(2p - 1) in mpmath at 400 digits, for the
  // double nearest p (0.999999 as a double is 1e-17 away from the decimal, which moves the
  // quantile by 1e-12), rounded to 17 significant figures.
  const references: Array<[number, number]> = [
    [0.975, 1.9599639845400539], // qnorm(0.975) = 1.959964
    [0.95, 1.6448536269514723], // qnorm(0.95) = 1.644854
    [0.995, 2.5758293035489005], // qnorm(0.995) = 2.575829
    [0.9, 1.2815515655446006],
    [0.6, 0.25334710313579974], // central region, |p - 0.5| <= 0.425
    [0.025, -1.9599639845400542],
    [0.0001, -3.7190164854556806], // intermediate tail
    [1e-10, -6.3613409024040562],
    [1e-20, -9.2623400897984076], // far tail, r > 5
    [1e-100, -21.273453560965324],
    [1e-300, -37.047096299361199],
    [0.999999, 4.7534243088170878],
  ];

  it.each(references)('qnorm(%s) to 1e-13 relative', (p, expected) => {
    expect(relativeError(normalQuantile(p), expected)).toBeLessThan(1e-13);
  });

  it('is 0 at one half and infinite at the ends', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('is antisymmetric about one half', () => {
    // 1 - p is exact for p in [0.5, 1], so both calls see the same probability.
    for (const p of [0.5001, 0.6, 0.8, 0.925, 0.975, 0.999, 0.9999999]) {
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 12);
    }
  });

  it('is strictly increasing across the region boundaries of AS241', () => {
    const ps = [1e-300, 1e-12, 1e-11, 0.05, 0.074, 0.075, 0.076, 0.5, 0.924, 0.925, 0.926, 0.99, 1 - 1e-12];
    const zs = ps.map(normalQuantile);
    for (let i = 1; i < zs.length; i++) expect(zs[i]!).toBeGreaterThan(zs[i - 1]!);
  });

  it('rejects probabilities outside [0, 1]', () => {
    for (const p of [-0.1, 1.1, Number.NaN]) expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});
