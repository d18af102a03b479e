import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { type TestServerOptions } from '../test-server/types.js';
import { retryAfterFromHeaders } from './chat-errors.js';
import { createChatSender } from './chat-sender.js';
import { chatJob, endpointTarget } from './execute.test-helpers.js';
import type { EndpointTarget } from '../suite/types.js';
import type { AttemptResult } from './types.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sendOne(
  options: TestServerOptions,
  target: Partial<EndpointTarget> = {},
  extra: Record<string, unknown> = {},
  apiKey?: string,
) {
  server = await startTestServer(options);
  const sender = await createChatSender(endpointTarget(server.url, target), apiKey);
  const job = chatJob('refund-window', 'gpt-4.1', extra);
  const result = await sender.send(job, new AbortController().signal);
  return { server, job, result };
}

function failure(result: AttemptResult) {
  if (result.ok) throw new Error(`expected a failure, got success: ${result.output}`);
  return result;
}

describe('createChatSender', () => {
  it('maps a completion to output, finish reason, model, fingerprint and usage', async () => {
    const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };
    const { result } = await sendOne({ respond: () => ({ content: 'Refunds within 30 days.', finish_reason: 'stop', usage }) });
    expect(result).toMatchObject({
      ok: true,
      output: 'Refunds within 30 days.',
      finishReason: 'stop',
      model: 'gpt-4.1',
      systemFingerprint: 'fp_test',
      source: 'api',
    });
    if (!result.ok) return;
    expect(result.usage).toMatchObject({ promptTokens: 12, completionTokens: 5, totalTokens: 17 });
    expect(result.usage!.raw).toMatchObject({ ...usage, prompt_tokens_details: { cached_tokens: 0 } });
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('sends the body exactly as given, with headers, organization, project and key', async () => {
    const extra = { temperature: 0, seed: 7, max_tokens: 50, response_format: { type: 'text' }, logit_bias: { '50256': -100 } };
    const target = { headers: { 'x-team': 'evals' }, organization: 'org-pinned', project: 'proj-migration' };
    const { server, job } = await sendOne({}, target, extra, 'sk-test-secret');
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.body).toEqual(job.request.kind === 'chat' ? job.request.body : undefined);
    expect(Object.keys(request.body)).toEqual(Object.keys(job.request.kind === 'chat' ? job.request.body : {}));
    expect(request.headers).toMatchObject({
      authorization: 'Bearer sk-test-secret',
      'x-team': 'evals',
      'openai-organization': 'org-pinned',
      'openai-project': 'proj-migration',
    });
  });

  it('sends a placeholder key and no organization when the target has none', async () => {
    const previous = process.env['OPENAI_ORG_ID'];
    process.env['OPENAI_ORG_ID'] = 'org-from-env';
    try {
      const { server } = await sendOne({});
      expect(server.requests[0]!.headers['authorization']).toBe('Bearer no-key');
      expect(server.requests[0]!.headers['openai-organization']).toBeUndefined();
    } finally {
      if (previous === undefined) delete process.env['OPENAI_ORG_ID'];
      else process.env['OPENAI_ORG_ID'] = previous;
    }
  });

  it.each([
    [400, 'temperature is not supported with this model', 'unsupported_value'],
    [401, 'Incorrect API key provided', 'invalid_api_key'],
    [404, 'The model `gpt-4.1` does not exist', 'model_not_found'],
  ])('keeps the provider message of a %i and does not retry it', async (status, text, code) => {
    const custom = status === 400 ? { message: text, code } : {};
    const { result } = await sendOne({ faults: [{ action: 'status', status, ...custom }] });
    const failed = failure(result);
    expect(failed).toMatchObject({ kind: 'http', status, code, retryable: false });
    expect(failed.message).toContain(text);
    expect(failed.message).not.toMatch(/^\d{3} /);
  });

  it('never puts the API key in a message, even when the provider echoes it', async () => {
    const key = 'sk-live-abcdef123456';
    const { result } = await sendOne(
      { faults: [{ action: 'status', status: 401, message: `Incorrect API key provided: ${key}.` }] },
      {},
      {},
      key,
    );
    const failed = failure(result);
    expect(failed.message).not.toContain(key);
    expect(failed.message).toContain('[redacted]');
  });

  it('marks 429 retryable with the Retry-After of the provider', async () => {
    const { result } = await sendOne({ faults: [{ action: 'status', status: 429, retryAfter: 2 }] });
    expect(failure(result)).toMatchObject({ kind: 'http', status: 429, code: 'rate_limit_exceeded', retryable: true, retryAfterMs: 2000 });
  });

  it('prefers retry-after-ms to Retry-After', async () => {
    const { result } = await sendOne({ faults: [{ action: 'status', status: 429, retryAfter: 2, retryAfterMs: 750 }] });
    expect(failure(result)).toMatchObject({ retryAfterMs: 750 });
  });

  it.each([408, 409, 500, 502, 503])('marks %i retryable', async (status) => {
    const { result } = await sendOne({ faults: [{ action: 'status', status }] });
    expect(failure(result)).toMatchObject({ kind: 'http', status, retryable: true });
  });

  it('turns a hanging request into a retryable timeout', async () => {
    const { result } = await sendOne({ faults: [{ action: 'hang' }] }, { timeoutMs: 150 });
    const failed = failure(result);
    expect(failed).toMatchObject({ kind: 'timeout', retryable: true });
    // The hang never ends: the latency recorded is the attempt's, cut by the timeout.
    expect(failed.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it('turns a 200 with a cut-off body into a retryable malformed failure', async () => {
    const { result } = await sendOne({ faults: [{ action: 'malformed' }] });
    expect(failure(result)).toMatchObject({ kind: 'malformed', retryable: true });
  });

  it.each([
    ['an object', { nested: 1 }, /choices\[0\]\.message\.content is an object, not text or null/],
    ['an array', [{ type: 'text', text: 'Refunds within 30 days.' }], /choices\[0\]\.message\.content is an array, not text or null/],
    ['a number', 42, /choices\[0\]\.message\.content is a number, not text or null/],
  ])('turns a 200 whose content is %s into a retryable malformed failure, not an empty output', async (_, content, message) => {
    const body = { id: 'x', object: 'chat.completion', model: 'gpt-4.1', choices: [{ index: 0, message: { role: 'assistant', content } }] };
    const { result } = await sendOne({ faults: [{ action: 'body', body }] });
    const failed = failure(result);
    expect(failed).toMatchObject({ kind: 'malformed', retryable: true });
    expect(failed.message).toMatch(message);
  });

  it('takes null content with a refusal as the refusal, and null content alone as an empty output', async () => {
    const answer = (message: object) => ({ id: 'x', object: 'chat.completion', model: 'm', choices: [{ index: 0, message }] });
    const refused = await sendOne({ faults: [{ action: 'body', body: answer({ role: 'assistant', content: null, refusal: 'No.' }) }] });
    expect(refused.result).toMatchObject({ ok: true, output: 'No.' });
    await server?.close();
    const empty = await sendOne({ faults: [{ action: 'body', body: answer({ role: 'assistant', content: null }) }] });
    expect(empty.result).toMatchObject({ ok: true, output: '' });
    await server?.close();
    const badRefusal = await sendOne({
      faults: [{ action: 'body', body: answer({ role: 'assistant', content: null, refusal: { no: 1 } }) }],
    });
    expect(failure(badRefusal.result).message).toMatch(/choices\[0\]\.message\.refusal is an object/);
  });

  it('keeps tool calls as calls, in order, arguments as written; the legacy function_call too', async () => {
    const answer = (message: object) => ({ id: 'x', object: 'chat.completion', model: 'm', choices: [{ index: 0, message }] });
    const call = (id: string, name: string, args: string) => ({ id, type: 'function', function: { name, arguments: args } });
    const calls = await sendOne({
      faults: [
        {
          action: 'body',
          body: answer({
            role: 'assistant',
            content: null,
            tool_calls: [call('c1', 'get_order', '{"id": 1}'), call('c2', 'get_customer', '{"id": ')],
          }),
        },
      ],
    });
    expect(calls.result).toMatchObject({
      ok: true,
      output: '',
      toolCalls: [
        { id: 'c1', name: 'get_order', arguments: '{"id": 1}' },
        { id: 'c2', name: 'get_customer', arguments: '{"id": ' },
      ],
    });
    await server?.close();
    const legacy = await sendOne({
      faults: [{ action: 'body', body: answer({ role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{}' } }) }],
    });
    expect(legacy.result).toMatchObject({ ok: true, toolCalls: [{ id: null, name: 'lookup', arguments: '{}' }] });
    await server?.close();
    const broken = await sendOne({
      faults: [{ action: 'body', body: answer({ role: 'assistant', content: null, tool_calls: [{ id: 'c1' }] }) }],
    });
    expect(failure(broken.result).message).toMatch(/choices\[0\]\.message\.tool_calls\[0\]\.function is missing, not a function call/);
  });

  it('asks for the tools the server offers and gets the call it makes from the request', async () => {
    const tools = [
      { type: 'function', function: { name: 'get_order', parameters: { type: 'object', properties: { order_id: { type: 'integer' } } } } },
    ];
    server = await startTestServer({});
    const sender = await createChatSender(endpointTarget(server.url, {}), undefined);
    const job = chatJob('c', 'gpt-4.1', { tools });
    const body = job.request.kind === 'chat' ? job.request.body : undefined;
    body!.messages = [{ role: 'user', content: 'Please get_order order_id=42.' }];
    const result = await sender.send(job, new AbortController().signal);
    expect(result).toMatchObject({
      ok: true,
      finishReason: 'tool_calls',
      toolCalls: [{ name: 'get_order', arguments: '{"order_id":42}' }],
    });
  });

  it('turns a reset connection into a retryable connection failure', async () => {
    const { result } = await sendOne({ faults: [{ action: 'reset' }] });
    const failed = failure(result);
    expect(failed).toMatchObject({ kind: 'connection', retryable: true });
    expect(failed.message).toMatch(/^connection (reset|failed)/);
  });

  it('turns a refused connection into a retryable connection failure', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close();
    const sender = await createChatSender(endpointTarget(url), undefined);
    const failed = failure(await sender.send(chatJob('c', 'gpt-4.1'), new AbortController().signal));
    expect(failed).toMatchObject({ kind: 'connection', retryable: true });
    expect(failed.message).toMatch(/^connection refused/);
  });

  it('reports an aborted attempt as aborted, not retryable', async () => {
    server = await startTestServer({ faults: [{ action: 'hang' }] });
    const sender = await createChatSender(endpointTarget(server.url), undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const failed = failure(await sender.send(chatJob('c', 'gpt-4.1'), controller.signal));
    expect(failed).toMatchObject({ kind: 'aborted', retryable: false });
  });
});

describe('retryAfterFromHeaders', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '120', 'retry-after': '3' }))).toBe(120);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = retryAfterFromHeaders(new Headers({ 'retry-after': inTenSeconds }))!;
    expect(fromDate).toBeGreaterThan(8000);
    expect(fromDate).toBeLessThanOrEqual(10_000);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }))).toBe(0);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
  });
});
