// The test server's options and the records it keeps, shared by its handlers.
import type { RecordedReply } from './recordings.js';

/**
 * A fault injected instead of the normal answer. Rules are tried in order; the first whose
 * filters match, that still has `times` left and whose `rate` roll passes, is applied.
 */
export interface FaultRule {
  /** Only requests whose body.model equals this (default: any model). */
  model?: string;
  /** Only this path, e.g. '/v1/embeddings' (default: '/v1/chat/completions'). */
  path?: string;
  /** Only requests whose last user message contains this text (chat requests). */
  contains?: string;
  /** Applied to at most N requests, then used up (default: unlimited). */
  times?: number;
  /** Share of matching requests hit, 0..1, from a PRNG seeded by `seed` (default 1). */
  rate?: number;
  action: 'status' | 'hang' | 'malformed' | 'reset' | 'body';
  /** For 'status': the HTTP status to answer (default 500). */
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  /** Milliseconds, sent as `retry-after-ms` (OpenAI sends it too). */
  retryAfterMs?: number;
  message?: string;
  code?: string;
  /** Error `type` in the body; defaults to what OpenAI uses for that status. */
  type?: string;
  /** For 'body': answered as the JSON body with status 200, e.g. a completion that breaks the schema. */
  body?: unknown;
}

/** A canned reply; usable over the HTTP control API, unlike `respond`. */
export interface ScriptRule {
  model?: string;
  /** Substring of the last user message. */
  contains?: string;
  /** The text; may be left out when the rule calls tools. */
  content?: string;
  /** Calls to make instead of (or with) the text, arguments as JSON text (sent as written, valid or not) or a value; only before the tools have answered. */
  tool_calls?: Array<{ name: string; arguments?: string | Record<string, unknown> }>;
  finish_reason?: string;
}

export type RespondResult =
  | string
  | {
      content?: string;
      tool_calls?: Array<{ name: string; arguments?: string | Record<string, unknown> }>;
      finish_reason?: string;
      usage?: object;
    };

export interface RespondContext {
  /** Choice index (0..n-1). */
  index: number;
  /** 0-based count of chat requests that reached the reply stage on this server. */
  request: number;
}

export interface TestServerOptions {
  port?: number;
  host?: string;
  /** Delay before answering each chat/embeddings request. */
  latencyMs?: number;
  latencyByModel?: Record<string, number>;
  /** In-process only: computes each choice's reply. */
  respond?: (body: any, ctx: RespondContext) => RespondResult | Promise<RespondResult>;
  script?: ScriptRule[];
  faults?: FaultRule[];
  /** model -> param names it rejects with a 400, like OpenAI's reasoning models. */
  rejectParams?: Record<string, string[]>;
  /** model -> rpm/tpm enforced per short window with 429 + Retry-After, optionally x-ratelimit-* headers. */
  rateLimits?: Record<string, RateLimitRule>;
  /** Keep every request in `requests` (default true); turn off for benchmarks. */
  recordRequests?: boolean;
  /** Seeds the fault `rate` rolls (default 1). */
  seed?: number;
  /** Batch API: a batch completes once this long has passed since it was created (default 0). */
  batchDelayMs?: number;
  /** Batch API: share of lines answered with a 500 in the error file, 0..1 (default 0), seeded by `seed`. */
  batchFailRate?: number;
  /** Batch API: the first N batch creations make the batch, then drop the connection instead of answering. */
  batchDropCreateAnswers?: number;
  /**
   * Answers from recorded outputs per (model, messages), several outputs served in rotation
   * (recordings.ts). A recorded model's unrecorded messages get a 400 `no_recording`.
   */
  recordings?: RecordedReply[];
  /** A JSONL file of recordings (corpus rows or OpenAI log rows), read when set; joins `recordings`. */
  recordingsFile?: string;
  /** requested model -> recorded model whose recordings answer it (the response still names the requested one). */
  serveAs?: Record<string, string>;
  /** requested model -> the `model` its responses report (default: the requested name). */
  responseModel?: Record<string, string>;
  /** requested model -> the `system_fingerprint` its responses report (default "fp_test"; null sends null). */
  systemFingerprint?: Record<string, string | null>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string as sent, without '?'; absent when there was none. */
  query?: string;
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: any;
  /** Date.now() when the body had arrived. */
  at: number;
  /** Tokens charged to the model's rate-limit window (models with `rateLimits` only). */
  tokens?: number;
}

export interface TestServerStats {
  /** All HTTP requests except /__control. */
  requests: number;
  /** Successful chat completions answered. */
  completions: number;
  /** Chat and embeddings requests being handled now, and the peak. */
  inFlight: number;
  maxInFlight: number;
  maxInFlightByModel: Record<string, number>;
  byStatus: Record<string, number>;
  /** Chat requests per model. */
  byModel: Record<string, number>;
  /** Batch API: batches created (submissions), files uploaded, batch lines answered or failed. */
  batches: number;
  files: number;
  batchLines: number;
}

/**
 * A model's rate limits, enforced like providers do: per short window, not per minute. A
 * 600 rpm limit with the default 1-second window admits ceil(600 / 60) = 10 requests in any
 * second (a sliding window), and answers the 11th with a 429 and Retry-After.
 */
export interface RateLimitRule {
  rpm?: number;
  /** Tokens per minute: a request is charged its prompt tokens on arrival, its total once answered. */
  tpm?: number;
  /** Default 1000. */
  windowMs?: number;
  /** Send x-ratelimit-* headers on every answer of the model (default false). */
  headers?: boolean;
}

/** One admitted request in a model's window. */
export interface RateEntry {
  at: number;
  tokens: number;
}

export interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
  createdAt: number;
}

export interface StoredBatch {
  id: string;
  inputFileId: string;
  endpoint: string;
  metadata: Record<string, string> | null;
  createdAt: number;
  status: 'in_progress' | 'completed' | 'failed';
  outputFileId?: string;
  errorFileId?: string;
  counts: { total: number; completed: number; failed: number };
  errors?: Array<{ code: string; message: string; line: number | null }>;
  /** Set once the results are being computed, so two retrieves cannot compute them twice. */
  finishing?: Promise<void>;
}

/** An error answered in OpenAI's shape: {"error": {message, type, param, code}}. */
export interface ApiError {
  status: number;
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}
