import { describe, expect, it } from 'vitest';
import { corpusMissing, corpusNote, readCorpus } from '../../corpus.test-helpers.js';
import { drawPrompts } from './draw-prompts.js';
import { verifyEndpoint } from './verify-endpoint.js';

// Real recordings (../shared/corpus/alpaca_eval.jsonl: two independent gpt-4-0314 samples per
// prompt at temperature 0.7, one of each later snapshot). The benchmark measures rates over
// hundreds of draws (bench/verify.bench.mjs); these are the properties a user relies on, on ten.

interface Row {
  id: string;
  outputs: Record<string, string>;
  outputs_alt: Record<string, string>;
}

const SETTINGS = { temperature: 0.7, system: 'You are a helpful assistant.' };

describe.skipIf(corpusMissing)(`verifyEndpoint on alpaca_eval${corpusNote}`, () => {
  const rows = corpusMissing ? [] : readCorpus<Row>('alpaca_eval.jsonl');
  const byId = new Map(rows.map((row) => [row.id, row]));
  const verify = (seed: number, answer: (row: Row) => string, recordings: (row: Row) => string[]) =>
    verifyEndpoint({
      snapshot: 'gpt-4-0314',
      prompts: drawPrompts([...byId.keys()], { k: 50, seed }).map((id) => ({
        id,
        recordings: recordings(byId.get(id)!),
        answers: [answer(byId.get(id)!)],
      })),
      reference: SETTINGS,
      request: SETTINGS,
      seed,
      flips: 1999,
    });
  const seeds = Array.from({ length: 10 }, (_, i) => i + 1);

  it('does not call the genuine second sample inconsistent (style test; the paired test would need a third sample)', () => {
    const outcomes = seeds.map(
      (seed) =>
        verify(
          seed,
          (row) => row.outputs_alt['gpt-4-0314']!,
          (row) => [row.outputs['gpt-4-0314']!],
        ).outcome,
    );
    // The style test's level is 2.5%: one rejection in ten draws would already be unusual.
    expect(outcomes.filter((o) => o === 'inconsistent').length).toBeLessThanOrEqual(1);
  });

  it.each(['gpt-4-0613', 'gpt-4o-2024-05-13'])(
    'calls %s served under the name gpt-4-0314 inconsistent at K = 50, every draw',
    (snapshot) => {
      for (const seed of seeds) {
        const result = verify(
          seed,
          (row) => row.outputs[snapshot]!,
          (row) => [row.outputs['gpt-4-0314']!, row.outputs_alt['gpt-4-0314']!],
        );
        expect(result.outcome).toBe('inconsistent');
        expect(result.summary).toMatch(
          /^inconsistent with the recorded gpt-4-0314: on \d+ of 50 prompts its answers are further from the recording than a second genuine recording is/,
        );
        expect(result.summary).not.toContain(snapshot);
      }
    },
  );
});
