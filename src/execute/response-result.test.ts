import { describe, expect, it } from 'vitest';
import { responseResult } from './response-result.js';

describe('responseResult: a Responses API answer in the stored form', () => {
  it('joins output_text, keeps refusals and function calls, maps status to a finish reason, keeps reasoning tokens', () => {
    const result = responseResult(
      {
        model: 'o4-mini',
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
        output: [
          { type: 'reasoning', summary: [] },
          {
            type: 'message',
            content: [
              { type: 'output_text', text: 'Hello ' },
              { type: 'output_text', text: 'there' },
            ],
          },
          { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{"a":1}' },
        ],
        usage: { input_tokens: 10, output_tokens: 30, total_tokens: 40, output_tokens_details: { reasoning_tokens: 20 } },
      },
      5,
    );
    expect(result).toMatchObject({
      ok: true,
      output: 'Hello there',
      toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a":1}' }],
      finishReason: 'length',
      model: 'o4-mini',
      usage: { promptTokens: 10, completionTokens: 30, totalTokens: 40, raw: { output_tokens_details: { reasoning_tokens: 20 } } },
    });
    const refused = responseResult(
      { status: 'completed', output: [{ type: 'message', content: [{ type: 'refusal', refusal: 'No.' }] }] },
      1,
    );
    expect(refused).toMatchObject({ ok: true, output: 'No.', refusal: 'No.', finishReason: 'stop' });
    expect(responseResult({ status: 'completed' }, 1)).toMatchObject({ ok: false, kind: 'malformed' });
  });
});
