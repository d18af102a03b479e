import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayJob, recordingHooks } from './execute.test-helpers.js';
import { executeJobs } from './execute-jobs.js';
import { readRecording } from './recording.js';
import { createReplaySender } from './replay-sender.js';

const CASES = join(import.meta.dirname, '../../fixtures/execute/recording-cases/gpt-4-0314.jsonl');
const DISPLAY = 'fixtures/recordings/gpt-4-0314.jsonl';
const ASK = [{ role: 'user' as const, content: 'unused when the case id matches' }];

describe('createReplaySender', () => {
  it('answers from the recording with its latency and source replay', async () => {
    const recording = await readRecording(CASES);
    const sender = createReplaySender(recording, DISPLAY);
    const result = await sender.send(replayJob('refund-window', recording.sha256, ASK, 0), new AbortController().signal);
    expect(result).toEqual({
      ok: true,
      output: 'Refunds are accepted within 30 days of purchase.',
      finishReason: 'stop',
      model: 'gpt-4-0314',
      systemFingerprint: null,
      usage: expect.objectContaining({ totalTokens: 52 }),
      latencyMs: 812,
      source: 'replay',
    });
    const second = await sender.send(replayJob('refund-window', recording.sha256, ASK, 1), new AbortController().signal);
    // A row without latency_ms has no latency: unknown, not an instant answer that would skew p50.
    expect(second).toMatchObject({ ok: true, latencyMs: null });
  });

  it('reports a cell the recording lacks as missing, naming case, sample and file', async () => {
    const recording = await readRecording(CASES);
    const sender = createReplaySender(recording, DISPLAY);
    const result = await sender.send(replayJob('refund-window', recording.sha256, ASK, 5), new AbortController().signal);
    expect(result).toEqual({
      ok: false,
      kind: 'missing',
      message: "no recording for case 'refund-window' (sample 5) in fixtures/recordings/gpt-4-0314.jsonl",
      retryable: false,
      latencyMs: 0,
    });
  });

  it('refuses to answer a plan made against other contents of the file', async () => {
    const recording = await readRecording(CASES);
    const result = await createReplaySender(recording, DISPLAY).send(
      replayJob('refund-window', 'f'.repeat(64), ASK),
      new AbortController().signal,
    );
    expect(result).toMatchObject({
      ok: false,
      kind: 'unknown',
      retryable: false,
      message: expect.stringContaining('changed since the run was planned'),
    });
  });

  it('runs as a lane of executeJobs: missing cells fail once, without retries', async () => {
    const recording = await readRecording(CASES);
    const seen = recordingHooks();
    const jobs = [replayJob('greeting', recording.sha256, ASK, 0), replayJob('greeting', recording.sha256, ASK, 3)];
    const result = await executeJobs(
      jobs,
      { baseline: { sender: createReplaySender(recording, DISPLAY), concurrency: 4, maxRetries: 3 } },
      seen.hooks,
      { concurrency: 4 },
    );
    expect(result).toMatchObject({ succeeded: 1, failed: 1, skipped: 0, interrupted: false });
    expect(seen.ends.get('baseline/greeting/3')).toMatchObject({ kind: 'missing', attempts: 1 });
    expect(seen.retries).toEqual([]);
  });
});
