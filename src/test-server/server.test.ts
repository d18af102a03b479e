import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.js';
import { waitFor } from '../commands/cli.test-helpers.js';
import type { TestServerOptions } from './types.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: TestServerOptions = {}): Promise<{ server: TestServer; client: OpenAI }> {
  server = await startTestServer(options);
  return { server, client: new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 }) };
}

const ask = (content: string) => [{ role: 'user' as const, content }];

describe('chat completions', () => {
  it('answers a full chat.completion with usage, n choices and recorded request', async () => {
    const { server, client } = await start();
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: ask('Name three colors.'), n: 2 });
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-4o',
      system_fingerprint: 'fp_test',
      choices: [
        { index: 0, message: { role: 'assistant' }, finish_reason: 'stop' },
        { index: 1, message: { role: 'assistant' }, finish_reason: 'stop' },
      ],
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.choices[0]!.message.content).toMatch(/^gpt-4o says: .*Name three colors\.$/);
    const usage = completion.usage!;
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(server.stats).toMatchObject({ requests: 1, completions: 1, byModel: { 'gpt-4o': 1 }, byStatus: { '200': 1 } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o', n: 2 } });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer test');
  });

  it('truncates to max_tokens / max_completion_tokens with finish_reason length', async () => {
    const { client } = await start({ script: [{ content: 'one two three four five six seven' }] });
    const cut = await client.chat.completions.create({ model: 'm', messages: ask('hi'), max_tokens: 3 });
    expect(cut.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'one two three' } });
    expect(cut.usage!.completion_tokens).toBe(3);
    const cut2 = await client.chat.completions.create({ model: 'm', messages: ask('hi'), max_completion_tokens: 2 });
    expect(cut2.choices[0]!.message.content).toBe('one two');
    const whole = await client.chat.completions.create({ model: 'm', messages: ask('hi'), max_tokens: 100 });
    expect(whole.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'one two three four five six seven' } });
  });

  it('gives the same reply to the same request and different replies to different models', async () => {
    const { client } = await start();
    const reply = async (model: string, content = 'Explain recursion briefly.', seed?: number) =>
      (await client.chat.completions.create({ model, messages: ask(content), ...(seed === undefined ? {} : { seed }) })).choices[0]!.message
        .content;
    expect(await reply('gpt-4-0314')).toBe(await reply('gpt-4-0314'));
    expect(await reply('gpt-4-0314')).not.toBe(await reply('gpt-4.1'));
    expect(await reply('gpt-4-0314', 'Something else.')).not.toBe(await reply('gpt-4-0314'));
    expect(await reply('gpt-4-0314', 'x', 3)).toBe(await reply('gpt-4-0314', 'x', 3));
    // Distinct samples of one request, for clients that want run-to-run noise: the x-sample header.
    const samples = new Set<string | null>();
    for (let sample = 0; sample < 6; sample++) {
      const completion = await client.chat.completions.create(
        { model: 'gpt-4-0314', messages: ask('Explain recursion briefly.') },
        { headers: { 'x-sample': String(sample) } },
      );
      samples.add(completion.choices[0]!.message.content);
    }
    expect(samples.size).toBeGreaterThan(1);
  });

  it('answers script rules by model and substring, first match wins, else the default', async () => {
    const { client } = await start({
      script: [
        { model: 'a', contains: 'weather', content: 'Sunny.' },
        { contains: 'weather', content: 'Rainy.', finish_reason: 'content_filter' },
      ],
    });
    const content = async (model: string, text: string) =>
      (await client.chat.completions.create({ model, messages: ask(text) })).choices[0]!;
    expect((await content('a', 'How is the weather?')).message.content).toBe('Sunny.');
    expect(await content('b', 'the weather?')).toMatchObject({ message: { content: 'Rainy.' }, finish_reason: 'content_filter' });
    expect((await content('a', 'Hello')).message.content).toMatch(/^a says: .*Hello$/);
  });

  it('calls respond per choice and lets it override usage', async () => {
    const { client } = await start({
      respond: (body, ctx) => (ctx.index === 0 ? `first for ${body.model}` : { content: 'second', usage: { prompt_tokens: 7 } }),
    });
    const completion = await client.chat.completions.create({ model: 'x', messages: ask('q'), n: 2 });
    expect(completion.choices.map((c) => c.message.content)).toEqual(['first for x', 'second']);
    expect(completion.usage!.prompt_tokens).toBe(7);
  });

  it('streams when asked, in the SDK-readable SSE format', async () => {
    const { client } = await start({ script: [{ content: 'streamed reply' }] });
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: ask('q'),
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('streamed reply');
    expect(usage).toMatchObject({ completion_tokens: 2 });
  });
});

