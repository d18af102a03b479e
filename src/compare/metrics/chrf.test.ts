import { describe, expect, it } from 'vitest';
import { chrF } from './chrf.js';

// Expected values are worked out by hand below and agree with sacreBLEU 2.x's
// CHRF().sentence_score(hyp, [ref]).score / 100 (checked with a port of its code).
describe('chrF', () => {
  it('averages precision and recall over the orders both sides have, then takes F-beta (beta 2)', () => {
    // hyp "ab", ref "abc".
    // n=1: hyp {a,b} 2, ref {a,b,c} 3, matches 2 -> P 1, R 2/3
    // n=2: hyp {ab} 1, ref {ab,bc} 2, matches 1 -> P 1, R 1/2
    // n=3..6: hyp has no n-grams -> not effective
    // P = 1, R = (2/3 + 1/2) / 2 = 7/12; F = 5 * 1 * 7/12 / (4 * 1 + 7/12) = (35/12) / (55/12) = 7/11
    expect(chrF('ab', 'abc')).toBeCloseTo(7 / 11, 12);
  });

  it('clips repeated n-grams to the other side’s count', () => {
    // hyp "aaa", ref "aa". n=1: 3 vs 2 a's, matches 2 -> P 2/3, R 1. n=2: "aa" x2 vs x1, matches 1
    // -> P 1/2, R 1. n=3: ref has none. P = (2/3 + 1/2)/2 = 7/12, R = 1.
    // F = 5 * 7/12 / (4 * 7/12 + 1) = (35/12) / (40/12) = 0.875
    expect(chrF('aaa', 'aa')).toBeCloseTo(0.875, 12);
  });

  it('works a sentence pair through all six orders', () => {
    // whitespace removed: hyp "thecatsat." (10 chars), ref "thecatsatonthemat." (18 chars)
    // n  hyp ref matches  P      R
    // 1  10  18  10       1      10/18   (t:3 h e c a:2 s . all found in ref)
    // 2   9  17   9       1       9/17
    // 3   8  16   8       1       8/16
    // 4   7  15   6       6/7     6/15   ("sat." is not in ref)
    // 5   6  14   5       5/6     5/14   ("tsat.")
    // 6   5  13   4       4/5     4/13   ("atsat.")
    // P = (3 + 6/7 + 5/6 + 4/5)/6 = 0.915079..., R = (5/9 + 9/17 + 1/2 + 2/5 + 5/14 + 4/13)/6 = 0.441634...
    // F = 5PR / (4P + R) = 0.492607
    expect(chrF('the cat sat.', 'the cat sat on the mat.')).toBeCloseTo(0.4926069433771915, 12);
  });

  it('removes whitespace as Python str.split() does, and is case-sensitive', () => {
    expect(chrF('a b', 'ab')).toBe(1);
    expect(chrF('a\u001cb', 'ab')).toBe(1); // U+001C is whitespace to Python
    // U+FEFF is not (JS \s says it is): hyp [a, FEFF, b] vs ref [a, b].
    // n=1: P 2/3, R 1. n=2: hyp {aFEFF, FEFFb}, ref {ab}: P 0, R 0. n=3: ref has none.
    // P = 1/3, R = 1/2, F = 5 * (1/6) / (4/3 + 1/2) = (5/6) / (11/6) = 5/11
    expect(chrF('a\ufeffb', 'ab')).toBeCloseTo(5 / 11, 12);
    expect(chrF('A', 'a')).toBe(0);
  });

  it('counts code points, not UTF-16 units', () => {
    // hyp [😀, 😀], ref [😀]. n=1: P 1/2, R 1. n=2: ref has none.
    // F = 5 * 1/2 / (4 * 1/2 + 1) = 2.5 / 3 = 5/6 (counting surrogate halves would give 25/32).
    expect(chrF('\u{1f600}\u{1f600}', '\u{1f600}')).toBeCloseTo(5 / 6, 12);
  });

  it('takes order and beta options', () => {
    // order 1, beta 1: P 1, R 2/3, F1 = 2 * (2/3) / (5/3) = 0.8
    expect(chrF('ab', 'abc', { order: 1, beta: 1 })).toBeCloseTo(0.8, 12);
  });

  it('is 1 for identical texts, two empty texts included (sacreBLEU gives 0 there), 0 against nothing', () => {
    expect(chrF('The same text.', 'The same text.')).toBe(1);
    expect(chrF('x', 'x')).toBe(1);
    expect(chrF('', '')).toBe(1);
    expect(chrF(' \n', '\t')).toBe(1);
    expect(chrF('abc', '')).toBe(0);
    expect(chrF('', 'abc')).toBe(0);
    expect(chrF('abc', 'xyz')).toBe(0);
  });
});
