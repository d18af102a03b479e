import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maxPerWindow } from '../execute/execute.test-helpers.js';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { endpointSuite, query, runCli, startCli, tempProject } from './cli.test-helpers.js';

const env = { TEST_API_KEY: 'sk-test-limits' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.configure({ latencyMs: 0, faults: [], rejectParams: {}, rateLimits: {} });
  server.resetStats();
  server.requests.length = 0;
});

const chatBodies = (model: string) => server.requests.filter((r) => r.body?.model === model).map((r) => r.body as Record<string, unknown>);

describe('params_compat (end to end)', () => {
  it('strict: the first "unsupported parameter" stops the target, every other cell gets the same error unsent', async () => {
    server.configure({ rejectParams: { 'o3-mini': ['max_tokens', 'temperature'] } });
    const suite = endpointSuite({ url: server.url, count: 8, targets: { 'gpt-4-0314': {}, 'o3-mini': { concurrency: 2 } } });
    const cwd = tempProject({ 'suite.yaml': suite });
    const result = await runCli(['run', 'suite.yaml', '--no-compare', '--no-progress'], { cwd, env });
    expect(result.code).toBe(4);
    // Only what was in flight when the first 400 came back was sent.
    expect(server.stats.byModel['o3-mini']).toBeLessThanOrEqual(2);
    expect(server.stats.byModel['gpt-4-0314']).toBe(8);
    expect(result.stdout).toMatch(
      /o3-mini: 8 × 400 unsupported_parameter Unsupported parameter: 'max_tokens' .*target 'o3-mini' stopped: set params_compat: auto on target 'o3-mini' to have pinned rewrite it, or rename max_tokens to max_completion_tokens in its params/,
    );
    const cells = query<{ status: string; attempts: number }>(
      join(cwd, '.pinned/pinned.db'),
      `SELECT c.status, r.attempts FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.target = 'o3-mini'`,
    );
    expect(cells).toHaveLength(8);
    expect(cells.every((cell) => cell.status === 'error')).toBe(true);
    // Cells failed without a request say so: no attempt was made.
    expect(cells.filter((cell) => cell.attempts === 0).length).toBeGreaterThanOrEqual(6);
  });

  it('auto: a known reasoning model gets max_completion_tokens and no temperature up front, recorded on the run', async () => {
    server.configure({ rejectParams: { 'o3-mini': ['max_tokens', 'temperature'] } });
    const suite = endpointSuite({
      url: server.url,
      count: 3,
      targets: { 'gpt-4-0314': {}, 'o3-mini': { extra: '    params_compat: auto' } },
    });
    const cwd = tempProject({ 'suite.yaml': suite });
    const result = await runCli(['run', 'suite.yaml', '--no-compare', '--no-progress'], { cwd, env });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(server.stats.byStatus['400']).toBeUndefined();
    for (const body of chatBodies('o3-mini')) {
      expect(body).toMatchObject({ max_completion_tokens: 50 });
      expect(body).not.toHaveProperty('max_tokens');
      expect(body).not.toHaveProperty('temperature');
    }
    // The baseline's params are untouched.
    expect(chatBodies('gpt-4-0314')[0]).toMatchObject({ temperature: 0, max_tokens: 50 });
    expect(result.stdout).toContain('params rewritten (params_compat: auto):');
    expect(result.stdout).toContain('o3-mini: max_tokens → max_completion_tokens (o3-mini is a reasoning model)');
    expect(result.stdout).toContain('o3-mini: temperature dropped (o3-mini is a reasoning model)');
    const db = join(cwd, '.pinned/pinned.db');
    expect(query(db, `SELECT target, param, action, renamed_to FROM param_rewrites ORDER BY param`)).toEqual([
      { target: 'o3-mini', param: 'max_tokens', action: 'renamed', renamed_to: 'max_completion_tokens' },
      { target: 'o3-mini', param: 'temperature', action: 'dropped', renamed_to: null },
    ]);
  });

  it('auto: a model pinned does not know is rewritten on its 400s, the request sent again, and the request sent is the one stored', async () => {
    server.configure({ rejectParams: { 'house-reasoner': ['max_tokens', 'temperature'] } });
    const suite = endpointSuite({
      url: server.url,
      count: 4,
      targets: { 'gpt-4-0314': {}, 'house-reasoner': { concurrency: 1, extra: '    params_compat: auto' } },
    });
    const cwd = tempProject({ 'suite.yaml': suite });
    const result = await runCli(['run', 'suite.yaml', '--no-compare', '--no-progress'], { cwd, env });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const bodies = chatBodies('house-reasoner');
    // One 400 per rejected param, then every request goes out rewritten.
    expect(bodies).toHaveLength(6);
    expect(server.stats.byStatus['400']).toBe(2);
    for (const body of bodies.slice(2)) {
      expect(body).toMatchObject({ max_completion_tokens: 50 });
      expect(body).not.toHaveProperty('temperature');
    }
    const db = join(cwd, '.pinned/pinned.db');
    const stored = query<{ spec: string; status: string }>(
      db,
      `SELECT q.spec, c.status FROM cells c JOIN requests q ON q.hash = c.request_hash WHERE c.target = 'house-reasoner'`,
    );
    expect(stored).toHaveLength(4);
    for (const row of stored) {
      expect(row.status).toBe('ok');
      const spec = JSON.parse(row.spec) as { body: Record<string, unknown> };
      expect(spec.body).toMatchObject({ max_completion_tokens: 50 });
      expect(spec.body).not.toHaveProperty('max_tokens');
      expect(spec.body).not.toHaveProperty('temperature');
    }
    // attempts counts requests, the two answered 400 (each followed by a resend) included.
    const attempts = query<{ attempts: number }>(
      db,
      `SELECT r.attempts FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.target = 'house-reasoner'`,
    );
    expect(attempts.reduce((sum, row) => sum + row.attempts, 0)).toBe(6);
    expect(result.stdout).toContain(
      'house-reasoner: max_tokens → max_completion_tokens (the provider rejected it: 400 unsupported_parameter)',
    );
    expect(result.stdout).toContain('house-reasoner: temperature dropped (the provider rejected it: 400 unsupported_value)');

    // The next run plans the rewritten request from the start: the stored outputs are reused by hash.
    server.resetStats();
    const again = await runCli(['run', 'suite.yaml', '--no-compare', '--no-progress'], { cwd, env });
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stderr).toContain('8 reused from earlier runs');
    expect(server.stats.requests).toBe(0);
    expect(again.stdout).toContain(
      'house-reasoner: max_tokens → max_completion_tokens (the provider rejected it: 400 unsupported_parameter)',
    );
  });
});

