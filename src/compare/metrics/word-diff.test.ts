import { diffArrays } from 'diff';
import { describe, expect, it } from 'vitest';
import { type DiffPart, wordDiff } from './word-diff.js';

function rejoin(parts: DiffPart[], side: 'baseline' | 'candidate'): string {
  const skip = side === 'baseline' ? 'insert' : 'delete';
  return parts
    .filter((p) => p.op !== skip)
    .map((p) => p.text)
    .join('');
}

describe('wordDiff', () => {
  it('marks a changed word', () => {
    expect(wordDiff('The cat sat on the mat.', 'The dog sat on the mat.')).toEqual([
      { op: 'equal', text: 'The ' },
      { op: 'delete', text: 'cat ' },
      { op: 'insert', text: 'dog ' },
      { op: 'equal', text: 'sat on the mat.' },
    ]);
  });

  it('treats punctuation as tokens and keeps each side’s whitespace', () => {
    expect(wordDiff('Hello, world', 'Hello world!')).toEqual([
      { op: 'equal', text: 'Hello' },
      { op: 'delete', text: ', ' },
      { op: 'insert', text: ' ' },
      { op: 'equal', text: 'world' },
      { op: 'insert', text: '!' },
    ]);
    // Re-wrapping: the words are equal, only the line break differs.
    expect(wordDiff('one two\nthree', 'one two three')).toEqual([
      { op: 'equal', text: 'one two' },
      { op: 'delete', text: '\n' },
      { op: 'insert', text: ' ' },
      { op: 'equal', text: 'three' },
    ]);
  });

  it('handles empty and identical texts', () => {
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('', 'new text')).toEqual([{ op: 'insert', text: 'new text' }]);
    expect(wordDiff('  old', '')).toEqual([{ op: 'delete', text: '  old' }]);
    expect(wordDiff('same  text\n', 'same  text\n')).toEqual([{ op: 'equal', text: 'same  text\n' }]);
  });

  it('returns null past maxEditLength inserted + deleted tokens', () => {
    // a b c d -> a x y d: delete b c, insert x y = 4 token edits
    expect(wordDiff('a b c d', 'a x y d', { maxEditLength: 4 })).not.toBeNull();
    expect(wordDiff('a b c d', 'a x y d', { maxEditLength: 3 })).toBeNull();
    expect(wordDiff('same', 'same', { maxEditLength: 0 })).toEqual([{ op: 'equal', text: 'same' }]);
  });

  it('re-joins to both texts and is as small as jsdiff’s Myers diff (random texts)', () => {
    let seed = 5;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pieces = ['a', 'b', 'c', 'the', ',', '.', ' ', '  ', '\n', 'é', '😀', '"'];
    const text = () => Array.from({ length: Math.floor(random() * 60) }, () => pieces[Math.floor(random() * pieces.length)]).join(' ');
    for (let trial = 0; trial < 200; trial++) {
      const baseline = text();
      const candidate = text();
      const parts = wordDiff(baseline, candidate, { maxEditLength: 10_000 })!;
      expect(rejoin(parts, 'baseline')).toBe(baseline);
      expect(rejoin(parts, 'candidate')).toBe(candidate);
      // Same token count of edits as a Myers diff of the same tokens (whitespace aside).
      const tokens = (s: string) => s.match(/[\p{L}\p{N}\p{M}_]+|[^\s\p{L}\p{N}\p{M}_]/gu) ?? [];
      const myers = diffArrays(tokens(baseline), tokens(candidate))
        .filter((c) => c.added || c.removed)
        .reduce((sum, c) => sum + c.count, 0);
      const ours = parts.filter((p) => p.op !== 'equal').reduce((sum, p) => sum + tokens(p.text).length, 0);
      expect(ours).toBe(myers);
    }
  });

  it('diffs very long texts with few edits through jsdiff, and re-joins them', () => {
    // 20,000 distinct words: too many DP columns to keep, so Myers runs on the middle part.
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`);
    const baseline = words.join(' ');
    const candidate = words.map((w, i) => (i % 5000 === 2500 ? 'changed' : w)).join(' ');
    const parts = wordDiff(baseline, candidate)!;
    expect(rejoin(parts, 'baseline')).toBe(baseline);
    expect(rejoin(parts, 'candidate')).toBe(candidate);
    expect(parts.filter((p) => p.op === 'insert').map((p) => p.text)).toEqual(['changed ', 'changed ', 'changed ', 'changed ']);
    expect(wordDiff(baseline, [...words].reverse().join(' '))).toBeNull();
  });
});
