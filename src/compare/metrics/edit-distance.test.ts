import { describe, expect, it } from 'vitest';
import { wordEditDistance } from './edit-distance.js';

function levenshteinByTable(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

describe('wordEditDistance', () => {
  it('divides the word-level Levenshtein distance by the longer length', () => {
    // delete "b": 1 edit / 3 words
    expect(wordEditDistance(['a', 'c'], ['a', 'b', 'c'])).toBeCloseTo(1 / 3, 12);
    // kitten -> sitting, one letter per word: substitute k->s, e->i, insert g = 3 edits / 7
    expect(wordEditDistance([...'kitten'], [...'sitting'])).toBeCloseTo(3 / 7, 12);
    // "the cat sat" vs "the cat sat on the mat": 3 insertions / 6
    expect(wordEditDistance(['the', 'cat', 'sat'], ['the', 'cat', 'sat', 'on', 'the', 'mat'])).toBe(0.5);
  });

  it('is 0 for identical or empty pairs and 1 when nothing is shared', () => {
    expect(wordEditDistance(['x', 'y'], ['x', 'y'])).toBe(0);
    expect(wordEditDistance([], [])).toBe(0);
    expect(wordEditDistance(['x', 'y'], ['z'])).toBe(1); // substitute + delete = 2 / 2
    expect(wordEditDistance(['x'], [])).toBe(1);
  });

  it('agrees with the DP table on random word lists, long ones included (bit-parallel blocks)', () => {
    let seed = 3;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 200; trial++) {
      const vocabulary = 1 + (trial % 6) * 5;
      const list = () => Array.from({ length: Math.floor(random() * 120) }, () => `w${Math.floor(random() * vocabulary)}`);
      const a = list();
      const b = list();
      const longer = Math.max(a.length, b.length);
      expect(wordEditDistance(a, b)).toBeCloseTo(longer === 0 ? 0 : levenshteinByTable(a, b) / longer, 12);
    }
  });
});
