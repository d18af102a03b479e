// How many cases a suite would need, at the rate it observed, before its Wilson interval settles
// a question: "is agreement above 90%?" (the low bound clears it) or "are regressions below 5%?"
// (the high bound stays under it). Reports show it next to an inconclusive decision.
import { twoSidedZ, wilsonBounds } from './wilson.js';

export interface CasesNeededOptions {
  /** The observed rate, e.g. 0.95 agreement or 0 regressions. */
  rate: number;
  /** The threshold the interval has to clear. */
  bound: number;
  /** 'low': the interval's low bound must be above `bound`; 'high': its high bound must be below. */
  side: 'low' | 'high';
  /** Two-sided confidence of the interval, e.g. 0.95. */
  confidence: number;
  /** Largest answer worth giving (default 1,000,000); beyond it the result is null. */
  max?: number;
}

const DEFAULT_MAX = 1_000_000;

/**
 * The successes a suite of n cases would have at `rate`: the nearest integer. When rate * n is a
 * half (within the rounding of the product), a real suite could land either way, so the count
 * that makes the bound harder to clear is taken.
 */
function roundedSuccesses(rate: number, n: number, side: 'low' | 'high'): number {
  const exact = rate * n;
  const below = Math.floor(exact);
  if (Math.abs(exact - below - 0.5) <= 1e-12 * Math.max(1, exact)) return side === 'low' ? below : below + 1;
  return Math.min(n, Math.max(0, Math.round(exact)));
}

/**
 * The smallest N such that a suite of n cases at the observed `rate` clears `bound` for EVERY
 * n >= N, or null when there is none up to `max` (including when the rate itself is not on the
 * far side of the bound, as the interval then never clears it).
 *
 * "Every n >= N" rather than "the first n": rounding successes to whole cases makes clearing
 * non-monotone in n. At rate 0.95, bound 0.90 and 95%, 121 of 127 clears, 123 of 130 does not,
 * 133 of 140 to 142 of 149 do, 142 of 150 to 144 of 152 do not, and every size from 153 does;
 * "127" would be undone by a slightly larger suite, so the answer is 153.
 *
 * Search: the Wilson interval excludes b exactly when |x - n b| > z sqrt(n b (1 - b)) (it is the
 * set of p the score test does not reject), so with d = |rate - b| and s = z sqrt(b (1 - b)),
 * a suite of n clears whenever d n - 0.5 > s sqrt(n) whatever the rounding (|x - rate n| <= 0.5).
 * That pessimistic test is a quadratic in sqrt(n) with one positive root, so it is monotone and
 * binary search finds its first n, N_P. Every n >= N_P clears; the answer is then found by
 * checking each n below N_P with the real rounded count until one fails. That takes about 2 / d
 * steps: a little below N_P even the optimistic test, d n + 0.5 > s sqrt(n), fails.
 */
export function casesNeeded(options: CasesNeededOptions): number | null {
  const { rate, bound, side, confidence } = options;
  const max = options.max ?? DEFAULT_MAX;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate must be in [0, 1], got ${rate}`);
  if (!(bound >= 0 && bound <= 1)) throw new RangeError(`bound must be in [0, 1], got ${bound}`);
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  const z = twoSidedZ(confidence);

  const distance = side === 'low' ? rate - bound : bound - rate;
  if (!(distance > 0)) return null;

  const clears = (n: number): boolean => {
    const interval = wilsonBounds(roundedSuccesses(rate, n, side), n, z);
    return side === 'low' ? interval.low > bound : interval.high < bound;
  };
  // The answer is at most max only if a suite of max cases clears.
  if (!clears(max)) return null;

  // Slack beyond the 0.5 of rounding covers the floating-point error of rate * n and of the
  // interval (a few ulps of rate n and bound n, in units of cases), so that "surely" implies
  // clears numerically too, not just on paper.
  const s = z * Math.sqrt(bound * (1 - bound));
  const slack = 0.5 + 1e-9;
  const surely = (n: number): boolean => distance * n - s * Math.sqrt(n) > slack + 1e-14 * n * (rate + bound);
  let high = 1;
  while (!surely(high)) {
    // A gap too thin for doubles (distance near 1e-12) would need more cases than any suite has.
    if (high > Number.MAX_SAFE_INTEGER / 4) return null;
    high *= 2;
  }
  let low = Math.floor(high / 2); // surely(low) is false, or low is 0
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (surely(middle)) high = middle;
    else low = middle;
  }
  const firstSure = high;

  let n = firstSure;
  if (firstSure > max) {
    // Suites of max cases clear; so must every size between max and firstSure.
    for (let m = max + 1; m < firstSure; m++) if (!clears(m)) return null;
    n = max;
  }
  while (n > 1 && clears(n - 1)) n--;
  return n;
}
