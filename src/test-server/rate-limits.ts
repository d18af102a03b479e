import type { OutgoingHttpHeaders } from 'node:http';
import type { ApiError, RateEntry, RateLimitRule } from './types.js';
import type { ServerState } from './state.js';

type Admission = { ok: true; entry: RateEntry } | { ok: false; error: ApiError; headers: OutgoingHttpHeaders };

/** Admits the request into the model's window, or says why not; undefined when the model has no limits. */
export function admitRequest(state: ServerState, model: string, promptTokens: number): Admission | undefined {
  const rule = state.options.rateLimits?.[model];
  if (!rule) return undefined;
  const now = Date.now();
  const entries = windowOf(state, model, rule, now);
  const { requests, tokens, windowMs } = capsOf(rule);
  const used = entries.reduce((sum, entry) => sum + entry.tokens, 0);
  const over =
    entries.length + 1 > requests
      ? { kind: 'requests', label: 'requests per min (RPM)', limit: rule.rpm, used: entries.length, asked: 1 }
      : used + promptTokens > tokens && entries.length > 0
        ? { kind: 'tokens', label: 'tokens per min (TPM)', limit: rule.tpm, used, asked: promptTokens }
        : undefined;
  if (over) {
    const retryMs = Math.max(1, entries[0]!.at + windowMs - now);
    const message =
      `Rate limit reached for ${model} on ${over.label}: Limit ${over.limit}, Used ${over.used}, Requested ${over.asked}. ` +
      `Please try again in ${formatDuration(retryMs)}.`;
    return {
      ok: false,
      error: { status: 429, message, type: over.kind, param: null, code: 'rate_limit_exceeded' },
      headers: { 'retry-after': String(Math.ceil(retryMs / 1000)), 'retry-after-ms': String(retryMs), ...rateLimitHeaders(state, model) },
    };
  }
  const entry = { at: now, tokens: promptTokens };
  entries.push(entry);
  return { ok: true, entry };
}

/** OpenAI's x-ratelimit-* headers for the model's current window, when its rule asks for them. */
export function rateLimitHeaders(state: ServerState, model: string): OutgoingHttpHeaders {
  const rule = state.options.rateLimits?.[model];
  if (!rule?.headers) return {};
  const now = Date.now();
  const entries = windowOf(state, model, rule, now);
  const { requests, tokens, windowMs } = capsOf(rule);
  const reset = entries.length > 0 ? formatDuration(Math.max(0, entries[0]!.at + windowMs - now)) : '0s';
  const headers: OutgoingHttpHeaders = {};
  if (rule.rpm) {
    headers['x-ratelimit-limit-requests'] = String(requests);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, requests - entries.length));
    headers['x-ratelimit-reset-requests'] = reset;
  }
  if (rule.tpm) {
    headers['x-ratelimit-limit-tokens'] = String(tokens);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, tokens - entries.reduce((sum, entry) => sum + entry.tokens, 0)));
    headers['x-ratelimit-reset-tokens'] = reset;
  }
  return headers;
}

function capsOf(rule: RateLimitRule): { requests: number; tokens: number; windowMs: number } {
  const windowMs = rule.windowMs ?? 1000;
  return {
    requests: rule.rpm ? Math.ceil((rule.rpm * windowMs) / 60_000) : Infinity,
    tokens: rule.tpm ? Math.ceil((rule.tpm * windowMs) / 60_000) : Infinity,
    windowMs,
  };
}

function windowOf(state: ServerState, model: string, rule: RateLimitRule, now: number): RateEntry[] {
  let entries = state.rateWindows.get(model);
  if (!entries) state.rateWindows.set(model, (entries = []));
  const windowMs = rule.windowMs ?? 1000;
  while (entries.length > 0 && entries[0]!.at + windowMs <= now) entries.shift();
  return entries;
}

/** Like OpenAI's: `350ms`, `1.2s`, `6m0s`. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}
