import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.js';
import { wilcoxonSignedRank } from './wilcoxon-signed-rank.js';

describe('wilcoxonSignedRank, exact', () => {
  // By hand: W+ is the sum of ranks with a + sign; under H0 each of the 2^n sign patterns of the
  // ranks 1..n is equally likely, so a tail is (number of subsets of 1..n in it) / 2^n.
  it.each([
    ['all five positive', [1, 2, 3, 4, 5], 'greater', 15, 1 / 32],
    ['all five negative', [-1, -2, -3, -4, -5], 'less', 0, 1 / 32],
    // Subsets of 1..6 with sum <= 3: {}, {1}, {2}, {3}, {1, 2}.
    ['n = 6, W+ = 3', [0.1, 0.2, -0.3, -0.4, -0.5, -0.6], 'less', 3, 5 / 64],
    // The tables' one-sided 2.5% critical value at n = 10 is 8: 25 subsets of 1..10 sum to <= 8.
    ['n = 10, W+ = 8', [-1, -2, 3, -4, 5, -6, -7, -8, -9, -10], 'less', 8, 25 / 1024],
  ] as const)('%s', (_label, d, alternative, statistic, p) => {
    const result = wilcoxonSignedRank(d, alternative);
    expect(result).toMatchObject({ n: d.length, zeros: 0, statistic, method: 'exact' });
    expect(result.pValue).toBeCloseTo(p, 14);
  });

  it("matches R's wilcox.test example (paired, greater): V = 40, p = 0.01953", () => {
    // ?wilcox.test: depression scores before (x) and after (y) treatment. The differences' ranks
    // with a - sign are 2 and 3, so W- = 5 and P(W+ >= 40) = 10 subsets of 1..9 with sum <= 5 / 512.
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = wilcoxonSignedRank(
      x.map((xi, i) => xi - y[i]!),
      'greater',
    );
    expect(result.statistic).toBe(40);
    expect(result.pValue).toBeCloseTo(10 / 512, 14);
  });

  it("matches scipy's exact p-values without ties (scipy.stats.wilcoxon, method='exact')", () => {
    const d = [0.3, -0.1, 0.25, 0.7, -0.45, 0.12, 0.9, 0.33, -0.05, 0.6, 0.41, 0.8];
    expect(wilcoxonSignedRank(d, 'greater')).toMatchObject({ statistic: 67, pValue: expect.closeTo(0.013427734375, 14) });
    expect(wilcoxonSignedRank(d, 'less').pValue).toBeCloseTo(0.989501953125, 14);
  });

  it('with ties and zeros equals brute-force enumeration of the sign flips (Pratt, midranks)', () => {
    const d = [0, 0, 0.2, -0.2, 0.2, -0.5, 0.5, -0.7, -0.9, 0.3, -0.3, -1.1];
    const result = wilcoxonSignedRank(d, 'less');
    // Ranks by hand: the zeros take 1, 2; 0.2 x3 -> 4; 0.3 x2 -> 6.5; 0.5 x2 -> 8.5; 0.7 -> 10;
    // 0.9 -> 11; 1.1 -> 12. W+ = 4 + 4 + 8.5 + 6.5 = 23.
    expect(result).toMatchObject({ zeros: 2, statistic: 23, expected: (12 + 13 + 17 + 10 + 11 + 12) / 2 });
    const ranks = [4, 4, 4, 8.5, 8.5, 10, 11, 6.5, 6.5, 12];
    let atMost = 0;
    for (let mask = 0; mask < 1 << ranks.length; mask++) {
      let plus = 0;
      ranks.forEach((r, i) => (plus += mask & (1 << i) ? r : 0));
      if (plus <= 23) atMost++;
    }
    expect(result.pValue).toBeCloseTo(atMost / 1024, 14);
  });

  it('is 1 when every difference is 0, and treats rounding noise as 0 and as ties', () => {
    expect(wilcoxonSignedRank([0, 0, 0], 'less')).toMatchObject({ zeros: 3, pValue: 1 });
    const noisy = wilcoxonSignedRank([1e-15, 0.1, 0.1 + 1e-16, -0.3], 'less');
    expect(noisy).toMatchObject({ zeros: 1, statistic: 2.5 + 2.5 });
  });

  it('rejects NaN and infinities', () => {
    expect(() => wilcoxonSignedRank([0.1, NaN], 'less')).toThrow(/finite/);
  });
});

describe('wilcoxonSignedRank, normal approximation (more than 50 signed differences)', () => {
  it("matches scipy's tie- and zero-corrected approximation (zero_method='pratt', correction=True)", () => {
    // scipy.stats.wilcoxon(d, zero_method='pratt', alternative=..., method='approx', correction=True)
    const d = [
      0, 0, 0, -0.9, -0.8, -0.5, -2.3, -0.5, -1.2, 3, -0.1, -0.7, -0.6, -1, -1.4, -0.7, 0.2, -0.5, 0.7, -0.5, -0.3, 1.2, 0.2, -0.8, -0.5,
      0.2, 1.6, -0.6, -0.5, 0.7, -1.2, -0.6, 0.6, 0.3, -0.2, 0.4, -3.1, 0.7, -1.3, -2, -0, 0.4, -0.7, -1.4, -0.3, -0.4, 1.1, 0.4, -0.1, 0.8,
      -0.5, -1.2, 0.3, 0.3, -0.5, -1.1, -0.1, -2.8, 0.4, 0.2,
    ];
    const less = wilcoxonSignedRank(d, 'less');
    expect(less).toMatchObject({ n: 60, zeros: 4, statistic: 562, method: 'normal' });
    expect(less.pValue).toBeCloseTo(0.0052262180939322165, 12);
    expect(wilcoxonSignedRank(d, 'greater').pValue).toBeCloseTo(0.9948835666767811, 12);
  });

  it('agrees with the exact distribution to within 0.001 near the deciding tail at n = 51', () => {
    const random = mulberry32(7);
    let checked = 0;
    for (let trial = 0; trial < 40; trial++) {
      const d = Array.from({ length: 51 }, () => random() - 0.5 - random() * 0.3);
      const approx = wilcoxonSignedRank(d, 'less');
      expect(approx.method).toBe('normal');
      const exactish = exactByDp(d);
      if (exactish < 0.005 || exactish > 0.1) continue;
      checked++;
      expect(Math.abs(approx.pValue - exactish)).toBeLessThan(0.001);
    }
    expect(checked).toBeGreaterThan(5);
  });
});

// The exact tail at n = 51 by the same convolution, written out again here (distinct ranks).
function exactByDp(d: number[]): number {
  const order = d.map((x, i) => [Math.abs(x), i] as const).sort((a, b) => a[0] - b[0]);
  const rank = new Array<number>(d.length);
  order.forEach(([, i], k) => (rank[i] = k + 1));
  const total = (d.length * (d.length + 1)) / 2;
  let dist = [1, ...new Array<number>(total).fill(0)];
  for (let k = 1; k <= d.length; k++) {
    const next = new Array<number>(total + 1).fill(0);
    dist.forEach((p, s) => {
      if (p === 0) return;
      next[s]! += p / 2;
      next[s + k]! += p / 2;
    });
    dist = next;
  }
  const plus = d.reduce((sum, x, i) => sum + (x > 0 ? rank[i]! : 0), 0);
  return dist.slice(0, plus + 1).reduce((a, b) => a + b, 0);
}
