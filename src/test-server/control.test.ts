import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.js';
import { type TestServerStats } from './types.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// Drives the server only over HTTP, the way a benchmark in another process does.
async function call(path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const init: RequestInit = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
  const res = await fetch(`http://127.0.0.1:${server!.port}${path}`, init);
  return { status: res.status, json: await res.json() };
}

const chat = (model: string, content = 'hello') =>
  fetch(`${server!.url}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });

describe('control API', () => {
  it('configures scripts and faults, reports stats and requests, and resets', async () => {
    server = await startTestServer();
    expect(
      await call('/__control/configure', {
        script: [{ contains: 'ping', content: 'pong' }],
        faults: [{ action: 'status', status: 429, times: 1, retryAfter: 1 }],
        latencyMs: 1,
      }),
    ).toEqual({ status: 200, json: { ok: true } });

    const limited = await chat('m', 'ping');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    const ok = await chat('m', 'ping');
    expect(((await ok.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('pong');

    const stats = (await call('/__control/stats')).json as TestServerStats;
    expect(stats).toMatchObject({ requests: 2, completions: 1, byStatus: { '200': 1, '429': 1 }, byModel: { m: 2 } });
    const requests = (await call('/__control/requests')).json as { path: string; body: { model: string } }[];
    expect(requests.map((r) => [r.path, r.body.model])).toEqual([
      ['/v1/chat/completions', 'm'],
      ['/v1/chat/completions', 'm'],
    ]);

    expect((await call('/__control/reset', {})).json).toEqual({ ok: true });
    expect((await call('/__control/stats')).json).toMatchObject({ requests: 0, completions: 0, byStatus: {} });
    expect((await call('/__control/requests')).json).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('replaces faults on each configure and keeps other options', async () => {
    server = await startTestServer({ script: [{ content: 'kept' }] });
    await call('/__control/configure', { faults: [{ action: 'status', status: 500 }] });
    expect((await chat('m')).status).toBe(500);
    await call('/__control/configure', { faults: [] });
    const res = await chat('m');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('kept');
  });

  it('refuses bad configurations with a 400 and a reason', async () => {
    server = await startTestServer();
    expect(await call('/__control/configure', { faults: [{ action: 'nope' }] })).toMatchObject({
      status: 400,
      json: { error: { message: expect.stringMatching(/action/) } },
    });
    expect((await call('/__control/configure', { latencyMs: 'slow' })).status).toBe(400);
    expect((await call('/__control/configure', { respond: 'x' })).status).toBe(400);
    expect((await call('/__control/nothing')).status).toBe(404);
    // Control traffic is neither counted nor recorded.
    expect(server.stats.requests).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});
