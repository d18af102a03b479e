import { describe, expect, it } from 'vitest';
import { describeBaselineVerification, normalizeBaseUrl, type StoredVerification } from './verification.js';

const stored = (over: Partial<StoredVerification> = {}): StoredVerification => ({
  id: 1,
  runId: 7,
  target: 'gpt-4-0314',
  model: 'gpt-4-0314',
  baseUrl: 'https://api.example.com/v1',
  snapshot: 'gpt-4-0314',
  referenceFile: 'recordings/gpt-4-0314.jsonl',
  referenceSha256: 'ab'.repeat(32),
  prompts: 50,
  seed: 4242,
  alpha: 0.05,
  outcome: 'no-detectable-difference',
  pairedP: 0.41,
  styleP: 0.63,
  summary: 'no detectable difference at K = 50 under matched decoding',
  detail: {},
  createdAt: '2026-12-01T09:30:00.000Z',
  ...over,
});
const now = new Date('2026-12-04T12:00:00Z');

describe('what the reports say about a baseline endpoint', () => {
  it('gives its latest verification in one line, naming the snapshot, and warns of nothing when no difference was found', () => {
    expect(describeBaselineVerification({ target: 'gpt-4-0314', model: 'gpt-4-0314', recorded: false, latest: stored(), now })).toEqual({
      latest: expect.objectContaining({ runId: 7, prompts: 50, outcome: 'no-detectable-difference', seed: 4242 }),
      line: 'checked 2026-12-01 09:30 UTC with pinned verify (run 7) against the recorded gpt-4-0314: no detectable difference at K = 50 under matched decoding',
      warning: null,
    });
  });

  it('warns when the latest verification found the endpoint inconsistent', () => {
    const result = describeBaselineVerification({
      target: 'gpt-4-0314',
      model: 'gpt-4-0314',
      recorded: false,
      latest: stored({ outcome: 'inconsistent', summary: 'inconsistent with the recorded gpt-4-0314: on 43 of 50 prompts ...' }),
      now,
    });
    expect(result?.line).toBe(
      'checked 2026-12-01 09:30 UTC with pinned verify (run 7): inconsistent with the recorded gpt-4-0314: on 43 of 50 prompts ...',
    );
    expect(result?.warning).toMatch(
      /^the baseline endpoint's latest check \(pinned verify, run 7, 2026-12-01 09:30 UTC\) found it inconsistent/,
    );
  });

  it('warns when a retired snapshot was never checked, from the day OpenAI shut it down; says nothing of a current model', () => {
    const never = (model: string, at: Date) =>
      describeBaselineVerification({ target: 'base', model, recorded: false, latest: undefined, now: at });
    expect(never('openai/gpt-4-0314', now)).toEqual({
      latest: null,
      line: 'never checked with pinned verify',
      warning: expect.stringMatching(
        /^openai\/gpt-4-0314 was shut down by OpenAI on 2026-03-26, and this baseline endpoint was never checked/,
      ),
    });
    expect(never('gpt-4-0314', new Date('2026-03-25T23:00:00Z'))).toBeUndefined();
    expect(never('gpt-4o', now)).toBeUndefined();
  });

  it('says nothing of a baseline that replays recorded outputs', () => {
    expect(describeBaselineVerification({ target: 'b', model: 'gpt-4-0314', recorded: true, latest: undefined, now })).toBeUndefined();
  });

  it('matches base URLs whatever trailing slashes they were written with', () => {
    expect(normalizeBaseUrl('https://api.example.com/v1//')).toBe('https://api.example.com/v1');
  });
});
