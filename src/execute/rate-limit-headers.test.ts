import { describe, expect, it } from 'vitest';
import { parseDuration, pauseBeforeLimit, readRateLimitHeaders } from './rate-limit-headers.js';

describe('x-ratelimit headers', () => {
  it('parses Go-style durations as OpenAI sends them', () => {
    expect(parseDuration('1s')).toBe(1000);
    expect(parseDuration('6m0s')).toBe(360_000);
    expect(parseDuration('120ms')).toBe(120);
    expect(parseDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseDuration('2')).toBe(2000);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration(null)).toBeUndefined();
  });

  it('reads the remaining allowance and pauses only when it has run out', () => {
    const headers = new Headers({
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '250ms',
      'x-ratelimit-remaining-tokens': '90',
      'x-ratelimit-reset-tokens': '1s',
    });
    const state = readRateLimitHeaders(headers);
    expect(state).toEqual({ remainingRequests: 0, remainingTokens: 90, resetRequestsMs: 250, resetTokensMs: 1000 });
    expect(pauseBeforeLimit(state, 50)).toBe(260); // the reset plus a 10 ms margin
    expect(pauseBeforeLimit(state, 100)).toBe(1010);
    expect(pauseBeforeLimit({ remainingRequests: 3, remainingTokens: 500, resetRequestsMs: 10 }, 100)).toBe(0);
    expect(readRateLimitHeaders(new Headers({ 'content-type': 'application/json' }))).toBeUndefined();
  });
});
