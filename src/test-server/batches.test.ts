import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const line = (id: string, content: string, model = 'gpt-4-0314') =>
  JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content }] } });

async function submit(client: OpenAI, lines: string[]) {
  const file = await client.files.create({ file: await toFile(Buffer.from(`${lines.join('\n')}\n`), 'batch.jsonl'), purpose: 'batch' });
  return client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
}

describe('test server: Files and Batch API, through the openai SDK', () => {
  it('answers a batch after its delay with the same replies as chat completions, and counts submissions', async () => {
    server = await startTestServer({ batchDelayMs: 60_000 });
    const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    const batch = await submit(client, [line('a', 'hello'), line('b', 'bye')]);
    expect(batch).toMatchObject({ status: 'in_progress', request_counts: { total: 2, completed: 0, failed: 0 } });
    expect((await client.batches.retrieve(batch.id)).status).toBe('in_progress');

    server.configure({ batchDelayMs: 0 });
    const done = await client.batches.retrieve(batch.id);
    expect(done).toMatchObject({ status: 'completed', request_counts: { total: 2, completed: 2, failed: 0 }, error_file_id: null });
    const output = (await (await client.files.content(done.output_file_id!)).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const direct = await client.chat.completions.create({ model: 'gpt-4-0314', messages: [{ role: 'user', content: 'hello' }] });
    expect(output.map((o) => [o.custom_id, o.response.status_code])).toEqual([
      ['a', 200],
      ['b', 200],
    ]);
    expect(output[0].response.body.choices[0].message.content).toBe(direct.choices[0]!.message.content);
    expect(server.stats).toMatchObject({ batches: 1, files: 1, batchLines: 2 });
    const stats = await (await fetch(`http://127.0.0.1:${server.port}/__control/stats`)).json();
    expect(stats).toMatchObject({ batches: 1 });
  });

  it('fails a configured share of lines into the error file, the same ones for the same seed', async () => {
    const failedIds = async () => {
      server = await startTestServer({ batchFailRate: 0.3, seed: 5 });
      const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
      const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
      const batch = await client.batches.retrieve(
        (
          await submit(
            client,
            ids.map((id) => line(id, `q ${id}`)),
          )
        ).id,
      );
      const errors = (await (await client.files.content(batch.error_file_id!)).text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(batch.request_counts).toEqual({ total: 40, completed: 40 - errors.length, failed: errors.length });
      expect(errors[0]).toMatchObject({ response: { status_code: 500, body: { error: { type: 'server_error' } } }, error: null });
      await server.close();
      return errors.map((e) => e.custom_id as string);
    };
    const first = await failedIds();
    expect(first.length).toBeGreaterThan(4);
    expect(first.length).toBeLessThan(24);
    expect(await failedIds()).toEqual(first);
  });

  it('refuses what OpenAI refuses: another purpose, an unknown file or batch, another endpoint', async () => {
    server = await startTestServer();
    const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    await expect(client.files.create({ file: await toFile(Buffer.from('{}'), 'x.jsonl'), purpose: 'fine-tune' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      client.batches.create({ input_file_id: 'file-nope', endpoint: '/v1/chat/completions', completion_window: '24h' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(client.batches.retrieve('batch_nope')).rejects.toMatchObject({ status: 404 });
    const file = await client.files.create({ file: await toFile(Buffer.from(line('a', 'x')), 'b.jsonl'), purpose: 'batch' });
    await expect(
      client.batches.create({ input_file_id: file.id, endpoint: '/v1/embeddings', completion_window: '24h' }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
