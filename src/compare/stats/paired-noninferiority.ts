// Tango's score test for a difference of paired proportions against a margin, used where pinned
// asks "does the candidate fall outside the noise floor no more often than the baseline's own
// re-sample does, give or take the margin?" on the same cases (compare/lexical-gate.ts).
//
// Per case two binary outcomes (candidate outside, baseline re-sample outside); only the
// discordant cases move the difference: `worse` (the candidate alone is outside) and `better`
// (the baseline's re-sample alone is). H0: p_worse - p_better >= margin; H1: it is below.
// The statistic is the score statistic with the variance at the maximum-likelihood estimate
// under H0, which Tango (1998) showed keeps its size far better than the Wald form at small
// counts, and which is McNemar's z at margin 0.
//
// Tango, T. (1998). Equivalence test and confidence interval for the difference in proportions
// for the paired-sample design. Statistics in Medicine 17, 891-908.

import { normalCdf } from './normal-cdf.js';

export interface PairedCounts {
  /** Cases compared. */
  n: number;
  /** The candidate alone is outside (b). */
  worse: number;
  /** The baseline's re-sample alone is outside (c). */
  better: number;
}

/**
 * The maximum-likelihood estimate of p_better under p_worse - p_better = margin: the positive
 * root of 2n q^2 + (-(b + c) + (2n - b + c) margin) q - c margin (1 - margin) = 0 (Tango's
 * equation 2; setting the derivative of the constrained trinomial log-likelihood to zero).
 */
export function constrainedBetter({ n, worse, better }: PairedCounts, margin: number): number {
  const a = 2 * n;
  const b = -worse - better + (2 * n - worse + better) * margin;
  const c = -better * margin * (1 - margin);
  return (Math.sqrt(b * b - 4 * a * c) - b) / (2 * a);
}

/** n times the variance of (worse - better) / n under H0: n (2 q + margin (1 - margin)). */
export function nullVariance(counts: PairedCounts, margin: number): number {
  return counts.n * (2 * constrainedBetter(counts, margin) + margin * (1 - margin));
}

/** Tango's z for H0: p_worse - p_better >= margin; its lower tail is the one-sided p-value. */
export function tangoScore(counts: PairedCounts, margin: number): { z: number; pValue: number } {
  check(counts, margin);
  const { n, worse, better } = counts;
  const variance = nullVariance(counts, margin);
  // No case and no margin: nothing to test, and nothing shown.
  if (n === 0 || variance === 0) return { z: 0, pValue: 1 };
  const z = (worse - better - n * margin) / Math.sqrt(variance);
  return { z, pValue: normalCdf(z) };
}

function check({ n, worse, better }: PairedCounts, margin: number): void {
  for (const [name, value] of [
    ['n', n],
    ['worse', worse],
    ['better', better],
  ] as const) {
    if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a count >= 0, got ${value}`);
  }
  if (worse + better > n) throw new RangeError(`worse + better (${worse + better}) cannot exceed n (${n})`);
  if (!(margin >= 0 && margin < 1)) throw new RangeError(`margin must be in [0, 1), got ${margin}`);
}
