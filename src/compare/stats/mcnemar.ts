// Exact McNemar test on the discordant pairs of a paired comparison: cases the baseline passed
// and the candidate failed (negative flips, b) against the reverse (positive flips, c).
//
// Under H0 each discordant pair is equally likely to go either way, so b ~ Bin(b + c, 1/2) and
// the test is the two-sided exact binomial test at 0.5 (McNemar 1947; the exact form as in
// Fagerland, Lydersen & Laake 2013). The chi-square version is avoided because suites are
// small and discordant counts of 0 to 10 are the normal case, where it is badly calibrated.
import { binomialTail } from './binomial.js';

export interface McNemarResult {
  /** b: pairs the baseline got right and the candidate wrong. */
  negative: number;
  /** c: pairs the candidate got right and the baseline wrong. */
  positive: number;
  /** b + c, the only pairs that carry information about a difference. */
  discordant: number;
  /** Two-sided exact p-value; equals R's mcnemar.test exact variant, binom.test(b, b + c)$p.value. */
  pValue: number;
}

export function mcnemarExact(negativeFlips: number, positiveFlips: number): McNemarResult {
  for (const [name, value] of [
    ['negativeFlips', negativeFlips],
    ['positiveFlips', positiveFlips],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  const discordant = negativeFlips + positiveFlips;
  // Bin(m, 1/2) is symmetric, so R's two-sided rule (sum every outcome no more likely than the
  // observed one) is twice the smaller tail, and taking it at min(b, c) makes the result
  // symmetric in (b, c) by construction. When b and c differ by at most 1 the smaller tail
  // reaches the middle, so the p-value is exactly 1 (b = c counts the middle twice and is capped;
  // |b - c| = 1 is exactly half on each side); returned as such rather than a sum that rounds
  // to 0.9999999999999971.
  const pValue =
    Math.abs(negativeFlips - positiveFlips) <= 1
      ? 1
      : Math.min(1, 2 * binomialTail(Math.min(negativeFlips, positiveFlips), discordant, 0.5, 'less'));
  return { negative: negativeFlips, positive: positiveFlips, discordant, pValue };
}
