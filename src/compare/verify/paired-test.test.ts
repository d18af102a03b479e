import { describe, expect, it } from 'vitest';
import { tokenize } from '../metrics/tokenize.js';
import { pairedTest as pairedTestOnTokens } from './paired-test.js';
import { mulberry32 } from './prng.js';
import { REFERENCE, toyAnswer, toyPrompts, upperTolerance } from './simulate.test-helpers.js';

const pairedTest = (items: { endpoint: string; first: string; second: string }[]) =>
  pairedTestOnTokens(
    items.map(({ endpoint, first, second }) => ({ endpoint: tokenize(endpoint), first: tokenize(first), second: tokenize(second) })),
  );

describe('pairedTest', () => {
  it('measures both answers against the first recording with token F1', () => {
    const { rows, result } = pairedTest([{ endpoint: 'the cat sat', first: 'the cat sat down', second: 'a dog sat down' }]);
    // F1(endpoint, first): overlap 3, P = 3/3, R = 3/4 -> 6/7. F1(second, first): overlap 2 of 4 and 4 -> 1/2.
    expect(rows[0]!.similarity).toBeCloseTo(6 / 7, 12);
    expect(rows[0]!.recordedSimilarity).toBeCloseTo(1 / 2, 12);
    expect(rows[0]!.difference).toBeCloseTo(6 / 7 - 1 / 2, 12);
    expect(result).toMatchObject({ prompts: 1, further: 0, closer: 1 });
  });

  it('counts prompts further and closer, and tests that the endpoint is further (one-sided)', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      endpoint: `unrelated words ${i}`,
      first: `the answer is ${i} today`,
      second: `the answer is ${i}`,
    }));
    const { result } = pairedTest(items);
    expect(result).toMatchObject({ prompts: 10, further: 10, closer: 0, statistic: 0, method: 'exact' });
    expect(result.pValue).toBeCloseTo(1 / 1024, 14);
    const reversed = pairedTest(items.map(({ endpoint, first, second }) => ({ endpoint: second, first, second: endpoint })));
    expect(reversed.result.pValue).toBe(1);
  });
});

describe('pairedTest by simulation (toy models, see simulate.test-helpers.ts)', () => {
  // Under H0 the endpoint is the reference model itself: three independent answers per prompt.
  // Prompts mix short, medium and long answers, like real prompt categories.
  const rejectionRate = (endpointModel: typeof REFERENCE, k: number, trials: number, seed: number): number => {
    const random = mulberry32(seed);
    const prompts = toyPrompts(400, seed);
    let rejections = 0;
    for (let t = 0; t < trials; t++) {
      const items = Array.from({ length: k }, () => {
        const prompt = prompts[Math.floor(random() * prompts.length)]!;
        return {
          first: toyAnswer(REFERENCE, prompt, random),
          second: toyAnswer(REFERENCE, prompt, random),
          endpoint: toyAnswer(endpointModel, prompt, random),
        };
      });
      if (pairedTest(items).result.pValue < 0.025) rejections++;
    }
    return rejections / trials;
  };

  it('rejects a genuine endpoint at most at its level, alpha / 2 = 0.025 (600 verifications of K = 20)', () => {
    expect(rejectionRate(REFERENCE, 20, 600, 1)).toBeLessThan(upperTolerance(0.025, 600));
  });

  it('rejects a model with a shifted vocabulary at K = 20 and K = 50', () => {
    const substitute = { ...REFERENCE, vocabularyShift: 0.15 };
    const at20 = rejectionRate(substitute, 20, 150, 2);
    const at50 = rejectionRate(substitute, 50, 150, 3);
    expect(at20).toBeGreaterThan(0.6);
    expect(at50).toBeGreaterThan(0.95);
    expect(at50).toBeGreaterThanOrEqual(at20);
  });
});
