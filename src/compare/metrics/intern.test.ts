import { describe, expect, it } from 'vitest';
import { internPair, MAX_SHARED } from './intern.js';

describe('internPair', () => {
  it('gives shared words their own code and each side one code for words only it has', () => {
    const { a, b } = internPair(['the', 'cat', 'sat', 'cat'], ['a', 'cat', 'sat', 'dog']);
    // a-only "the" -> 0, b-only "a", "dog" -> 1, shared in order of first use on b: cat 2, sat 3
    expect([...a].map((c) => c.charCodeAt(0))).toEqual([0, 2, 3, 2]);
    expect([...b].map((c) => c.charCodeAt(0))).toEqual([1, 2, 3, 1]);
  });

  it('skips surrogate code units and codes shared words past MAX_SHARED as unshared', () => {
    const words = Array.from({ length: MAX_SHARED + 10 }, (_, i) => `w${i}`);
    const { a, b } = internPair(words, words);
    const codes = new Set<number>();
    for (let i = 0; i < b.length; i++) {
      const code = b.charCodeAt(i);
      expect(code < 0xd800 || code >= 0xe000).toBe(true);
      codes.add(code);
    }
    expect(codes.size).toBe(MAX_SHARED + 1); // every shared code, then the b-only code
    expect(a.charCodeAt(a.length - 1)).toBe(0);
    expect(b.charCodeAt(b.length - 1)).toBe(1);
  });
});
