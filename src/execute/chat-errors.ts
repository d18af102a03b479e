import { readRateLimitHeaders } from './rate-limit-headers.js';
import type { AttemptResult } from './types.js';

type OpenAIModule = typeof import('openai');
type FailedAttempt = Extract<AttemptResult, { ok: false }>;

export interface FailureContext {
  latencyMs: number;
  /** Our own whole-attempt timer fired (it also covers a body that stalls after the headers). */
  timedOut: boolean;
  /** The executor aborted the attempt (interrupt past its grace period). */
  aborted: boolean;
  timeoutMs: number;
}

// 408 and 409 are what OpenAI's own SDK retries besides 429 and 5xx: request timeout and lock timeout.
const RETRYABLE_STATUS = new Set([408, 409, 429]);
const MAX_MESSAGE_CHARS = 500;

/** Turns whatever the SDK threw into a failed attempt the executor can retry or report. */
export function failedAttempt(sdk: OpenAIModule, error: unknown, context: FailureContext): FailedAttempt {
  const { latencyMs } = context;
  if (context.timedOut || error instanceof sdk.APIConnectionTimeoutError) {
    return { ok: false, kind: 'timeout', message: `no answer within ${context.timeoutMs} ms`, retryable: true, latencyMs };
  }
  if (context.aborted || error instanceof sdk.APIUserAbortError) {
    return { ok: false, kind: 'aborted', message: 'request aborted by interrupt', retryable: false, latencyMs };
  }
  if (error instanceof sdk.APIConnectionError) {
    return { ok: false, kind: 'connection', message: connectionMessage(error), retryable: true, latencyMs };
  }
  if (error instanceof sdk.APIError && typeof error.status === 'number') return httpFailure(error, latencyMs);
  // The SDK parses a 2xx JSON body itself; a truncated or invalid one surfaces as a SyntaxError.
  if (error instanceof SyntaxError) {
    return { ok: false, kind: 'malformed', message: `response body is not valid JSON: ${error.message}`, retryable: true, latencyMs };
  }
  // The socket can also die while the body is being read, after the SDK's own error handling.
  if (networkCode(error) !== undefined) {
    return { ok: false, kind: 'connection', message: connectionMessage(error), retryable: true, latencyMs };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { ok: false, kind: 'unknown', message: clip(message), retryable: false, latencyMs };
}

/** Statuses that may succeed when asked again: 408, 409, 429 and every 5xx. */
export function retryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || status >= 500;
}

function httpFailure(error: InstanceType<OpenAIModule['APIError']>, latencyMs: number): FailedAttempt {
  const status = error.status as number;
  const failure: FailedAttempt = {
    ok: false,
    kind: 'http',
    status,
    message: providerMessage(error, status),
    retryable: retryableStatus(status),
    latencyMs,
  };
  if (typeof error.code === 'string' && error.code !== '') failure.code = error.code;
  if (typeof error.param === 'string' && error.param !== '') failure.param = error.param;
  const retryAfterMs = error.headers ? retryAfterFromHeaders(error.headers) : undefined;
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  const rateLimit = readRateLimitHeaders(error.headers);
  if (rateLimit) failure.rateLimit = rateLimit;
  return failure;
}

function providerMessage(error: InstanceType<OpenAIModule['APIError']>, status: number): string {
  const body = error.error as { message?: unknown } | undefined;
  if (typeof body?.message === 'string' && body.message !== '') return clip(body.message);
  // Without a JSON error body the SDK's message is "<status> <body text>"; the status is kept separately.
  const prefix = `${status} `;
  return clip(error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message);
}

/** Milliseconds to wait, from `retry-after-ms` (OpenAI) or `Retry-After` (seconds or an HTTP date). */
export function retryAfterFromHeaders(headers: Headers): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const CONNECTION_LABELS: Record<string, string> = {
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection reset',
  EPIPE: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function connectionMessage(error: unknown): string {
  const code = networkCode(error);
  const label = (code && CONNECTION_LABELS[code]) ?? 'connection failed';
  const detail = deepestMessage(error);
  return clip(detail && detail !== label ? `${label}: ${detail}` : label);
}

/** The first system or undici error code in the cause chain (fetch wraps them in "fetch failed"). */
function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    // ECONNRESET, EAI_AGAIN, UND_ERR_SOCKET; not Node's own ERR_* codes, which are bugs, not network trouble.
    if (typeof code === 'string' && (/^E[A-Z_]+$/.test(code) || code.startsWith('UND_ERR')) && !code.startsWith('ERR_')) return code;
  }
  return undefined;
}

function deepestMessage(error: unknown): string | undefined {
  let message: string | undefined;
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current.message) message = current.message;
  }
  return message;
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
