import type { Usage } from '../domain/outcome.js';

/** Maps an OpenAI-style usage object; null when there is none (some proxies and old logs omit it). */
export function toUsage(raw: unknown): Usage | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const fields = raw as Record<string, unknown>;
  return {
    promptTokens: count(fields['prompt_tokens']),
    completionTokens: count(fields['completion_tokens']),
    totalTokens: count(fields['total_tokens']),
    raw: fields,
  };
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
