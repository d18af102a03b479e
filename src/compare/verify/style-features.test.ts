import { describe, expect, it } from 'vitest';
import { STYLE_FEATURE_NAMES, styleFeatures } from './style-features.js';

const feature = (text: string, name: string): number => styleFeatures(text)[STYLE_FEATURE_NAMES.indexOf(name)]!;

const ANSWER = [
  'Sure! Here are three tips:',
  '',
  '## Tips',
  '',
  '1. **Sleep**: Get eight hours — every night.',
  '2. **Water**: Drink enough; it helps.',
  '- Use `npm test` (always).',
  '',
  "I hope this helps. As an AI language model, I don't sleep.",
].join('\n');

describe('styleFeatures', () => {
  it('has about 25 named features, one value each', () => {
    expect(STYLE_FEATURE_NAMES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(STYLE_FEATURE_NAMES).size).toBe(STYLE_FEATURE_NAMES.length);
    expect(styleFeatures(ANSWER)).toHaveLength(STYLE_FEATURE_NAMES.length);
  });

  it.each([
    // Counts enter as log(1 + count).
    ['headers', Math.log(2)],
    ['numbered items', Math.log(3)],
    ['bullets', Math.log(2)],
    ['bold list titles', Math.log(3)],
    ['bold spans', Math.log(3)],
    ['inline code', Math.log(2)],
    ['em-dashes', Math.log(2)],
    ['semicolons', Math.log(2)],
    ['exclamation marks', Math.log(2)],
    ['parentheses', Math.log(2)],
    ['lines ending in a colon', Math.log(2)],
    ['paragraphs', Math.log1p(4)], // "Sure! ...", "## Tips", the list, "I hope ..."
    ['"As an AI"', 1],
    ['opener ("Sure", "Certainly")', 1],
    ['closing offer or summary', 1],
    ['code fences', 0],
    ['table rows', 0],
    ['apology', 0],
  ])('%s of a hand-written answer', (name, expected) => {
    expect(feature(ANSWER, name)).toBeCloseTo(expected, 12);
  });

  it('counts words, sentences and rates per 100 words', () => {
    const text = "It's late. We don't know why! Is it? However, it is fine";
    // Words: It's late We don't know why Is it However it is fine -> 12; sentences: 4.
    expect(feature(text, 'words')).toBeCloseTo(Math.log1p(12), 12);
    expect(feature(text, 'sentences')).toBeCloseTo(Math.log1p(4), 12);
    expect(feature(text, 'words per sentence')).toBeCloseTo(Math.log1p(3), 12);
    expect(feature(text, 'contractions per 100 words')).toBeCloseTo(200 / 12, 12);
    expect(feature(text, 'connectives per 100 words')).toBeCloseTo(100 / 12, 12);
  });

  it('counts fences in pairs and table rows by line', () => {
    const text = 'Run:\n\n```sh\nnpm test\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |';
    expect(feature(text, 'code fences')).toBeCloseTo(Math.log(2), 12);
    expect(feature(text, 'table rows')).toBeCloseTo(Math.log(4), 12);
  });

  it('gives finite values for empty and odd inputs', () => {
    for (const text of ['', '   ', '!!!', '—', '\n\n\n', '**', '1.']) {
      for (const value of styleFeatures(text)) expect(Number.isFinite(value)).toBe(true);
    }
    expect([...styleFeatures('')].every((v) => v === 0)).toBe(true);
  });
});
