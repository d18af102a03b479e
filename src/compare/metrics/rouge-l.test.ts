import { describe, expect, it } from 'vitest';
import { rougeL } from './rouge-l.js';

const words = (text: string) => text.split(' ');

describe('rougeL', () => {
  it('gives the examples of Lin (2004)', () => {
    const reference = words('police killed the gunman');
    // LCS "police the gunman" = 3; P = 3/4, R = 3/4, F = 0.75
    expect(rougeL(words('police kill the gunman'), reference)).toBeCloseTo(0.75, 12);
    // LCS "the gunman" = 2; P = R = 2/4, F = 0.5 (bag-of-words F1 would say 0.75)
    expect(rougeL(words('the gunman kill police'), reference)).toBeCloseTo(0.5, 12);
  });

  it('weights precision and recall equally', () => {
    // candidate a b c d, baseline b a d: LCS 2 (b d); P = 2/4, R = 2/3, F = 2 * (1/2)(2/3) / (7/6) = 4/7
    expect(rougeL(['a', 'b', 'c', 'd'], ['b', 'a', 'd'])).toBeCloseTo(4 / 7, 12);
  });

  it('counts a repeated token once per position it can pair with', () => {
    // a a a vs a: LCS 1; P = 1/3, R = 1, F = 0.5
    expect(rougeL(['a', 'a', 'a'], ['a'])).toBeCloseTo(0.5, 12);
  });

  it('is 1 for identical lists and two empty ones, 0 when one side is empty or nothing is shared', () => {
    expect(rougeL(['x', 'y', 'z'], ['x', 'y', 'z'])).toBe(1);
    expect(rougeL([], [])).toBe(1);
    expect(rougeL(['x'], [])).toBe(0);
    expect(rougeL([], ['x'])).toBe(0);
    expect(rougeL(['x'], ['y'])).toBe(0);
  });
});
