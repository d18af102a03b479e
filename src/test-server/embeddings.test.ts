import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DIMENSIONS, embedText } from './embeddings.js';
import { startTestServer, type TestServer } from './server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot; // both are unit vectors
};

describe('embeddings', () => {
  it('gives deterministic unit vectors where similar texts are closer than unrelated ones', () => {
    const a = embedText('The cat sat on the mat.');
    const b = embedText('the cat is sitting on the mat');
    const c = embedText('Quarterly revenue grew by eight percent in Europe.');
    expect(a).toHaveLength(DEFAULT_DIMENSIONS);
    expect(cosine(a, a)).toBeCloseTo(1, 5);
    expect(embedText('The cat sat on the mat.')).toEqual(a);
    expect(cosine(a, b)).toBeGreaterThan(0.6);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c) + 0.3);
    expect(cosine(embedText(''), embedText(''))).toBeCloseTo(1, 5);
  });

  it('answers the SDK (base64 by default) and plain float requests in OpenAI shape', async () => {
    server = await startTestServer();
    const client = new OpenAI({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['The cat sat on the mat.', 'the cat is sitting on the mat', 'Quarterly revenue grew by eight percent.'],
    });
    expect(res).toMatchObject({ object: 'list', model: 'text-embedding-3-small', usage: { prompt_tokens: 21, total_tokens: 21 } });
    const [a, b, c] = res.data.map((d) => d.embedding);
    expect(res.data.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(a).toHaveLength(DEFAULT_DIMENSIONS);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!));

    const plain = await client.embeddings.create({
      model: 'e',
      input: 'The cat sat on the mat.',
      encoding_format: 'float',
      dimensions: 16,
    });
    expect(plain.data[0]!.embedding).toHaveLength(16);
    expect(plain.data[0]!.embedding[0]).toBeCloseTo(embedText('The cat sat on the mat.', 16)[0]!, 6);

    await expect(client.embeddings.create({ model: 'e', input: [] })).rejects.toMatchObject({ status: 400, param: 'input' });
    expect(server.stats).toMatchObject({ requests: 3, maxInFlight: 1, inFlight: 0, completions: 0, byStatus: { '200': 2, '400': 1 } });
  });
});
