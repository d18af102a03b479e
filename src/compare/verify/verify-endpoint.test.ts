import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.js';
import { REFERENCE, toyAnswer, toyPrompts, upperTolerance, type ToyModel } from './simulate.test-helpers.js';
import type { VerifyInput, VerifyPrompt, VerifyResult } from './types.js';
import { verifyEndpoint } from './verify-endpoint.js';

const MATCHED = {
  reference: { temperature: 0.7, max_tokens: 4096, system: 'You are a helpful assistant.' },
  request: { temperature: 0.7, max_tokens: 4096, system: 'You are a helpful assistant.' },
};

/** K toy prompts: `recordings` reference answers each, one answer of `endpoint`. */
function toyInput(endpoint: ToyModel, k: number, seed: number, recordings = 2): VerifyInput {
  const random = mulberry32(seed);
  const prompts: VerifyPrompt[] = toyPrompts(k, seed).map((prompt) => ({
    id: prompt.id,
    recordings: Array.from({ length: recordings }, () => toyAnswer(REFERENCE, prompt, random)),
    answers: [toyAnswer(endpoint, prompt, random)],
  }));
  return { snapshot: 'gpt-4-0314', prompts, ...MATCHED, seed, flips: 199 };
}

const text = (result: VerifyResult): string => [result.summary, ...result.details, ...result.warnings].join('\n');
// Words a result must never use about the endpoint.
const OVERCLAIMS = /\bverified\b|\bis gpt-4-0314\b|\bauthentic\b|\bconfirmed\b/i;

describe('verifyEndpoint: refusals', () => {
  it('is not comparable when decoding settings differ, naming each, and runs no test', () => {
    const input = { ...toyInput(REFERENCE, 30, 1), request: { temperature: 0, max_tokens: 4096, system: 'You are a helpful assistant.' } };
    const result = verifyEndpoint(input);
    expect(result).toMatchObject({
      outcome: 'not-comparable',
      paired: null,
      style: null,
      mismatches: [{ setting: 'temperature', reference: '0.7', request: '0' }],
    });
    expect(result.summary).toBe(
      'not comparable with the recorded gpt-4-0314: the endpoint was asked with decoding settings the reference was not recorded with (temperature)',
    );
    expect(result.details[0]).toBe('temperature: the reference was recorded with 0.7, the endpoint was asked with 0');
  });

  it('refuses fewer than 20 prompts (answered and recorded), and a bad alpha', () => {
    const input = toyInput(REFERENCE, 19, 1);
    expect(verifyEndpoint(input)).toMatchObject({
      outcome: 'too-few-prompts',
      prompts: 19,
      summary: 'too few prompts: 19 with an answer and a recording, at least 20 are needed',
    });
    const unanswered = toyInput(REFERENCE, 25, 1);
    unanswered.prompts = unanswered.prompts.map((p, i) => (i < 6 ? { ...p, answers: [] } : p));
    expect(verifyEndpoint(unanswered).outcome).toBe('too-few-prompts');
    expect(() => verifyEndpoint({ ...input, alpha: 1.5 })).toThrow(/alpha/);
  });
});

