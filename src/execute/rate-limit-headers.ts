/** What a provider's `x-ratelimit-*` headers say about the window the answered request fell in. */
export interface RateLimitState {
  remainingRequests?: number;
  remainingTokens?: number;
  /** Milliseconds until the request / token allowance is back. */
  resetRequestsMs?: number;
  resetTokensMs?: number;
}

/** Undefined when the provider sent none of them (most proxies do not). */
export function readRateLimitHeaders(headers: Headers | undefined): RateLimitState | undefined {
  if (!headers) return undefined;
  const state: RateLimitState = {};
  const set = (key: keyof RateLimitState, value: number | undefined) => {
    if (value !== undefined) state[key] = value;
  };
  set('remainingRequests', count(headers.get('x-ratelimit-remaining-requests')));
  set('remainingTokens', count(headers.get('x-ratelimit-remaining-tokens')));
  set('resetRequestsMs', parseDuration(headers.get('x-ratelimit-reset-requests')));
  set('resetTokensMs', parseDuration(headers.get('x-ratelimit-reset-tokens')));
  return Object.keys(state).length > 0 ? state : undefined;
}

/**
 * How long to hold the target before its next request, so it slows down before a 429: when no
 * request is left in the window, or fewer tokens than the request that just went out took.
 */
export function pauseBeforeLimit(state: RateLimitState | undefined, tokensPerRequest: number): number {
  if (!state) return 0;
  let pause = 0;
  if (state.remainingRequests !== undefined && state.remainingRequests <= 0) pause = state.resetRequestsMs ?? 0;
  if (state.remainingTokens !== undefined && tokensPerRequest > 0 && state.remainingTokens < tokensPerRequest) {
    pause = Math.max(pause, state.resetTokensMs ?? 0);
  }
  // Resets are rounded to the millisecond and timers may fire a little early: arriving exactly
  // at the reset would still find the window full.
  return pause > 0 ? pause + RESET_MARGIN_MS : 0;
}

const RESET_MARGIN_MS = 10;

function count(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** OpenAI writes resets as Go durations: `1s`, `6m0s`, `120ms`, `1h2m3.5s`; a bare number is seconds. */
export function parseDuration(value: string | null): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}
