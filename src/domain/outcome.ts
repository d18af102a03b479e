// What one request came to: the model's answer or why there is none. Produced by execute/,
// stored by store/, read by compare/ and the reports.

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
