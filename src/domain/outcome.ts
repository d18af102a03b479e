// What one request came to: the model's answer or why there is none. Produced by execute/,
// stored by store/, read by compare/ and the reports.

export interface Usage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** The provider's usage object as returned (cached tokens, reasoning tokens...). */
  raw: Record<string, unknown> | null;
}

/**
 * One call the model made to a function the request offered (`tool_calls` in Chat Completions,
 * a `function_call` item in the Responses API, the legacy `function_call` of gpt-4-0613).
 */
export interface ToolCall {
  /** The provider's id for the call, which the tool's answer refers to; null when the source gives none. */
  id: string | null;
  name: string;
  /** The arguments exactly as the model wrote them: JSON text, which may be invalid. */
  arguments: string;
}

/** The target's answer to one user turn of a conversation. */
export interface TurnOutput {
  /** The text of its last request's answer. */
  output: string;
  refusal?: string;
  /** Every call it made during the turn, in order, the ones fixed tool results answered included. */
  toolCalls?: ToolCall[];
  finishReason: string | null;
  /** Requests the turn took: one, and one more per round of tool results. */
  requests: number;
  /** Why the conversation ended at this turn (a call the case has no result for); the later turns were not sent. */
  ended?: string;
}

export interface Success {
  ok: true;
  /** The model's text: the message's content, or its refusal when it gave no content. */
  output: string;
  /** The message's refusal, when the model refused through the API's refusal field (`output` then holds it too). */
  refusal?: string;
  /** The calls to the application's tools, in the order the model made them; absent when it made none. */
  toolCalls?: ToolCall[];
  /**
   * A conversation's answers, turn by turn (the fields above are its last turn's); absent for a
   * single request. Usage, latency and attempts are summed over its requests.
   */
  turns?: TurnOutput[];
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
