import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.js';

describe('normalizeText', () => {
  it('keeps punctuation: a survey answer "(A)" does not collapse into the article "a"', () => {
    expect(normalizeText('(A)')).toBe('(a)');
    expect(normalizeText('The answer is (A).')).toBe('the answer is (a).');
    expect(normalizeText('(A)')).not.toBe(normalizeText('A'));
  });

  it('keeps articles and every word', () => {
    expect(normalizeText('A cat is not the dog')).toBe('a cat is not the dog');
    expect(normalizeText('A cat')).not.toBe(normalizeText('cat'));
  });

  it('folds curly quotes and dashes to ASCII', () => {
    expect(normalizeText('\u201cHi,\u201d she said \u2014 it\u2019s 3\u20134 \u2212 1')).toBe(`"hi," she said - it's 3-4 - 1`);
  });

  it('applies NFKC: ligatures, full-width forms, decomposed accents, NBSP', () => {
    expect(normalizeText('\ufb01ne')).toBe('fine'); // ﬁ ligature
    expect(normalizeText('\uff21\uff22\uff23\uff11')).toBe('abc1'); // ＡＢＣ１
    expect(normalizeText('nai\u0308ve')).toBe('na\u00efve'); // i + combining diaeresis -> ï
    expect(normalizeText('a\u00a0b')).toBe('a b');
  });

  it('collapses whitespace runs, newlines included, trims, and lower-cases', () => {
    expect(normalizeText('  Line one.\n\n  Line\ttwo\u200b ')).toBe('line one. line two');
    expect(normalizeText(' \n\t ')).toBe('');
  });

  it('is idempotent', () => {
    const samples = ['\u201cHi\u201d \u2014 \uff21', 'I\u0307stanbul \u212a \u2126', 'a\u200b\u200bb', 'x\r\ny'];
    for (const s of samples) expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
  });
});
