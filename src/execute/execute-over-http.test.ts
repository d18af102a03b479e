// executeJobs with the real chat sender against the project's OpenAI-compatible test server.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { type TestServerOptions } from '../test-server/types.js';
import type { EndpointTarget } from '../suite/types.js';
import { createChatSender } from './chat-sender.js';
import { chatJob, endpointTarget, jobsFor, recordingHooks } from './execute.test-helpers.js';
import { executeJobs } from './execute-jobs.js';
import { type TargetLane } from './types.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FAST = { baseMs: 20, maxMs: 200 };

async function lanesFor(options: TestServerOptions, models: Record<string, Partial<EndpointTarget> & { maxRetries?: number }>) {
  server = await startTestServer(options);
  const lanes: Record<string, TargetLane> = {};
  for (const [model, extra] of Object.entries(models)) {
    const target = endpointTarget(server.url, { name: model, model, ...extra });
    lanes[model] = { sender: await createChatSender(target, 'sk-test'), concurrency: target.concurrency, maxRetries: target.maxRetries };
  }
  return { server, lanes };
}

describe('executeJobs over HTTP', () => {
  it('retries a 429 after the Retry-After delay and counts the attempts', async () => {
    const { server, lanes } = await lanesFor(
      { faults: [{ action: 'status', status: 429, retryAfter: 1, times: 1 }] },
      { 'gpt-4.1': { maxRetries: 2 } },
    );
    const seen = recordingHooks();
    const started = Date.now();
    const result = await executeJobs([chatJob('refund-window', 'gpt-4.1')], lanes, seen.hooks, { concurrency: 4, backoff: FAST });
    expect(result).toMatchObject({ succeeded: 1, failed: 0, skipped: 0, interrupted: false });
    expect(seen.ends.get('gpt-4.1/refund-window/0')).toMatchObject({ ok: true, attempts: 2 });
    expect(seen.retries).toHaveLength(1);
    expect(seen.retries[0]).toMatchObject({ attempt: 1, reason: '429 rate_limit_exceeded' });
    // Retry-After wins over the (much shorter) computed backoff, with a little jitter on top.
    expect(seen.retries[0]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(seen.retries[0]!.delayMs).toBeLessThan(1300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.stats.byStatus).toEqual({ '200': 1, '429': 1 });
  });

  it('pauses the whole target after a 429, not just the request that got it', async () => {
    const faults = [{ action: 'status' as const, status: 429, retryAfterMs: 300, times: 1 }];
    const { server, lanes } = await lanesFor({ faults, latencyMs: 20 }, { 'gpt-4.1': { concurrency: 1, maxRetries: 1 } });
    const result = await executeJobs(jobsFor(3, ['gpt-4.1']), lanes, {}, { concurrency: 4, backoff: FAST });
    expect(result.succeeded).toBe(3);
    const times = server.requests.map((request) => request.at);
    expect(times).toHaveLength(4);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(290);
  });

  it('retries 500s until one succeeds', async () => {
    const { lanes } = await lanesFor({ faults: [{ action: 'status', status: 500, times: 2 }] }, { 'gpt-4.1': { maxRetries: 3 } });
    const seen = recordingHooks();
    await executeJobs([chatJob('c1', 'gpt-4.1')], lanes, seen.hooks, { concurrency: 1, backoff: FAST });
    expect(seen.ends.get('gpt-4.1/c1/0')).toMatchObject({ ok: true, attempts: 3 });
    expect(seen.retries.map((retry) => [retry.attempt, retry.reason])).toEqual([
      [1, '500'],
      [2, '500'],
    ]);
  });

  it.each([400, 401, 404])('does not retry a %i and keeps the provider message', async (status) => {
    const { server, lanes } = await lanesFor(
      { faults: [{ action: 'status', status, message: `custom ${status} text` }] },
      { 'gpt-4.1': { maxRetries: 3 } },
    );
    const seen = recordingHooks();
    const result = await executeJobs([chatJob('c1', 'gpt-4.1')], lanes, seen.hooks, { concurrency: 1, backoff: FAST });
    expect(result).toMatchObject({ succeeded: 0, failed: 1 });
    expect(seen.ends.get('gpt-4.1/c1/0')).toEqual(
      expect.objectContaining({ ok: false, kind: 'http', status, message: `custom ${status} text`, attempts: 1, retryable: false }),
    );
    expect(seen.ends.get('gpt-4.1/c1/0')).not.toHaveProperty('retryAfterMs');
    expect(server.stats.requests).toBe(1);
  });

  it('retries timeouts, then reports the last one', async () => {
    const { server, lanes } = await lanesFor({ faults: [{ action: 'hang' }] }, { 'gpt-4.1': { maxRetries: 2, timeoutMs: 100 } });
    const seen = recordingHooks();
    const result = await executeJobs([chatJob('c1', 'gpt-4.1')], lanes, seen.hooks, { concurrency: 1, backoff: FAST });
    expect(result).toMatchObject({ succeeded: 0, failed: 1 });
    expect(seen.ends.get('gpt-4.1/c1/0')).toMatchObject({ ok: false, kind: 'timeout', attempts: 3 });
    expect(seen.retries.map((retry) => retry.reason)).toEqual(['timeout', 'timeout']);
    expect(server.stats.requests).toBe(3);
  });

  it('retries a malformed body and a reset connection', async () => {
    const faults = [
      { action: 'malformed' as const, times: 1 },
      { action: 'reset' as const, times: 1 },
    ];
    const { lanes } = await lanesFor({ faults }, { 'gpt-4.1': { maxRetries: 2 } });
    const seen = recordingHooks();
    await executeJobs([chatJob('c1', 'gpt-4.1')], lanes, seen.hooks, { concurrency: 1, backoff: FAST });
    expect(seen.ends.get('gpt-4.1/c1/0')).toMatchObject({ ok: true, attempts: 3 });
    expect(seen.retries[0]!.reason).toBe('malformed response');
    expect(seen.retries[1]!.reason).toMatch(/^connection (reset|failed)/);
  });

  it('keeps per-target and global caps with many jobs in flight', async () => {
    const { server, lanes } = await lanesFor({ latencyMs: 15 }, { 'gpt-4-0314': { concurrency: 3 }, 'gpt-4.1': { concurrency: 5 } });
    const seen = recordingHooks();
    const result = await executeJobs(jobsFor(60, ['gpt-4-0314', 'gpt-4.1']), lanes, seen.hooks, { concurrency: 6 });
    expect(result).toMatchObject({ succeeded: 120, failed: 0, skipped: 0, interrupted: false });
    expect(server.stats.maxInFlightByModel['gpt-4-0314']).toBeLessThanOrEqual(3);
    expect(server.stats.maxInFlightByModel['gpt-4.1']).toBeLessThanOrEqual(5);
    expect(server.stats.maxInFlight).toBe(6);
    expect(seen.ends.size).toBe(120);
  });

  it('on interrupt starts nothing new and lets in-flight requests finish', async () => {
    const { server, lanes } = await lanesFor({ latencyMs: 200 }, { 'gpt-4.1': { concurrency: 4 } });
    const seen = recordingHooks();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const result = await executeJobs(jobsFor(40, ['gpt-4.1']), lanes, seen.hooks, {
      concurrency: 8,
      signal: controller.signal,
      graceMs: 5000,
    });
    expect(result).toMatchObject({ succeeded: 4, failed: 0, skipped: 36, interrupted: true });
    expect(server.stats.requests).toBe(4);
    expect(seen.ends.size).toBe(4);
  });

  it('aborts requests still in flight when the grace period ends, and does not report them', async () => {
    const { lanes } = await lanesFor({ faults: [{ action: 'hang' }] }, { 'gpt-4.1': { concurrency: 2 } });
    const seen = recordingHooks();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    // The requests hang until their 60 s timeout, as long as the test's own: waiting for them fails the test.
    const result = await executeJobs(jobsFor(5, ['gpt-4.1']), lanes, seen.hooks, {
      concurrency: 8,
      signal: controller.signal,
      graceMs: 100,
    });
    expect(result).toMatchObject({ succeeded: 0, failed: 0, skipped: 5, interrupted: true });
    expect(seen.events).toEqual(['start gpt-4.1/c0', 'start gpt-4.1/c1']);
    expect(seen.ends.size).toBe(0);
  });

  it('stops the run and rejects when a hook throws', async () => {
    const { server, lanes } = await lanesFor({ latencyMs: 20 }, { 'gpt-4.1': { concurrency: 2 } });
    let ends = 0;
    const hooks = {
      onJobEnd: () => {
        if (++ends === 3) throw new Error('database is gone');
      },
    };
    await expect(executeJobs(jobsFor(50, ['gpt-4.1']), lanes, hooks, { concurrency: 2 })).rejects.toThrow('database is gone');
    expect(ends).toBe(3);
    expect(server.stats.requests).toBeLessThanOrEqual(5);
  });
});
