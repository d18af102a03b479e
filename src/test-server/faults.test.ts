import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.js';
import { type FaultRule } from './types.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(faults: FaultRule[], seed?: number): Promise<{ server: TestServer; client: OpenAI }> {
  server = await startTestServer({ faults, ...(seed === undefined ? {} : { seed }) });
  return { server, client: new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 }) };
}

const ask = (model = 'm') => ({ model, messages: [{ role: 'user' as const, content: 'hi' }] });

/** 'ok', or the status / error class name the client saw. */
async function outcome(client: OpenAI, model = 'm'): Promise<string> {
  try {
    await client.chat.completions.create(ask(model));
    return 'ok';
  } catch (err) {
    return err instanceof OpenAI.APIError && err.status !== undefined ? String(err.status) : (err as Error).constructor.name;
  }
}

describe('faults', () => {
  it('answers 429 with Retry-After headers and an OpenAI error body the SDK exposes', async () => {
    const { server, client } = await start([{ action: 'status', status: 429, retryAfter: 2, retryAfterMs: 1500, model: 'm' }]);
    const err = await client.chat.completions.create(ask()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    const e = err as InstanceType<typeof OpenAI.RateLimitError>;
    expect(e.status).toBe(429);
    expect(e.headers.get('retry-after')).toBe('2');
    expect(e.headers.get('retry-after-ms')).toBe('1500');
    expect(e.code).toBe('rate_limit_exceeded');
    expect(e.type).toBe('requests');
    expect(e.requestID).toMatch(/^req_/);
    // The model filter leaves other models alone.
    expect(await outcome(client, 'other')).toBe('ok');
    expect(server.stats.byStatus).toEqual({ '429': 1, '200': 1 });
    expect(server.stats.completions).toBe(1);
  });

  it('uses message and code from the rule and stops after `times`', async () => {
    const { client } = await start([{ action: 'status', status: 503, times: 2, message: 'overloaded', code: 'busy' }]);
    const err = (await client.chat.completions.create(ask()).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.error).toEqual({ message: 'overloaded', type: 'server_error', param: null, code: 'busy' });
    expect([await outcome(client), await outcome(client), await outcome(client)]).toEqual(['503', 'ok', 'ok']);
  });

  it('tries rules in order and falls through used-up ones', async () => {
    const { client } = await start([
      { action: 'status', status: 500, times: 1 },
      { action: 'status', status: 429, times: 1 },
    ]);
    expect([await outcome(client), await outcome(client), await outcome(client)]).toEqual(['500', '429', 'ok']);
  });

  it('hits a `rate` share of requests, the same ones for the same seed', async () => {
    const pattern = async (seed: number) => {
      const { client } = await start([{ action: 'status', status: 500, rate: 0.3 }], seed);
      const seen = [];
      for (let i = 0; i < 40; i++) seen.push((await outcome(client)) === 'ok' ? '.' : 'x');
      await server!.close();
      return seen.join('');
    };
    const first = await pattern(7);
    expect(await pattern(7)).toBe(first);
    expect(await pattern(8)).not.toBe(first);
    const hits = first.split('x').length - 1;
    expect(hits).toBeGreaterThan(4);
    expect(hits).toBeLessThan(24);
  });

  it('hangs until the client times out, and close() still returns promptly', async () => {
    const { server, client } = await start([{ action: 'hang' }]);
    const err = await client.chat.completions.create(ask(), { timeout: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await waitFor(() => server.stats.inFlight === 0);
    // A second hanging request is still open when the server closes.
    const pending = client.chat.completions.create(ask()).catch((e: unknown) => e);
    await waitFor(() => server.stats.inFlight === 1);
    // The request hangs forever: a close() that waited for it would never return.
    await server.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(server.stats.inFlight).toBe(0);
  });

  it('sends a truncated JSON body with status 200 for malformed', async () => {
    const { server, client } = await start([{ action: 'malformed' }]);
    const res = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: JSON.stringify(ask()) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    await expect(client.chat.completions.create(ask())).rejects.toThrow();
    expect(server.stats.completions).toBe(0);
  });

  it('resets the connection without answering', async () => {
    const { server, client } = await start([{ action: 'reset', times: 1 }]);
    expect(await outcome(client)).toBe('APIConnectionError');
    expect(await outcome(client)).toBe('ok');
    await waitFor(() => server.stats.inFlight === 0);
    expect(server.stats.byStatus).toEqual({ '200': 1 });
  });

  it('targets other paths when asked, e.g. embeddings', async () => {
    const { client } = await start([{ action: 'status', status: 500, path: '/v1/embeddings' }]);
    expect(await outcome(client)).toBe('ok');
    await expect(client.embeddings.create({ model: 'e', input: 'x' })).rejects.toMatchObject({ status: 500 });
  });

  it('rejects invalid rules up front', async () => {
    await expect(startTestServer({ faults: [{ action: 'explode' as 'hang' }] })).rejects.toThrow(/action/);
    await expect(startTestServer({ faults: [{ action: 'status', rate: 2 }] })).rejects.toThrow(/rate/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
