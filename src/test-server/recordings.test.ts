import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusDir, corpusMissing, corpusNote, readCorpus } from '../corpus.test-helpers.js';
import { runMain } from './run-main.js';
import { startTestServer, type TestServer } from './server.js';
import type { TestServerOptions } from './types.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: TestServerOptions = {}): Promise<OpenAI> {
  server = await startTestServer(options);
  return new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
}

const SYSTEM = { role: 'system' as const, content: 'You are a helpful assistant.' };
const ask = (content: string) => [SYSTEM, { role: 'user' as const, content }];
const RECORDINGS = [
  { model: 'gpt-4-0314', messages: ask('Name a colour.'), outputs: ['Blue.', 'Red, perhaps.'] },
  { model: 'gpt-4-0613', messages: ask('Name a colour.'), outputs: ['Green.'] },
];
const text = (completion: OpenAI.Chat.Completions.ChatCompletion) => completion.choices.map((c) => c.message.content);

describe('answers from recordings', () => {
  it('serves the recorded samples of (model, messages) in turn, n of them per request', async () => {
    const client = await start({ recordings: RECORDINGS });
    const once = () => client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Name a colour.') });
    expect(text(await once())).toEqual(['Blue.']);
    expect(text(await once())).toEqual(['Red, perhaps.']);
    expect(text(await once())).toEqual(['Blue.']);
    // n = 2 takes the next two in turn.
    expect(text(await client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Name a colour.'), n: 2 }))).toEqual([
      'Red, perhaps.',
      'Blue.',
    ]);
    // Messages match on role and trimmed text.
    const spaced = [SYSTEM, { role: 'user' as const, content: '  Name a colour.\n' }];
    expect(text(await client.chat.completions.create({ model: 'gpt-4-0613', messages: spaced }))).toEqual(['Green.']);
  });

  it('picks a fixed sample for a seed or an x-sample header', async () => {
    const client = await start({ recordings: RECORDINGS });
    const seeded = () => client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Name a colour.'), seed: 1 });
    expect(text(await seeded())).toEqual(['Red, perhaps.']);
    expect(text(await seeded())).toEqual(['Red, perhaps.']);
    const header = await client.chat.completions.create(
      { model: 'gpt-4-0314', messages: ask('Name a colour.') },
      { headers: { 'x-sample': '2' } },
    );
    expect(text(header)).toEqual(['Blue.']);
  });

  it("answers one model's requests from another's recordings, reporting the model and fingerprint it is told to", async () => {
    const client = await start({
      recordings: RECORDINGS,
      serveAs: { 'gpt-4-0314': 'gpt-4-0613' },
      systemFingerprint: { 'gpt-4-0314': 'fp_aggregator1' },
    });
    const completion = await client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Name a colour.') });
    expect(completion).toMatchObject({
      model: 'gpt-4-0314',
      system_fingerprint: 'fp_aggregator1',
      choices: [{ message: { content: 'Green.' }, finish_reason: 'stop' }],
    });
    server!.configure({ responseModel: { 'gpt-4-0314': 'gpt-4-0613-served' }, systemFingerprint: { 'gpt-4-0314': null } });
    const renamed = await client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Name a colour.'), stream: true });
    const chunks = [];
    for await (const chunk of renamed) chunks.push(chunk);
    expect(chunks[0]).toMatchObject({ model: 'gpt-4-0613-served', system_fingerprint: null });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Green.');
  });

  it('refuses unrecorded messages of a recorded model with a 400, and leaves other models to the other rules', async () => {
    const client = await start({ recordings: RECORDINGS, script: [{ model: 'gpt-4o', content: 'scripted' }] });
    const err = await client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Something else.') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({
      code: 'no_recording',
      param: 'messages',
      message: 'test server: no recording of gpt-4-0314 for these messages',
    });
    expect(text(await client.chat.completions.create({ model: 'gpt-4o', messages: ask('Name a colour.') }))).toEqual(['scripted']);
    expect(text(await client.chat.completions.create({ model: 'other', messages: ask('Name a colour.') }))[0]).toMatch(/^other says: /);
  });

  it('is set over the control API, from a file of OpenAI log rows, and refuses a malformed list', async () => {
    const client = await start();
    const dir = mkdtempSync(join(tmpdir(), 'pinned-recordings-'));
    const file = join(dir, 'log.jsonl');
    const row = (content: string) =>
      JSON.stringify({ request: { model: 'gpt-4-0314', messages: ask('Hi') }, response: { choices: [{ message: { content } }] } });
    writeFileSync(file, `${row('Hello!')}\n${row('Hi there.')}\n`);
    const control = (body: unknown) =>
      fetch(`http://127.0.0.1:${server!.port}/__control/configure`, { method: 'POST', body: JSON.stringify(body) });
    expect((await control({ recordingsFile: file, systemFingerprint: { 'gpt-4-0314': 'fp_x' } })).status).toBe(200);
    const first = await client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Hi') });
    const second = await client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Hi') });
    expect([...text(first), ...text(second)]).toEqual(['Hello!', 'Hi there.']);
    expect(first.system_fingerprint).toBe('fp_x');
    expect((await control({ recordings: [{ model: 'm', outputs: ['x'] }] })).status).toBe(400);
    expect((await control({ serveAs: { a: 1 } })).status).toBe(400);
  });

  it('answers Batch API lines from recordings too', async () => {
    const client = await start({ recordings: RECORDINGS });
    const line = (id: string, content: string) =>
      JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4-0314', messages: ask(content) } });
    const file = await client.files.create({
      file: await toFile(Buffer.from(`${line('a', 'Name a colour.')}\n${line('b', 'Unrecorded.')}\n`), 'b.jsonl'),
      purpose: 'batch',
    });
    const batch = await client.batches.retrieve(
      (await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' })).id,
    );
    expect(batch.request_counts).toMatchObject({ completed: 1, failed: 1 });
    const output = JSON.parse((await (await client.files.content(batch.output_file_id!)).text()).trim());
    expect(output.response.body.choices[0].message.content).toBe('Blue.');
    const error = JSON.parse((await (await client.files.content(batch.error_file_id!)).text()).trim());
    expect(error.response).toMatchObject({ status_code: 400, body: { error: { code: 'no_recording' } } });
  });

  it('takes --recordings and --serve-as on the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinned-recordings-'));
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ messages: ask('Q'), outputs: { 'gpt-4-0314': 'A1', 'gpt-4o-2024-05-13': 'B' }, outputs_alt: { 'gpt-4-0314': 'A2' } })}\n`,
    );
    server = await runMain(['--recordings', file, '--serve-as', 'gpt-4-0314=gpt-4o-2024-05-13'], {
      write: () => {},
      signals: new EventEmitter(),
    });
    const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    expect(text(await client.chat.completions.create({ model: 'gpt-4-0314', messages: ask('Q') }))).toEqual(['B']);
    await expect(runMain(['--serve-as', 'gpt-4-0314'], { write: () => {}, signals: new EventEmitter() })).rejects.toThrow(
      /--serve-as expects NAME=RECORDED/,
    );
  });
});

describe.skipIf(corpusMissing)(`alpaca_eval served per model${corpusNote}`, () => {
  it("serves gpt-4-0314's two independent samples in turn, and gpt-4-0613's outputs under the name gpt-4-0314", async () => {
    const [row] = readCorpus<{
      messages: { role: 'system' | 'user'; content: string }[];
      outputs: Record<string, string>;
      outputs_alt: Record<string, string>;
    }>('alpaca_eval.jsonl');
    const client = await start({ recordingsFile: join(corpusDir!, 'alpaca_eval.jsonl'), recordRequests: false });
    const genuine = async () =>
      text(await client.chat.completions.create({ model: 'gpt-4-0314', messages: row!.messages, temperature: 0.7 }))[0];
    expect(await genuine()).toBe(row!.outputs['gpt-4-0314']);
    expect(await genuine()).toBe(row!.outputs_alt['gpt-4-0314']);
    server!.configure({ serveAs: { 'gpt-4-0314': 'gpt-4-0613' } });
    const substituted = await client.chat.completions.create({ model: 'gpt-4-0314', messages: row!.messages });
    expect(substituted).toMatchObject({ model: 'gpt-4-0314', system_fingerprint: 'fp_test' });
    expect(text(substituted)[0]).toBe(row!.outputs['gpt-4-0613']);
  });
});
