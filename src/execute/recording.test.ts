import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingError } from '../errors.js';
import type { ChatMessage } from '../suite/types.js';
import { findRecorded, readRecording } from './recording.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/execute');
const CASES = join(FIXTURES, 'recording-cases/gpt-4-0314.jsonl');
const LOGS = join(FIXTURES, 'recording-openai-logs/gpt-4-0314.jsonl');

const REFUND: ChatMessage[] = [
  { role: 'system', content: 'You are a support agent.' },
  { role: 'user', content: 'How long is the refund window?' },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pinned-recording-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function recordingOf(lines: string[]) {
  const file = join(dir, `rec-${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(file, lines.join('\n'));
  return { file, read: () => readRecording(file) };
}

describe('readRecording, case rows', () => {
  it('reads outputs by case and sample, with their metadata', async () => {
    const recording = await readRecording(CASES);
    expect(recording.rows).toBe(6);
    expect(recording.sha256).toBe(
      createHash('sha256')
        .update(await readFile(CASES))
        .digest('hex'),
    );
    expect(recording.byCase.get('refund-window')![0]).toEqual({
      output: 'Refunds are accepted within 30 days of purchase.',
      finishReason: 'stop',
      model: 'gpt-4-0314',
      usage: {
        promptTokens: 41,
        completionTokens: 11,
        totalTokens: 52,
        raw: { prompt_tokens: 41, completion_tokens: 11, total_tokens: 52 },
      },
      latencyMs: 812,
      line: 1,
    });
    expect(recording.byCase.get('refund-window')![1]).toMatchObject({
      output: 'You can request a refund for 30 days.',
      finishReason: null,
      usage: null,
      latencyMs: null,
    });
  });

  it('numbers rows without "sample" in order of appearance, around explicit samples', async () => {
    const recording = await readRecording(CASES);
    const greeting = recording.byCase.get('greeting')!;
    expect([0, 1, 2, 3, 4].map((sample) => greeting[sample]?.output)).toEqual([
      'Hello! How can I help you today?',
      'Hi there! What can I do for you?',
      'Hey.',
      undefined,
      'Hello!',
    ]);
    expect(greeting[2]!.line).toBe(7);
  });
});

describe('readRecording, tool calls', () => {
  it('reads calls from case rows (short or API shape) and from logged messages', async () => {
    const { read } = await recordingOf([
      JSON.stringify({ case: 'a', tool_calls: [{ name: 'get_order', arguments: { id: 1 } }] }),
      JSON.stringify({
        case: 'b',
        output: 'Checking.',
        tool_calls: [{ id: 'x', type: 'function', function: { name: 'f', arguments: '{' } }],
      }),
      JSON.stringify({
        request: { messages: [{ role: 'user', content: 'hi' }] },
        response: {
          choices: [{ message: { content: null, tool_calls: [{ id: 'y', type: 'function', function: { name: 'g', arguments: '{}' } }] } }],
        },
      }),
    ]);
    const recording = await read();
    expect(findRecorded(recording, 'a', [], 0)).toMatchObject({
      output: '',
      toolCalls: [{ id: null, name: 'get_order', arguments: '{"id":1}' }],
    });
    expect(findRecorded(recording, 'b', [], 0)).toMatchObject({ output: 'Checking.', toolCalls: [{ id: 'x', name: 'f', arguments: '{' }] });
    expect(findRecorded(recording, 'c', [{ role: 'user', content: 'hi' }], 0)).toMatchObject({ toolCalls: [{ id: 'y', name: 'g' }] });
  });

  it('reads a conversation case’s answers turn by turn', async () => {
    const { read } = await recordingOf([JSON.stringify({ case: 'c', turns: [{ output: 'one' }, { tool_calls: [{ name: 'f' }] }] })]);
    expect(findRecorded(await read(), 'c', [], 0)).toMatchObject({
      output: '',
      toolCalls: [{ name: 'f', arguments: '' }],
      turns: [
        { output: 'one', requests: 1 },
        { output: '', toolCalls: [{ name: 'f' }] },
      ],
    });
  });

  it('reports a call that is not one with its line', async () => {
    const { read } = await recordingOf([JSON.stringify({ case: 'a', tool_calls: [{ arguments: '{}' }] })]);
    await expect(read()).rejects.toThrow(/:1:1: tool_calls\[0\]\.function\.name is missing, not a function name \(case 'a'\)/);
  });
});

describe('readRecording, OpenAI log rows', () => {
  it('matches cases by role and trimmed content, appending repeated rows as samples', async () => {
    const recording = await readRecording(LOGS);
    expect(findRecorded(recording, 'refund-window', REFUND, 0)).toMatchObject({
      output: '30 days.',
      finishReason: 'stop',
      model: 'gpt-4-0314',
      usage: { promptTokens: 25, completionTokens: 3, totalTokens: 28 },
      latencyMs: 640,
      line: 1,
    });
    // The third row differs only in a trailing newline and a "name": the same case, next sample.
    expect(findRecorded(recording, 'refund-window', REFUND, 1)).toMatchObject({ output: "I can't help with that.", line: 3 });
    expect(findRecorded(recording, 'refund-window', REFUND, 2)).toBeUndefined();
  });

  it('turns each choice of an n > 1 response into a sample, in choice order', async () => {
    const recording = await readRecording(LOGS);
    const hello: ChatMessage[] = [{ role: 'user', content: 'Say hello.' }];
    expect(findRecorded(recording, 'hello', hello, 0)).toMatchObject({ output: 'Hello!', usage: null });
    expect(findRecorded(recording, 'hello', hello, 1)).toMatchObject({ output: 'Hi!', usage: null });
  });

  it('does not match messages that differ in role or content', async () => {
    const recording = await readRecording(LOGS);
    expect(findRecorded(recording, 'x', [{ role: 'system', content: 'Say hello.' }], 0)).toBeUndefined();
    expect(findRecorded(recording, 'x', [{ role: 'user', content: 'Say hello!' }], 0)).toBeUndefined();
  });

  it('accepts case rows mixed in and looks a case up by id before its messages', async () => {
    const recording = await readRecording(LOGS);
    expect(findRecorded(recording, 'mixed-in', [], 0)).toMatchObject({ output: 'A case row in a log file.' });
    const { read } = await recordingOf([
      JSON.stringify({ case: 'refund-window', output: 'by id' }),
      JSON.stringify({ request: { messages: REFUND }, response: { choices: [{ message: { content: 'by messages' } }] } }),
    ]);
    const both = await read();
    expect(findRecorded(both, 'refund-window', REFUND, 0)!.output).toBe('by id');
    expect(findRecorded(both, 'renamed-case', REFUND, 0)!.output).toBe('by messages');
  });
});

describe('readRecording errors', () => {
  it.each([
    ['{"case": "a", "output": ', /:1:24: not valid JSON; expected \{"case"/],
    ['[1, 2]', /:1:1: got an array; expected/],
    [
      '{"prompt": "hi", "completion": "hello"}',
      /:1:1: fits neither format \(no "case" or "output", no "request" or "response"\); expected/,
    ],
    ['{"case": "a"}', /:1:1: "output" must be a string \(case 'a'\)/],
    ['{"case": "a", "output": "x", "sample": -1}', /:1:1: "sample" must be an integer >= 0/],
    ['{"case": "a", "output": "x", "latency_ms": "fast"}', /:1:1: "latency_ms" must be a number/],
    ['{"request": {"messages": []}, "response": {"error": {"message": "rate limited"}}}', /:1:1: a log row needs "response": \{"choices"/],
    ['{"request": {"model": "m"}, "response": {"choices": []}}', /:1:1: a log row needs "request": \{"messages"/],
  ])('rejects %s with the file, line and what was expected', async (line, message) => {
    const { file, read } = await recordingOf([line]);
    const error = await read().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RecordingError);
    expect(error).toMatchObject({ code: 'RECORDING_INVALID', file, line: 1 });
    expect((error as Error).message.startsWith(`${file}:1:`)).toBe(true);
    // The row's text is never quoted back: the file may not be a recording at all.
    expect((error as Error).message).not.toContain(line);
    expect((error as Error).message).toMatch(message);
  });

  it('counts lines from 1 including blank ones', async () => {
    const { read } = await recordingOf(['{"case": "a", "output": "x"}', '', 'oops']);
    await expect(read()).rejects.toMatchObject({ line: 3 });
  });

  it('rejects two rows for the same case and sample', async () => {
    const { read } = await recordingOf(['{"case": "a", "output": "x"}', '{"case": "a", "output": "y", "sample": 0}']);
    await expect(read()).rejects.toThrow(/:2:1: case 'a' sample 0 is already recorded at line 1/);
  });

  it('names a file it cannot read', async () => {
    const missing = join(dir, 'nope.jsonl');
    await expect(readRecording(missing)).rejects.toMatchObject({
      code: 'RECORDING_INVALID',
      file: missing,
      message: expect.stringContaining(missing),
    });
  });
});
