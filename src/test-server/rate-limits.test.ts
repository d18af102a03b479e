import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chat = (model: string, content = 'hello there') =>
  fetch(`${server!.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model, messages: [{ role: 'user', content }] }) });

describe('rate limits', () => {
  it('admits ceil(rpm/60) requests per 1-second window, then answers 429 with Retry-After and x-ratelimit headers', async () => {
    server = await startTestServer();
    const configured = await fetch(`http://127.0.0.1:${server.port}/__control/configure`, {
      method: 'POST',
      body: JSON.stringify({ rateLimits: { limited: { rpm: 120, headers: true } } }),
    });
    expect(configured.status).toBe(200);
    const first = await chat('limited');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+ms|1s)$/);
    expect((await chat('limited')).status).toBe(200);
    const third = await chat('limited');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after-ms'))).toBeGreaterThan(0);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(third.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(((await third.json()) as { error: { code: string; type: string } }).error).toMatchObject({
      code: 'rate_limit_exceeded',
      type: 'requests',
    });
    // Other models are not limited, and the answered requests carry the tokens they were charged.
    expect((await chat('free')).status).toBe(200);
    expect(server.requests.filter((r) => r.body.model === 'limited').map((r) => r.tokens !== undefined)).toEqual([true, true, false]);
  });

  it('charges tokens per window and refuses a request that does not fit', async () => {
    server = await startTestServer({ rateLimits: { t: { tpm: 1800, headers: true } } }); // 30 tokens a second
    const first = await chat('t', 'one two three four five');
    expect(first.status).toBe(200);
    const charged = server.requests[0]!.tokens!;
    expect(charged).toBeGreaterThan(10);
    expect(Number(first.headers.get('x-ratelimit-remaining-tokens'))).toBe(30 - charged);
    const second = await chat('t', 'one two three four five');
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { type: string } }).error.type).toBe('tokens');
  });

  it('refuses bad rules', () => {
    expect(() => server?.configure({})).not.toThrow();
    return expect(startTestServer({ rateLimits: { m: { rpm: -1 } } })).rejects.toThrow(/rateLimits/);
  });
});
