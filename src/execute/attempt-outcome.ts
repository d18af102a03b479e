import type { AttemptResult } from './types.js';
import type { Failure, Outcome } from '../domain/outcome.js';

/** The stored outcome of a job's last attempt: what the sender told only the executor is dropped. */
export function toOutcome(result: AttemptResult, attempts: number): Outcome {
  if (result.ok) {
    const { rateLimit: _rateLimit, request: _request, ...success } = result;
    return { ...success, attempts };
  }
  const {
    retryAfterMs: _retryAfterMs,
    rateLimit: _rateLimit,
    request: _request,
    stopsTarget: _stops,
    resend: _resend,
    ...failure
  } = result;
  return { ...failure, attempts } satisfies Failure;
}

export function senderCrash(error: unknown): AttemptResult {
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, kind: 'unknown', message: `sender failed: ${message}`, retryable: false, latencyMs: 0 };
}
