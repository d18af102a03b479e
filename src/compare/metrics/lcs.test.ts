import { describe, expect, it } from 'vitest';
import { lcsAlignment, lcsLength } from './lcs.js';

// The textbook O(n·m) dynamic programme, as the reference for the bit-parallel version.
function lcsByTable(a: string, b: string): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = [0];
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}

function randomString(random: () => number, length: number, alphabet: number): string {
  return Array.from({ length }, () => String.fromCharCode(65 + Math.floor(random() * alphabet))).join('');
}

function seeded(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe('lcsLength', () => {
  it('gives worked examples', () => {
    expect(lcsLength('ABCBDAB', 'BDCABA')).toBe(4); // BCBA (CLRS)
    expect(lcsLength('', 'abc')).toBe(0);
    expect(lcsLength('abc', 'abc')).toBe(3);
    expect(lcsLength('abc', 'xyz')).toBe(0);
  });

  it('agrees with the DP table across word boundaries (> 32 and > 64 symbols) and small alphabets', () => {
    const random = seeded(7);
    for (let trial = 0; trial < 400; trial++) {
      const a = randomString(random, Math.floor(random() * 150), 1 + (trial % 7) * 4);
      const b = randomString(random, Math.floor(random() * 150), 1 + (trial % 7) * 4);
      const expected = lcsByTable(a, b);
      expect(lcsLength(a, b)).toBe(expected);
      // With no room for precomputed masks every row builds its mask from positions.
      expect(lcsLength(a, b, 0)).toBe(expected);
    }
  });
});

describe('lcsAlignment', () => {
  it('returns increasing matched positions of equal symbols, as many as the LCS length', () => {
    const random = seeded(11);
    for (let trial = 0; trial < 300; trial++) {
      const x = randomString(random, Math.floor(random() * 120), 2 + (trial % 5) * 3);
      const y = randomString(random, Math.floor(random() * 120), 2 + (trial % 5) * 3);
      const { xs, ys } = lcsAlignment(x, y);
      expect(xs.length).toBe(lcsByTable(x, y));
      for (let k = 0; k < xs.length; k++) {
        expect(x[xs[k]!]).toBe(y[ys[k]!]);
        if (k > 0) {
          expect(xs[k]!).toBeGreaterThan(xs[k - 1]!);
          expect(ys[k]!).toBeGreaterThan(ys[k - 1]!);
        }
      }
    }
  });

  it('aligns a worked example', () => {
    // "kitten" vs "sitting": LCS "ittn" = k-i-t-t-e-n positions 1,2,3,5 and s-i-t-t-i-n-g 1,2,3,5
    expect(lcsAlignment('kitten', 'sitting')).toEqual({ xs: [1, 2, 3, 5], ys: [1, 2, 3, 5] });
  });
});
