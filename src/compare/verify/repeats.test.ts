import { describe, expect, it } from 'vitest';
import { repeatWarnings } from './repeats.js';

const long = (seed: string) => Array.from({ length: 60 }, (_, i) => `${seed}${i}`).join(' ');

describe('repeatWarnings', () => {
  it('warns when a long answer repeats word for word above temperature 0, and not at temperature 0', () => {
    const prompts = [
      { id: 'a', recordings: ['x'], answers: [long('a'), long('a')] },
      { id: 'b', recordings: ['x'], answers: [long('b'), long('c')] },
    ];
    expect(repeatWarnings(prompts, 0.7)).toEqual([
      expect.stringMatching(/^1 of 2 repeated prompts came back identical at temperature 0.7, 1 of them of 50 words or more \(a\)/),
    ]);
    expect(repeatWarnings(prompts, 0)).toEqual([]);
  });

  it('lets short identical repeats pass, as genuine samples have them, unless most repeats are identical', () => {
    // Two gpt-4-0314 samples at 0.7 agree on 30 of alpaca_eval's 662 prompts, all short.
    const few = [
      { id: 'a', recordings: ['x'], answers: ['Paris.', 'Paris.'] },
      ...['b', 'c', 'd', 'e'].map((id) => ({ id, recordings: ['x'], answers: [long(id), long(`${id}2`)] })),
    ];
    expect(repeatWarnings(few, 0.7)).toEqual([]);
    const most = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, recordings: ['x'], answers: ['Yes.', 'Yes.'] }));
    expect(repeatWarnings(most, 0.7)).toEqual([expect.stringMatching(/^5 of 5 repeated prompts came back identical/)]);
  });

  it('warns when long answers are the recording itself', () => {
    const prompts = [{ id: 'a', recordings: [long('r'), long('s')], answers: [long('s')] }];
    expect(repeatWarnings(prompts, 0.7)).toEqual([
      expect.stringMatching(/^1 answer of 50 words or more is identical to a recording word for word \(a\)/),
    ]);
  });
});