describe('verifyEndpoint: results and words', () => {
  it('says "no detectable difference at K = 50" for the reference model, with what K = 50 can and cannot catch', () => {
    const result = verifyEndpoint(toyInput(REFERENCE, 50, 4));
    expect(result.outcome).toBe('no-detectable-difference');
    expect(result.summary).toBe('no detectable difference at K = 50 under matched decoding');
    expect(result.details.join('\n')).toMatch(/^At K = 50, on alpaca_eval's prompts at temperature 0.7, both tests rejected/m);
    expect(result.details.join('\n')).toMatch(
      /Partial substitution \(only some requests routed to another model\).*far more prompts than 50/,
    );
    expect(text(result)).not.toMatch(OVERCLAIMS);
    expect(text(result)).not.toMatch(/genuine/);
    expect(result.paired).toMatchObject({ prompts: 50, method: 'exact' });
    expect(result.style).toMatchObject({ prompts: 50, method: 'monte-carlo', flips: 199, seed: 4 });
    expect(result.rows).toHaveLength(50);
    expect(result.rows[0]).toEqual({
      id: 'p0',
      similarity: expect.any(Number),
      recordedSimilarity: expect.any(Number),
      difference: expect.any(Number),
      words: expect.any(Number),
      recordedWords: expect.any(Number),
    });
  });

  it("says how many prompts' answers were further than a second recording, with both p-values, and names no model", () => {
    const result = verifyEndpoint(toyInput({ words: 200, listRate: 0.9, vocabularyShift: 0.5, dashRate: 0.5 }, 50, 5));
    expect(result.outcome).toBe('inconsistent');
    const further = result.paired!.further;
    expect(further).toBeGreaterThan(40);
    expect(result.summary).toMatch(
      new RegExp(
        `^inconsistent with the recorded gpt-4-0314: on ${further} of 50 prompts its answers are further from the recording than a second genuine recording is \\(p < 0\\.001\\); style p [=<] [0-9.]+$`,
      ),
    );
    expect(result.details[0]).toMatch(
      /^Its answers' style differs from the recording's most in: [^(]+\((more|less) than the recording, z = /,
    );
    expect(text(result)).not.toMatch(OVERCLAIMS);
    expect(text(result)).not.toMatch(/gpt-(?!4-0314)|turbo|gpt-4o/);
  });

  it('runs the style test alone when the reference has one recording per prompt, and says so', () => {
    const same = verifyEndpoint(toyInput(REFERENCE, 30, 6, 1));
    expect(same).toMatchObject({ outcome: 'no-detectable-difference', paired: null });
    expect(same.details[0]).toMatch(/one recording per prompt, so only the style test ran/);
    expect(same.details[1]).toMatch(/^At K = 20 \(the nearest measured K below 30\), .* the style test alone rejected/);
    expect(same.rows[0]).toMatchObject({ recordedSimilarity: null, difference: null });
    const other = verifyEndpoint(toyInput({ ...REFERENCE, words: 250, listRate: 1 }, 30, 6, 1));
    expect(other.outcome).toBe('inconsistent');
    expect(other.summary).toMatch(
      /^inconsistent with the recorded gpt-4-0314: its answers differ in style from the recording's \(style p [<=] [0-9.]+\); the reference has one recording per prompt/,
    );
  });

  it('passes on warnings about repeats, and says when the figures do not apply', () => {
    const input = toyInput(REFERENCE, 20, 7);
    input.prompts = input.prompts.map((p) => ({ ...p, answers: [p.recordings[1]!, p.recordings[1]!] }));
    const result = verifyEndpoint({ ...input, alpha: 0.1, snapshot: 'gpt-4-0613' });
    expect(result.warnings.map((w) => w.slice(0, 40))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\d+ of 20 repeated prompts came back/)]),
    );
    expect(result.details.join('\n')).toMatch(/measured for gpt-4-0314 only; there are no figures for gpt-4-0613/);
  });
});

describe('verifyEndpoint by simulation: error rates of the decision', () => {
  const rate = (endpoint: ToyModel, k: number, trials: number, seed: number, recordings = 2): number => {
    let rejected = 0;
    for (let t = 0; t < trials; t++)
      if (verifyEndpoint(toyInput(endpoint, k, seed * 1000 + t, recordings)).outcome === 'inconsistent') rejected++;
    return rejected / trials;
  };

  it('calls the reference model inconsistent at most alpha = 5% of the time (both tests, 300 verifications at K = 20)', () => {
    expect(rate(REFERENCE, 20, 300, 1)).toBeLessThan(upperTolerance(0.05, 300));
  });

  it('with one recording per prompt (style test alone) at most alpha / 2', () => {
    expect(rate(REFERENCE, 20, 300, 2, 1)).toBeLessThan(upperTolerance(0.025, 300));
  });

  it('catches a model that writes longer, listier answers more often as K grows', () => {
    const styled = { ...REFERENCE, words: 130, listRate: 0.5 };
    const at20 = rate(styled, 20, 60, 3, 1);
    const at50 = rate(styled, 50, 60, 4, 1);
    expect(at50).toBeGreaterThan(0.8);
    expect(at50).toBeGreaterThanOrEqual(at20);
  });
});
