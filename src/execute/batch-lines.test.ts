import { describe, expect, it } from 'vitest';
import { buildRequest, hashRequest } from '../plan/build-request.js';
import { endpointTarget, testCase } from '../plan/plan.test-helpers.js';
import type { Job } from '../plan/types.js';
import { batchInput, lineKey, readBatchResults } from './batch-lines.js';

describe('batch lines', () => {
  it('sends each cell as one line whose body is the direct request body, byte for byte', () => {
    const target = endpointTarget('gpt-4.1', { params: { temperature: 0, max_tokens: 20 } });
    const jobs: Job[] = [0, 1].map((sample) => {
      const request = buildRequest(testCase('a'), target);
      return { caseId: 'a', target: 'gpt-4.1', sample, request, requestHash: hashRequest(request) };
    });
    const { jsonl, lines } = batchInput(jobs);
    const parsed = jsonl
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(parsed[0]).toEqual({
      custom_id: 'cell-0',
      method: 'POST',
      url: '/v1/chat/completions',
      body: jobs[0]!.request.kind === 'chat' && jobs[0]!.request.body,
    });
    expect(lines.map(lineKey)).toEqual(jobs.map(lineKey));
    expect(new Set(parsed.map((p) => p.custom_id)).size).toBe(2);
  });

  it('reads completions, per-line provider errors and errors without a response', () => {
    const output = JSON.stringify({
      id: 'r1',
      custom_id: 'cell-0',
      error: null,
      response: {
        status_code: 200,
        body: {
          model: 'gpt-4.1',
          choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        },
      },
    });
    const errors = [
      JSON.stringify({
        custom_id: 'cell-1',
        response: { status_code: 400, body: { error: { message: 'bad param', code: 'invalid_value' } } },
        error: null,
      }),
      JSON.stringify({ custom_id: 'cell-2', response: { status_code: 429, body: { error: { message: 'slow down' } } }, error: null }),
      JSON.stringify({
        custom_id: 'cell-3',
        response: null,
        error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' },
      }),
      'not json',
    ].join('\n');
    const results = readBatchResults([output, errors], 1234);
    expect(results.get('cell-0')).toMatchObject({
      ok: true,
      output: 'hi',
      finishReason: 'stop',
      model: 'gpt-4.1',
      latencyMs: 1234,
      usage: { promptTokens: 3 },
    });
    expect(results.get('cell-1')).toEqual({
      ok: false,
      kind: 'http',
      status: 400,
      code: 'invalid_value',
      message: 'bad param',
      retryable: false,
      latencyMs: 1234,
    });
    expect(results.get('cell-2')).toMatchObject({ ok: false, status: 429, retryable: true });
    expect(results.get('cell-3')).toMatchObject({ ok: false, kind: 'unknown', code: 'batch_expired', retryable: true });
    expect(results.size).toBe(4);
  });
});
