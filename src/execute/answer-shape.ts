// What the senders say of an answer that is not shaped like one.
import type { AttemptResult } from './types.js';

export function malformed(message: string, latencyMs: number): AttemptResult {
  return { ok: false, kind: 'malformed', message: `malformed response: ${message}`, retryable: true, latencyMs };
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
