// Wilson score interval for a binomial proportion.
//
// Chosen over the Wald interval because it stays inside [0, 1] and keeps near-nominal coverage
// at the rates this tool lives at (0 regressions, 100% agreement), where Wald collapses to a
// zero-width interval (Agresti & Coull 1998; Brown, Cai & DasGupta 2001).
//
// Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
// JASA 22(158), 209-212. It equals R's prop.test(x, n, correct = FALSE)$conf.int.
import { normalQuantile } from './normal-quantile.js';

export interface Interval {
  low: number;
  high: number;
}

/** The z of a two-sided interval at `confidence`: the (1 + confidence) / 2 normal quantile. */
export function twoSidedZ(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
  // From the small tail, (1 - confidence) / 2, where the quantile keeps its precision.
  return -normalQuantile((1 - confidence) / 2);
}

/**
 * The Wilson interval for `successes` out of `n` with a given z. The bounds are the roots p of
 * (x - n p)^2 = z^2 n p (1 - p). The textbook centre - half-width subtracts two nearly equal
 * numbers when x is small and loses relative precision in the low bound, so this uses the
 * conjugate form of the same roots, which has no subtraction:
 *   low = x^2 / (n (A + B)),  high = (A + B) / (n + z^2),  A = x + z^2/2,  B = z sqrt(x (n - x) / n + z^2/4)
 * and the bound nearer 1 is taken from the other end by symmetry, high(x) = 1 - low(n - x).
 * x = 0 gives low exactly 0 and x = n gives high exactly 1.
 */
export function wilsonBounds(successes: number, n: number, z: number): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const z2 = z * z;
  const aPlusB = (x: number): number => x + z2 / 2 + z * Math.sqrt((x * (n - x)) / n + z2 / 4);
  const lowOf = (x: number): number => (x * x) / (n * aPlusB(x));
  const x = successes;
  if (2 * x <= n) return { low: lowOf(x), high: aPlusB(x) / (n + z2) };
  return { low: 1 - aPlusB(n - x) / (n + z2), high: 1 - lowOf(n - x) };
}

/** Two-sided Wilson score interval at `confidence` (e.g. 0.95); n = 0 gives [0, 1]. */
export function wilsonInterval(successes: number, n: number, confidence: number): Interval {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`successes must be an integer in [0, n], got ${successes} of ${n}`);
  }
  return wilsonBounds(successes, n, twoSidedZ(confidence));
}
