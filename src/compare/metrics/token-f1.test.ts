import { describe, expect, it } from 'vitest';
import { tokenF1 } from './token-f1.js';

describe('tokenF1', () => {
  it('counts overlap as a multiset', () => {
    // overlap: the min(2,3)=2 + cat min(1,1)=1 + hat 0 = 3; P = 3/4, R = 3/4, F1 = 0.75
    expect(tokenF1(['the', 'cat', 'the', 'hat'], ['the', 'the', 'the', 'cat'])).toBeCloseTo(0.75, 12);
    // a repeated token matches once per occurrence on the other side: overlap 1, P = 1/3, R = 1,
    // F1 = 2 * (1/3) * 1 / (4/3) = 0.5
    expect(tokenF1(['a', 'a', 'a'], ['a'])).toBeCloseTo(0.5, 12);
  });

  it('ignores order', () => {
    expect(tokenF1(['b', 'a'], ['a', 'b'])).toBe(1);
  });

  it('is 1 for identical lists and for two empty ones, 0 when one side is empty or nothing is shared', () => {
    expect(tokenF1(['x', 'y'], ['x', 'y'])).toBe(1);
    expect(tokenF1([], [])).toBe(1);
    expect(tokenF1(['x'], [])).toBe(0);
    expect(tokenF1([], ['x'])).toBe(0);
    expect(tokenF1(['x'], ['y'])).toBe(0);
  });

  it('is symmetric', () => {
    // overlap 2 (a, b); P = 2/3, R = 2/4; F1 = 2 * (2/3)(1/2) / (7/6) = 4/7
    expect(tokenF1(['a', 'b', 'c'], ['a', 'b', 'd', 'e'])).toBeCloseTo(4 / 7, 12);
    expect(tokenF1(['a', 'b', 'd', 'e'], ['a', 'b', 'c'])).toBeCloseTo(4 / 7, 12);
  });
});
