import { formatDuration } from '../domain/format.js';
import type { AttemptResult } from './types.js';

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, maxMs: 30_000 };

type FailedAttempt = Extract<AttemptResult, { ok: false }>;

/** Past this, a Retry-After is not waited for: the job fails now and a later resume redoes it. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/** A failure given up because its Retry-After is past MAX_RETRY_AFTER_MS says so, and when to try again. */
export function withRetryAfterNote(result: FailedAttempt): FailedAttempt {
  if (!((result.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS)) return result;
  const asked = formatDuration(result.retryAfterMs!);
  return {
    ...result,
    message: `${result.message} (given up: the provider asked to wait ${asked}, longer than pinned waits for a cell, ${formatDuration(MAX_RETRY_AFTER_MS)}; run the same command again after that)`,
  };
}

/** Whether failed attempt number `attempt` (1-based) gets another try. */
export function shouldRetry(result: FailedAttempt, attempt: number, maxRetries: number): boolean {
  return result.retryable && attempt <= maxRetries && !((result.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS);
}

/**
 * How long to wait before retrying after failed attempt number `attempt` (1-based).
 * Full jitter keeps many jobs that failed together from retrying together. A provider's own
 * Retry-After wins over our guess (even past `maxMs`) because it knows when its window reopens;
 * a little jitter on top keeps the jobs it paused from all arriving in the same millisecond.
 */
export function retryDelay(attempt: number, result: FailedAttempt, backoff: Backoff, random: () => number = Math.random): number {
  if (result.retryAfterMs !== undefined && result.retryAfterMs >= 0) {
    const jitter = Math.min(250, 50 + result.retryAfterMs * 0.1) * random();
    return Math.round(result.retryAfterMs + jitter);
  }
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
  return Math.round((0.5 + 0.5 * random()) * ceiling);
}

/**
 * How long a 429 holds its whole target, capped like a cell's retries: the provider's Retry-After
 * while it is one pinned would wait for (MAX_RETRY_AFTER_MS); past that the cell is given up
 * (shouldRetry), and holding every other cell for the hour asked would stall the run for nothing,
 * so the target backs off as after a 429 without a Retry-After. Other cells the provider answers
 * the same way are given up the same way.
 */
export function pauseDelay(attempt: number, result: FailedAttempt, backoff: Backoff, random: () => number = Math.random): number {
  if ((result.retryAfterMs ?? 0) <= MAX_RETRY_AFTER_MS) return retryDelay(attempt, result, backoff, random);
  const { retryAfterMs: _ignored, ...withoutRetryAfter } = result;
  return retryDelay(attempt, withoutRetryAfter, backoff, random);
}

/** A short reason for progress output, e.g. `429 rate_limit_exceeded`, `timeout`, `connection reset`. */
export function retryReason(result: FailedAttempt): string {
  switch (result.kind) {
    case 'http':
      return [result.status, result.code].filter((part) => part !== undefined && part !== null && part !== '').join(' ');
    case 'connection':
      return result.message;
    case 'malformed':
      return 'malformed response';
    default:
      return result.kind;
  }
}

/** Rate limits are per key, so a 429 pauses every request of its target, not just this one. */
export function pausesLane(result: FailedAttempt): boolean {
  return result.kind === 'http' && result.status === 429;
}