describe('request validation', () => {
  it('answers 400 in OpenAI shape for bad bodies', async () => {
    const { server } = await start();
    const post = async (body: unknown) => {
      const res = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { error: Record<string, unknown> } };
    };
    expect(await post({ messages: ask('x') })).toEqual({
      status: 400,
      body: { error: { message: 'you must provide a model parameter', type: 'invalid_request_error', param: null, code: null } },
    });
    expect((await post({ model: 'm' })).body.error).toMatchObject({ param: 'messages', code: 'missing_required_parameter' });
    expect((await post({ model: 'm', messages: [] })).body.error).toMatchObject({ param: 'messages', code: 'empty_array' });
    expect((await post({ model: 'm', messages: [{ content: 'x' }] })).body.error).toMatchObject({ param: 'messages[0].role' });
    expect((await post({ model: 'm', messages: [{ role: 'user' }] })).body.error).toMatchObject({ param: 'messages[0].content' });
    expect((await post({ model: 'm', messages: [{ role: 'bot', content: 'x' }] })).body.error).toMatchObject({ code: 'invalid_value' });
    expect((await post({ model: 'm', messages: ask('x'), n: 0 })).body.error).toMatchObject({ param: 'n' });
    const bad = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{"model": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/could not parse the JSON body/);
    expect(server.stats.byStatus).toEqual({ '400': 8 });
    expect(server.stats.completions).toBe(0);
  });

  it('rejects params per model like OpenAI reasoning models', async () => {
    const { client } = await start({ rejectParams: { o1: ['max_tokens', 'temperature', 'logprobs'] } });
    const err = await client.chat.completions.create({ model: 'o1', messages: ask('x'), max_tokens: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.error).toEqual({
      message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      type: 'invalid_request_error',
      param: 'max_tokens',
      code: 'unsupported_parameter',
    });
    const temp = await client.chat.completions.create({ model: 'o1', messages: ask('x'), temperature: 0 }).catch((x: unknown) => x);
    expect((temp as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
      message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.",
      param: 'temperature',
      code: 'unsupported_value',
    });
    // Other models, and o1 without the rejected params, are fine.
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: ask('x'), max_tokens: 5 })).resolves.toBeDefined();
    await expect(client.chat.completions.create({ model: 'o1', messages: ask('x'), max_completion_tokens: 5 })).resolves.toBeDefined();
  });
});

describe('other endpoints and stats', () => {
  it('lists fixed and seen models, answers unknown paths with an OpenAI 404', async () => {
    const { server, client } = await start();
    await client.chat.completions.create({ model: 'my-model', messages: ask('x') });
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['gpt-4-0314', 'my-model']));
    expect((await client.models.retrieve('my-model')).id).toBe('my-model');
    const res = await fetch(`${server.url}/completions`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { message: 'Invalid URL (POST /v1/completions)', type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('sees 10 concurrent requests in flight with latency, per model too, and drains to 0', async () => {
    const { server, client } = await start({ latencyMs: 400, latencyByModel: { fast: 0 } });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.chat.completions.create({ model: i < 6 ? 'a' : 'b', messages: ask(`q${i}`) })),
    );
    // All ten were in flight at once: concurrent, not serialised.
    expect(server.stats).toMatchObject({ inFlight: 0, maxInFlight: 10, maxInFlightByModel: { a: 6, b: 4 }, completions: 10 });
    // A model with its own latency of 0 is answered while a default-latency request is still in flight.
    const slow = client.chat.completions.create({ model: 'a', messages: ask('slow') });
    await waitFor(() => server.stats.inFlight === 1);
    await client.chat.completions.create({ model: 'fast', messages: ask('q') });
    expect(server.stats.inFlight).toBe(1);
    await slow;
    server.resetStats();
    expect(server.stats).toMatchObject({ requests: 0, completions: 0, maxInFlight: 0, byModel: {}, byStatus: {} });
  });

  it('does not record requests when recording is off', async () => {
    const { server, client } = await start({ recordRequests: false });
    await client.chat.completions.create({ model: 'm', messages: ask('x') });
    expect(server.requests).toHaveLength(0);
    expect(server.stats.completions).toBe(1);
  });
});