describe('rate limits (end to end)', () => {
  it('paces to rpm and tells in the summary how often the limits bit', async () => {
    server.configure({
      latencyMs: 20,
      faults: [{ model: 'model-a', action: 'status', status: 429, retryAfterMs: 50, times: 4 }],
      // Never reached: it only makes the server count the tokens it charges model-t's requests.
      rateLimits: { 'model-t': { tpm: 10_000_000 } },
    });
    // 300 rpm: 5 a second, 200 ms apart, so a hiccup of this busy test process has to last that
    // long before it can bunch two recorded arrivals into the next window. 12000 tpm: 200 tokens a second.
    const suite = endpointSuite({
      url: server.url,
      count: 12,
      targets: { 'model-a': { concurrency: 4, extra: '    rpm: 300' }, 'model-t': { concurrency: 4, extra: '    tpm: 12000' } },
    });
    const cwd = tempProject({ 'suite.yaml': suite });
    const result = await runCli(['run', 'suite.yaml', '--no-compare', '--no-progress'], { cwd, env });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const arrivals = (model: string) => server.requests.filter((r) => r.body?.model === model);
    // One more than 5 at most, from the edge of the window a slow first arrival (connection
    // set-up) opens: see rate-limits-over-http.test.ts.
    expect(maxPerWindow(arrivals('model-a').map((r) => r.at))).toBeLessThanOrEqual(6);
    const charged = arrivals('model-t').map((r) => r.tokens ?? 0);
    expect(charged).toHaveLength(12);
    expect(
      maxPerWindow(
        arrivals('model-t').map((r) => r.at),
        charged,
      ),
    ).toBeLessThanOrEqual(200 + Math.max(...charged));
    expect(result.stdout).toMatch(/model-t: paced to 12000 tpm/);
    expect(result.stdout).toContain('rate limits:');
    expect(result.stdout).toMatch(/model-a: 4 × 429 · paused [\d.]+ ?m?s · concurrency 4, lowest [12] · paced to 300 rpm/);
    // Kept with the run, so reports made later can say why latency looks the way it does.
    expect(query(join(cwd, '.pinned/pinned.db'), 'SELECT target, rate_limited, concurrency FROM run_limits')).toEqual([
      { target: 'model-a', rate_limited: 4, concurrency: 4 },
    ]);
  });

  it('a Retry-After of an hour gives its cell up without stalling the target, and the pause recorded is the one waited', async () => {
    server.configure({ latencyMs: 0, faults: [{ model: 'model-a', action: 'status', status: 429, retryAfter: 3600, times: 1 }] });
    const suite = endpointSuite({ url: server.url, count: 4, targets: { 'model-a': { concurrency: 1 } } });
    const cwd = tempProject({ 'suite.yaml': suite });
    const { child, done } = startCli(['run', 'suite.yaml', '--no-compare', '--no-progress'], { cwd, env });
    // A generous bound against the 3600 s asked: the run must not wait for it.
    const stalled = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const result = await done.finally(() => clearTimeout(stalled));
    expect(result.signal, 'the run stalled on the Retry-After').toBeNull();
    expect(result.code, result.stderr + result.stdout).toBe(4);
    const db = join(cwd, '.pinned/pinned.db');
    expect(query(db, `SELECT status, COUNT(*) AS n FROM cells GROUP BY status ORDER BY status`)).toEqual([
      { status: 'error', n: 1 },
      { status: 'ok', n: 3 },
    ]);
    const [limits] = query<{ rate_limited: number; paused_ms: number }>(db, 'SELECT rate_limited, paused_ms FROM run_limits');
    expect(limits!.rate_limited).toBe(1);
    // The backoff of a 429 without a usable Retry-After (at most 30 s), not the hour asked.
    expect(limits!.paused_ms).toBeLessThan(30_000);
    expect(result.stdout).toMatch(/model-a: 1 × 429 · paused [\d.]+ ?m?s ·/);
    expect(result.stdout).toContain(
      'given up: the provider asked to wait 1h00m, longer than pinned waits for a cell, 10m00s; run the same command again after that',
    );
  });
});
