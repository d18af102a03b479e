import { describe, expect, it } from 'vitest';
import { pairMetrics } from './pair-metrics.js';

describe('pairMetrics', () => {
  it('works a sentence pair', () => {
    // tokens: the cat sat (3) vs the cat sat on the mat (6)
    expect(pairMetrics('The cat sat.', 'The cat sat on the mat.')).toEqual({
      exact: false,
      // overlap 3; P = 1, R = 1/2; F1 = 2/3
      tokenF1: expect.closeTo(2 / 3, 12),
      // chrF of "the cat sat." vs "the cat sat on the mat.", worked out in chrf.test.ts
      chrF: expect.closeTo(0.4926069433771915, 12),
      // LCS 3; P = 1, R = 1/2; F = 2/3
      rougeL: expect.closeTo(2 / 3, 12),
      // 3 insertions / 6 words
      editDistance: 0.5,
      lengthRatio: 0.5,
    });
  });

  it('calls texts that differ only in case, spacing, quotes and Unicode forms exact', () => {
    const metrics = pairMetrics('\u201cYes\u201d \u2014 the answer is (A).', '"yes" -  The  answer is (A).\n');
    expect(metrics).toEqual({ exact: true, tokenF1: 1, chrF: 1, rougeL: 1, editDistance: 0, lengthRatio: 1 });
  });

  it('keeps "(A)" apart from "(B)", and the word order apart', () => {
    const metrics = pairMetrics('(A)', '(B)');
    expect(metrics.exact).toBe(false);
    expect(metrics.tokenF1).toBe(0);
    const swapped = pairMetrics('dog bites man', 'man bites dog');
    expect(swapped.tokenF1).toBe(1);
    // LCS 1 ("bites"): P = R = 1/3; edit distance: substitute first and last = 2/3
    expect(swapped.rougeL).toBeCloseTo(1 / 3, 12);
    expect(swapped.editDistance).toBeCloseTo(2 / 3, 12);
  });

  it('handles empty outputs and keeps lengthRatio finite', () => {
    expect(pairMetrics('', '')).toEqual({ exact: true, tokenF1: 1, chrF: 1, rougeL: 1, editDistance: 0, lengthRatio: 1 });
    // an empty baseline counts as one word: 3 candidate words -> ratio 3
    expect(pairMetrics('one two three', '')).toEqual({ exact: false, tokenF1: 0, chrF: 0, rougeL: 0, editDistance: 1, lengthRatio: 3 });
    expect(pairMetrics('', 'one two three')).toEqual({ exact: false, tokenF1: 0, chrF: 0, rougeL: 0, editDistance: 1, lengthRatio: 0 });
  });

  it('compares punctuation-only outputs by characters alone', () => {
    // no word tokens on either side: the word metrics have nothing to tell apart
    expect(pairMetrics('!!!', '???')).toEqual({ exact: false, tokenF1: 1, chrF: 0, rougeL: 1, editDistance: 0, lengthRatio: 1 });
  });
});
