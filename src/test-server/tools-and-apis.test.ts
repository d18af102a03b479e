import OpenAI, { AzureOpenAI } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.js';
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

const tools = [
  {
    type: 'function' as const,
    function: {
      name: 'get_order',
      parameters: { type: 'object', properties: { order_id: { type: 'string' }, verbose: { type: 'boolean' } }, required: ['order_id'] },
    },
  },
  { type: 'function' as const, function: { name: 'refund', parameters: { type: 'object', properties: { amount: { type: 'number' } } } } },
];

describe('tool calls, deterministic from the request (through the OpenAI SDK)', () => {
  it('calls the tool the message names, arguments read from it, the same call for the same request', async () => {
    const { client } = await start();
    const ask = () =>
      client.chat.completions.create({
        model: 'm',
        tools,
        messages: [{ role: 'user', content: 'Please get_order order_id: A-1, verbose=true.' }],
      });
    const [first, second] = [await ask(), await ask()];
    expect(first.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        content: null,
        tool_calls: [{ type: 'function', function: { name: 'get_order', arguments: '{"order_id":"A-1","verbose":true}' } }],
      },
    });
    expect(second.choices[0]!.message.tool_calls).toEqual(first.choices[0]!.message.tool_calls);
    // tool_choice: the named function, or required; none and a message naming no tool: text.
    const named = await client.chat.completions.create({
      model: 'm',
      tools,
      tool_choice: { type: 'function', function: { name: 'refund' } },
      messages: [{ role: 'user', content: 'amount=12.5' }],
    });
    expect(named.choices[0]!.message.tool_calls![0]).toMatchObject({ function: { name: 'refund', arguments: '{"amount":12.5}' } });
    const none = await client.chat.completions.create({
      model: 'm',
      tools,
      tool_choice: 'none',
      messages: [{ role: 'user', content: 'get_order' }],
    });
    expect(none.choices[0]!.message.tool_calls).toBeUndefined();
  });

  it('answers a tool result with text echoing it; script rules call what a test needs, invalid JSON too', async () => {
    const { client } = await start({ script: [{ model: 'bad', tool_calls: [{ name: 'get_order', arguments: '{"order_id": ' }] }] });
    const after = await client.chat.completions.create({
      model: 'm',
      tools,
      messages: [
        { role: 'user', content: 'get_order order_id=A-1' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_order', arguments: '{"order_id":"A-1"}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"status":"shipped"}' },
      ],
    });
    expect(after.choices[0]!.message.content).toMatch(/^m says: .*the tool answered \{"status":"shipped"\}$/);
    const bad = await client.chat.completions.create({ model: 'bad', tools, messages: [{ role: 'user', content: 'hi' }] });
    expect(bad.choices[0]!.message.tool_calls![0]).toMatchObject({ function: { arguments: '{"order_id": ' } });
  });

  it('refuses conversations the API would: an unanswered call, a tool message answering nothing, a bad content part', async () => {
    const { client } = await start();
    const unanswered = client.chat.completions.create({
      model: 'm',
      messages: [
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'user', content: 'hi' },
      ],
    });
    await expect(unanswered).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/did not have response messages: c1/) });
    const orphan = client.chat.completions.create({ model: 'm', messages: [{ role: 'tool', tool_call_id: 'c9', content: 'x' }] });
    await expect(orphan).rejects.toMatchObject({ status: 400 });
    const parts = client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x' } }] }],
    });
    await expect(parts).rejects.toMatchObject({ status: 400, code: 'invalid_image_url' });
    const ok = await client.chat.completions.create({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    expect(ok.choices[0]!.message.content).toMatch(/What is this\?$/);
  });
});

describe('the Responses API', () => {
  it('answers input items with output items and input/output usage, and rejects Chat Completions params', async () => {
    const { client } = await start();
    const response = await client.responses.create({
      model: 'gpt-5-codex',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'get_order order_id=A-3' }] }],
      tools: [{ type: 'function', name: 'get_order', parameters: tools[0]!.function.parameters, strict: false }],
      max_output_tokens: 50,
    });
    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      output: [{ type: 'function_call', name: 'get_order', arguments: '{"order_id":"A-3"}' }],
      usage: { output_tokens_details: { reasoning_tokens: 0 } },
    });
    const text = await client.responses.create({ model: 'm', input: 'Say something long.', max_output_tokens: 2 });
    expect(text).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(text.output_text.length).toBeGreaterThan(0);
    await expect(client.responses.create({ model: 'm', input: 'hi', max_tokens: 5 } as never)).rejects.toMatchObject({
      status: 400,
      code: 'unsupported_parameter',
      param: 'max_tokens',
    });
  });
});

describe('Azure OpenAI', () => {
  it('answers a deployment through the SDK’s Azure client, with api-version and the api-key header', async () => {
    server = await startTestServer({});
    const azure = new AzureOpenAI({
      apiKey: 'azure-key',
      baseURL: `http://127.0.0.1:${server.port}/openai`,
      deployment: 'gpt4-prod',
      apiVersion: '2024-10-21',
      maxRetries: 0,
    });
    const completion = await azure.chat.completions.create({ model: 'gpt4-prod', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toMatch(/^gpt4-prod says:/);
    expect(server.requests[0]).toMatchObject({ path: '/openai/deployments/gpt4-prod/chat/completions', query: 'api-version=2024-10-21' });
    expect(server.requests[0]!.headers['api-key']).toBe('azure-key');
    const v1 = new OpenAI({ apiKey: 'k', baseURL: `http://127.0.0.1:${server.port}/openai/v1`, maxRetries: 0 });
    expect((await v1.responses.create({ model: 'dep', input: 'hi' })).status).toBe('completed');
  });
});
