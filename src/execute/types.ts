import type { ChatRequest, Job, RequestSpec, ResponsesRequest } from '../plan/types.js';
import type { RateLimitState } from './rate-limit-headers.js';

import type { Failure, Outcome, Success } from '../domain/outcome.js';

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

/** One target's sender and the limits it is called within. */
export interface TargetLane {
  sender: Sender;
  /** Requests in flight at most; 429s lower it for a while (AIMD), successes bring it back. */
  concurrency: number;
  maxRetries: number;
  /** Requests and tokens per minute, paced evenly (see Pacer). */
  rpm?: number;
  tpm?: number;
  /** Tokens a job will count against tpm before its usage is known (prompt + output allowance). */
  estimateTokens?: (job: Job) => number;
}

/**
 * Where a conversation's requests are kept as they are answered, so a conversation resumed after
 * an interrupt or a retry continues at the request it stopped at instead of starting over.
 */
export interface StepLedger {
  /** The stored answer to request `step` of this cell of this run, or (with the cache) to an identical request and sample of any run. */
  find(job: Job, step: number, request: ChatRequest | ResponsesRequest, requestHash: string): Omit<Success, 'attempts'> | undefined;
  /** Keeps a request's answer the moment it arrives. */
  save(job: Job, step: number, request: ChatRequest | ResponsesRequest, requestHash: string, outcome: Success): void;
}
