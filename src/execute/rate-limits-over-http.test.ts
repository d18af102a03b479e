// Pacing, adaptive concurrency and x-ratelimit headers, observed at the project's test server.
import { afterEach, describe, expect, it } from 'vitest';
import { loadTokenCounter } from '../plan/token-counter.js';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { type TestServerOptions } from '../test-server/types.js';
import { createChatSender } from './chat-sender.js';
import { chatJob, endpointTarget, maxPerWindow, recordingHooks } from './execute.test-helpers.js';
import { executeJobs } from './execute-jobs.js';
import { type TargetLane } from './types.js';
import { tokenEstimator } from './token-estimate.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const FAST = { baseMs: 20, maxMs: 200 };

async function laneFor(
  options: TestServerOptions,
  model: string,
  lane: Partial<TargetLane>,
): Promise<{ server: TestServer; lanes: Record<string, TargetLane> }> {
  server = await startTestServer(options);
  const sender = await createChatSender(endpointTarget(server.url, { name: model, model }), 'sk-test');
  return { server, lanes: { [model]: { sender, concurrency: 4, maxRetries: 6, ...lane } } };
}

const jobs = (count: number, model: string, extra: Record<string, unknown> = {}) =>
  Array.from({ length: count }, (_, i) => chatJob(`case-${i}`, model, extra));

describe('rate limits over HTTP', () => {
  it('never lets more than ceil(rpm/60) requests arrive in any second', async () => {
    const { server, lanes } = await laneFor({ latencyMs: 10 }, 'paced', { concurrency: 8, rpm: 600 });
    const result = await executeJobs(jobs(25, 'paced'), lanes, recordingHooks().hooks, { concurrency: 32 });
    expect(result.succeeded).toBe(25);
    // 10 a second as the client sends them. The server sees arrivals, not sends: a request that
    // takes longer to arrive than the ones after it (the first pays for opening the connection)
    // shifts the window it starts, and the 11th send, 1020 ms after the 1st, can land inside it.
    // Bunching two extra sends in needs a delay over the 100 ms spacing: hence one, not more.
    expect(maxPerWindow(server.requests.map((r) => r.at))).toBeLessThanOrEqual(11);
  });

  it('holds tokens to ceil(tpm/60) a second, estimated before sending and corrected from usage', async () => {
    // A limit the server never reaches, only so that it counts the tokens it charges each request.
    const { server, lanes } = await laneFor({ latencyMs: 10, rateLimits: { tokens: { tpm: 10_000_000 } } }, 'tokens', {
      concurrency: 8,
      tpm: 12_000,
      estimateTokens: tokenEstimator(await loadTokenCounter()),
    });
    const result = await executeJobs(jobs(12, 'tokens', { max_tokens: 40 }), lanes, recordingHooks().hooks, { concurrency: 32 });
    expect(result.succeeded).toBe(12);
    const charged = server.requests.map((r) => r.tokens ?? 0);
    expect(Math.min(...charged)).toBeGreaterThan(0);
    // 200 tokens a second; the same edge effect as for requests allows one request more.
    expect(
      maxPerWindow(
        server.requests.map((r) => r.at),
        charged,
      ),
    ).toBeLessThanOrEqual(200 + Math.max(...charged));
  });

  it('halves concurrency on a burst of 429s, recovers gradually, and finishes the run', async () => {
    const burst = 8;
    const { server, lanes } = await laneFor(
      { latencyMs: 60, faults: [{ model: 'bursty', action: 'status', status: 429, retryAfterMs: 100, times: burst }] },
      'bursty',
      { concurrency: 8 },
    );
    const seen = recordingHooks();
    let afterBurst: number | undefined;
    let peakAfterBurst: number | undefined;
    const hooks = {
      ...seen.hooks,
      onJobEnd: (...args: Parameters<typeof seen.hooks.onJobEnd>) => {
        seen.hooks.onJobEnd(...args);
        if (afterBurst === undefined && server.stats.byStatus['429'] === burst) {
          server.resetStats(); // from here on, the server's in-flight peak is the one after the burst
          afterBurst = 0;
        } else if (afterBurst !== undefined && ++afterBurst === 6) {
          peakAfterBurst = server.stats.maxInFlightByModel['bursty'];
        }
      },
    };
    const result = await executeJobs(jobs(40, 'bursty'), lanes, hooks, { concurrency: 32, backoff: FAST });
    expect(result.succeeded).toBe(40);
    expect(result.limits['bursty']).toMatchObject({ rateLimited: burst, concurrency: 8 });
    expect(result.limits['bursty']!.lowestConcurrency).toBeLessThanOrEqual(4);
    // The time queued jobs waited: from just after the first 429 (Retry-After 100 ms) to the pause's end.
    expect(result.limits['bursty']!.pausedMs).toBeGreaterThanOrEqual(90);
    // Before the burst all 8 were in flight at once; right after it, at most 4 plus the step or
    // two that a handful of successes add back (4 successes make it 5, 5 more make it 6).
    expect(peakAfterBurst).toBeDefined();
    expect(peakAfterBurst!).toBeLessThanOrEqual(6);
  });

  it('slows down before a 429 when x-ratelimit headers say the window is spent', async () => {
    const { server, lanes } = await laneFor({ rateLimits: { headed: { rpm: 300, headers: true } } }, 'headed', {
      concurrency: 1,
      maxRetries: 0,
    });
    const result = await executeJobs(jobs(12, 'headed'), lanes, recordingHooks().hooks, { concurrency: 32 });
    expect(result.succeeded).toBe(12);
    expect(server.stats.byStatus['429']).toBeUndefined();
    expect(result.limits['headed']!.pausedMs).toBeGreaterThan(0);
  });
});
