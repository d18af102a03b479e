// Exact binomial tails and the one-sided exact binomial tests built on them.
import { logBinomialPmf } from './binomial-pmf.js';

/** Below this share of the running sum a term can no longer change the sum of doubles. */
const NEGLIGIBLE = 1e-18;

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

function assertProbability(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
}

/**
 * P(X >= k) ('greater') or P(X <= k) ('less') for X ~ Bin(n, p), exactly (no normal
 * approximation). k may lie outside [0, n]; the tail is then 0 or 1.
 */
export function binomialTail(k: number, n: number, p: number, side: 'greater' | 'less'): number {
  assertCount('n', n);
  if (!Number.isSafeInteger(k)) throw new RangeError(`k must be an integer, got ${k}`);
  assertProbability('p', p);

  // The summed range [lo, hi] of outcomes, and the degenerate cases that need no sum.
  const lo = side === 'greater' ? Math.max(k, 0) : 0;
  const hi = side === 'greater' ? n : Math.min(k, n);
  if (lo > hi) return 0;
  if (lo === 0 && hi === n) return 1;
  if (p === 0) return lo === 0 ? 1 : 0; // X = 0 surely
  if (p === 1) return hi === n ? 1 : 0; // X = n surely

  // Sum outward from the largest term in the range: the pmf is unimodal (log-concave), so terms
  // fall on both sides of it and every term is computed as a ratio to it, in (0, 1]. That keeps
  // the sum free of overflow and underflow at any n, and lets the loops stop once terms no
  // longer matter: past that point the ratios only shrink, so what is left is below 1e-16 of it.
  const mode = Math.floor((n + 1) * p);
  const start = Math.min(Math.max(mode, lo), hi);
  const odds = p / (1 - p);
  let relativeSum = 1;

  let term = 1;
  for (let i = start; i < hi; i++) {
    term *= ((n - i) / (i + 1)) * odds; // P(X = i + 1) / P(X = i)
    relativeSum += term;
    if (term <= relativeSum * NEGLIGIBLE) break;
  }
  term = 1;
  for (let i = start; i > lo; i--) {
    term *= i / ((n - i + 1) * odds); // P(X = i - 1) / P(X = i)
    relativeSum += term;
    if (term <= relativeSum * NEGLIGIBLE) break;
  }

  // Summing in log space: P(X = start) alone may underflow while the tail does not.
  return Math.min(1, Math.exp(logBinomialPmf(start, n, p) + Math.log(relativeSum)));
}

function assertTestArguments(successes: number, n: number, p0: number): void {
  assertCount('n', n);
  assertCount('successes', successes);
  if (successes > n) throw new RangeError(`successes (${successes}) cannot exceed n (${n})`);
  assertProbability('p0', p0);
}

/**
 * One-sided exact binomial test, H1: rate > p0. The p-value is P(X >= successes) under p0, as
 * R's binom.test(successes, n, p0, alternative = "greater").
 */
export function binomialTestGreater(successes: number, n: number, p0: number): number {
  assertTestArguments(successes, n, p0);
  return binomialTail(successes, n, p0, 'greater');
}

/**
 * One-sided exact binomial test, H1: rate < p0. The p-value is P(X <= successes) under p0, as
 * R's binom.test(successes, n, p0, alternative = "less").
 */
export function binomialTestLess(successes: number, n: number, p0: number): number {
  assertTestArguments(successes, n, p0);
  return binomialTail(successes, n, p0, 'less');
}
