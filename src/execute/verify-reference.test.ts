import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../suite/types.js';
import { readReference } from './verify-reference.js';

const HAIKU = [
  { role: 'system' as const, content: 'You are a helpful assistant.' },
  { role: 'user' as const, content: 'Write a haiku about autumn.' },
];
const cases: Case[] = [
  { id: 'autumn-haiku', index: 0, messages: HAIKU, vars: {}, tags: [], compare: { kind: 'text' }, assert: [], loc: { file: 'suite.yaml' } },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pinned-reference-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function referenceOf(rows: unknown[]) {
  const file = join(dir, `ref-${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(file, rows.map((row) => JSON.stringify(row)).join('\n'));
  return readReference(file, cases);
}

const log = (messages: unknown[], content: unknown, params: Record<string, unknown> = {}) => ({
  request: { model: 'gpt-4-0314', messages, ...params },
  response: { choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }] },
});

describe('readReference', () => {
  it('makes one prompt of every row with the same messages, case rows and log rows alike, each row one more sample', async () => {
    const reference = await referenceOf([
      log(HAIKU, 'Crisp leaves underfoot', { temperature: 0.7, max_tokens: 256 }),
      { case: 'autumn-haiku', output: 'Maples set ablaze', model: 'gpt-4-0314' },
      // Same messages up to trailing whitespace: the same prompt.
      log([HAIKU[0], { role: 'user', content: 'Write a haiku about autumn.\n' }], 'Geese write south in ink', { temperature: 0.7 }),
      log(
        [{ role: 'user', content: 'Name three primary colours.' }],
        [
          { type: 'text', text: 'Red, yellow ' },
          { type: 'text', text: 'and blue.' },
        ],
      ),
      { case: 'no-such-case', output: 'A row for a renamed case' },
    ]);
    expect(reference.rows).toBe(5);
    expect(reference.strays).toEqual(['no-such-case']);
    expect(reference.prompts).toHaveLength(2);
    const [haiku, colours] = reference.prompts;
    // A case row names the prompt; log rows alone are named by their messages' hash.
    expect(haiku!.id).toBe('autumn-haiku');
    expect(haiku!.messages).toEqual(HAIKU);
    expect(haiku!.samples).toEqual([
      {
        output: 'Crisp leaves underfoot',
        finishReason: 'stop',
        model: 'gpt-4-0314',
        params: { temperature: 0.7, max_tokens: 256 },
        line: 1,
      },
      { output: 'Maples set ablaze', finishReason: null, model: 'gpt-4-0314', params: null, line: 2 },
      { output: 'Geese write south in ink', finishReason: 'stop', model: 'gpt-4-0314', params: { temperature: 0.7 }, line: 3 },
    ]);
    expect(colours!.id).toMatch(/^prompt-[0-9a-f]{12}$/);
    expect(colours!.samples[0]!.output).toBe('Red, yellow and blue.');
    expect(reference.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the file and line of a row it cannot read', async () => {
    await expect(referenceOf([log([{ role: 'narrator', content: 'Once' }], 'upon a time')])).rejects.toThrow(
      /ref-\w+\.jsonl:1:1: request\.messages\[0\] has role 'narrator'/,
    );
  });
});
