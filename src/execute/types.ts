import type { Job, RequestSpec } from '../plan/types.js';
import type { RateLimitState } from './rate-limit-headers.js';

export interface Usage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** The provider's usage object as returned (cached tokens, reasoning tokens...). */
  raw: Record<string, unknown> | null;
}

export interface Success {
  ok: true;
  output: string;
  finishReason: string | null;
  /** The model the provider says answered (may differ from the one asked for). */
  model: string | null;
  systemFingerprint: string | null;
  usage: Usage | null;
  /** Milliseconds of the attempt that succeeded; null for a recording that does not say. */
  latencyMs: number | null;
  attempts: number;
  /** batch: answered through the Batch API (priced at its discount). */
  source: 'api' | 'batch' | 'replay' | 'import';
}

export type FailureKind =
  | 'http' // the provider answered with an error status
  | 'timeout'
  | 'connection'
  | 'malformed' // the provider answered 2xx with a body that is not a chat completion
  | 'missing' // a replay target has no recording for the cell
  | 'aborted' // the run was interrupted while the request was in flight
  | 'unknown';

export interface Failure {
  ok: false;
  kind: FailureKind;
  status?: number;
  /** The provider's own message where it gave one. */
  message: string;
  /** The provider's error code where it gave one (e.g. `rate_limit_exceeded`), for retry reasons and reports. */
  code?: string;
  /** The request parameter the provider's error names (e.g. `max_tokens`). */
  param?: string;
  retryable: boolean;
  latencyMs: number;
  attempts: number;
}

export type Outcome = Success | Failure;

/** How a target turns one attempt of a job into an outcome; retries happen around it. */
export interface Sender {
  send(job: Job, signal: AbortSignal): Promise<AttemptResult>;
}

/** What a sender tells the executor besides the outcome; never stored with it. */
export interface AttemptExtras {
  /** What the provider's x-ratelimit-* headers said. */
  rateLimit?: RateLimitState;
  /** The request actually sent, when it differs from the job's (params_compat: auto rewrote it). */
  request?: RequestSpec;
}

export type AttemptResult =
  | (Omit<Success, 'attempts'> & AttemptExtras)
  | (Omit<Failure, 'attempts'> &
      AttemptExtras & {
        retryAfterMs?: number;
        /** No other job of the target can succeed (a param the model rejects): fail them all unsent. */
        stopsTarget?: boolean;
        /** The sender changed what it will send (params_compat: auto): send again now, no backoff, not a retry. */
        resend?: boolean;
      });

/** Progress is reported through these; the executor never draws anything itself. */
export interface ExecuteHooks {
  onJobStart?(job: Job): void;
  /** Called once per job with its final outcome (never for jobs skipped by an interrupt). */
  onJobEnd?(job: Job, outcome: Outcome): void;
  onRetry?(job: Job, attempt: number, delayMs: number, reason: string): void;
}
