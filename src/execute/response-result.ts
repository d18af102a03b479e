// A Responses API answer normalised to the output every other answer is stored as: the text of
// its message items, a refusal, the function calls in order, a finish reason in Chat Completions'
// words, and usage (reasoning tokens kept in the raw usage).
import type { ToolCall } from '../domain/outcome.js';
import { malformed, stringOrNull } from './answer-shape.js';
import type { AttemptResult } from './types.js';

export function responseResult(data: unknown, latencyMs: number): AttemptResult {
  if (typeof data !== 'object' || data === null) return malformed('expected a response object, got a non-JSON body', latencyMs);
  const response = data as Record<string, unknown>;
  const items = response['output'];
  if (!Array.isArray(items)) return malformed('the response has no output list', latencyMs);
  let text = '';
  let refusal = '';
  const toolCalls: ToolCall[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item)) return malformed(`output[${i}] is not an object`, latencyMs);
    if (item['type'] === 'message') {
      const parts = item['content'];
      if (!Array.isArray(parts)) return malformed(`output[${i}].content is not a list`, latencyMs);
      for (const part of parts) {
        if (!isObject(part)) continue;
        if (part['type'] === 'output_text' && typeof part['text'] === 'string') text += part['text'];
        else if (part['type'] === 'refusal' && typeof part['refusal'] === 'string') refusal += part['refusal'];
      }
    } else if (item['type'] === 'function_call') {
      if (typeof item['name'] !== 'string') return malformed(`output[${i}].name is not a function name`, latencyMs);
      toolCalls.push({
        id: typeof item['call_id'] === 'string' ? item['call_id'] : null,
        name: item['name'],
        arguments: typeof item['arguments'] === 'string' ? item['arguments'] : JSON.stringify(item['arguments'] ?? {}),
      });
    }
    // Reasoning summaries and built-in tools' items are not the answer.
  }
  const raw = isObject(response['usage']) ? response['usage'] : undefined;
  return {
    ok: true,
    output: text === '' && refusal !== '' ? refusal : text,
    ...(refusal !== '' && { refusal }),
    ...(toolCalls.length > 0 && { toolCalls }),
    finishReason: finishReason(response, toolCalls.length > 0),
    model: stringOrNull(response['model']),
    systemFingerprint: null,
    usage: raw
      ? {
          promptTokens: count(raw['input_tokens']),
          completionTokens: count(raw['output_tokens']),
          totalTokens: count(raw['total_tokens']),
          raw,
        }
      : null,
    latencyMs,
    source: 'api',
  };
}

/** completed -> stop (tool_calls when it called); incomplete at max_output_tokens -> length, as Chat Completions says. */
function finishReason(response: Record<string, unknown>, called: boolean): string | null {
  const status = response['status'];
  if (status === 'completed') return called ? 'tool_calls' : 'stop';
  if (status === 'incomplete') {
    const details = response['incomplete_details'];
    const reason = isObject(details) ? details['reason'] : undefined;
    return reason === 'max_output_tokens' ? 'length' : typeof reason === 'string' ? reason : 'incomplete';
  }
  return typeof status === 'string' ? status : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
