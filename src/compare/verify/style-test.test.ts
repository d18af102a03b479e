import { describe, expect, it } from 'vitest';
import { styleTest } from './style-test.js';

// Same shape, different words of the same length.
const plain = (i: number) => `The answer to question ${String.fromCharCode(65 + (i % 50))} is short. It has two sentences.`;
const listy = (i: number) => `## Answer ${i}\n\n1. **First**: one thing — really.\n2. **Second**: another thing.\n\nI hope this helps!`;

describe('styleTest', () => {
  it('finds no difference between answers written alike, and reports every feature', () => {
    const result = styleTest(Array.from({ length: 20 }, (_, i) => ({ endpoint: plain(i), recording: plain(i + 100) })));
    expect(result).toMatchObject({ prompts: 20, statistic: 0, pValue: 1 });
    expect(result.features.length).toBeGreaterThanOrEqual(25);
  });

  it('rejects Markdown-heavy answers against plain ones, naming the features that moved most first', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ endpoint: listy(i), recording: plain(i) }));
    const result = styleTest(items, { seed: 3, flips: 999 });
    // Every prompt moves the same way: only the observed sign pattern (and none of the random
    // ones) reaches the statistic, so p is the smallest a Monte Carlo p-value can be.
    expect(result).toMatchObject({ method: 'monte-carlo', flips: 999, seed: 3, pValue: 1 / 1000 });
    expect(result.features[0]!.z).toBeCloseTo(Math.sqrt(20), 9);
    const headers = result.features.find((f) => f.name === 'headers')!;
    expect(headers).toMatchObject({ meanDifference: Math.log(2) });
    expect(styleTest(items, { seed: 3, flips: 999 })).toEqual(result);
  });
});
