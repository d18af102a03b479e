// Paired sign-flip (permutation) test on many features at once, for the style test.
//
// Row i holds, per feature, endpoint's value minus the recording's value on prompt i. If the
// endpoint serves the recorded snapshot at the recorded settings, its answer and the recorded
// one are two draws from the same distribution, so each row is as likely to appear as its
// negation: flipping the sign of whole rows (all features of one prompt together, which keeps
// the features' correlation) gives the null distribution of any statistic, with no assumption
// about the features' distributions or how they correlate. Exact for any n, unlike a t-test on
// counts that are mostly 0.
//
// The statistic combines the features as the sum over features of z_f^2, where z_f is the sum
// of feature f's differences over the rows divided by the square root of the sum of their
// squares (a self-normalised mean difference; the denominator does not change under sign flips,
// so each flip costs n x features additions). A sum of squares catches a substitute that moves
// many features a little as well as one that moves a few a lot; on alpaca_eval it had more
// power than max |z_f| against every later snapshot (bench/verify.bench.mjs).
//
// p-value: exact enumeration of the 2^(n-1) distinct sign patterns (the statistic is the same
// for a pattern and its negation) when that is at most `flips`; otherwise `flips` random
// patterns from a seeded PRNG and p = (1 + hits) / (1 + flips), which is a valid p-value for
// any number of flips (Phipson & Smyth 2010), so the Monte Carlo never makes the test liberal.
import { mulberry32 } from './prng.js';

export interface SignFlipResult {
  /** Sum over features of z^2. */
  statistic: number;
  /** Per feature: sum of differences / sqrt(sum of squared differences); 0 when all are 0. */
  z: number[];
  pValue: number;
  method: 'exact' | 'monte-carlo';
  /** Sign patterns compared with the observed one. */
  flips: number;
}

export interface SignFlipOptions {
  /** Random sign patterns when exact enumeration would need more (default 9999). */
  flips?: number;
  seed?: number;
}

export const DEFAULT_FLIPS = 9999;
// Two patterns whose statistics differ only by rounding count as equal, i.e. as a hit.
const RELATIVE_TIE = 1e-12;

/** rows: one array per prompt, all of the same length (the features). */
export function signFlipTest(rows: readonly ArrayLike<number>[], options: SignFlipOptions = {}): SignFlipResult {
  const flips = options.flips ?? DEFAULT_FLIPS;
  if (!Number.isInteger(flips) || flips < 1) throw new RangeError(`signFlipTest: flips must be a positive integer, got ${flips}`);
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  for (const row of rows) if (row.length !== width) throw new RangeError('signFlipTest: rows differ in length');

  // Scale each feature by the root of its sum of squares; a feature that never differs is dropped.
  const columns: number[] = [];
  const scales: number[] = [];
  for (let f = 0; f < width; f++) {
    let squares = 0;
    for (const row of rows) squares += row[f]! ** 2;
    if (squares > 0) {
      columns.push(f);
      scales.push(Math.sqrt(squares));
    }
  }
  const k = columns.length;
  const x = new Float64Array(n * k);
  rows.forEach((row, i) => columns.forEach((f, j) => (x[i * k + j] = row[f]! / scales[j]!)));

  const sums = new Float64Array(k);
  const statisticOf = (sign: (i: number) => number): number => {
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const s = sign(i);
      const offset = i * k;
      for (let j = 0; j < k; j++) sums[j]! += s * x[offset + j]!;
    }
    let total = 0;
    for (let j = 0; j < k; j++) total += sums[j]! ** 2;
    return total;
  };

  const observed = statisticOf(() => 1);
  const z = new Array<number>(width).fill(0);
  columns.forEach((f, j) => (z[f] = sums[j]!));
  const threshold = observed * (1 - RELATIVE_TIE);

  if (k === 0 || n === 0) return { statistic: 0, z, pValue: 1, method: 'exact', flips: 0 };
  if (n - 1 < 31 && 2 ** (n - 1) <= flips) {
    const patterns = 2 ** (n - 1);
    let hits = 0;
    for (let mask = 0; mask < patterns; mask++) {
      // Row 0 keeps its sign; bit i-1 of mask flips row i.
      if (statisticOf((i) => (i > 0 && mask & (1 << (i - 1)) ? -1 : 1)) >= threshold) hits++;
    }
    return { statistic: observed, z, pValue: hits / patterns, method: 'exact', flips: patterns };
  }

  // The hot loop of verify: written out with typed arrays, and 32 signs from each PRNG draw.
  const random = mulberry32(options.seed ?? 1);
  let hits = 0;
  for (let b = 0; b < flips; b++) {
    sums.fill(0);
    let bits = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 31) === 0) bits = (random() * 4294967296) >>> 0;
      const sign = (bits >>> (i & 31)) & 1 ? -1 : 1;
      const offset = i * k;
      for (let j = 0; j < k; j++) sums[j]! += sign * x[offset + j]!;
    }
    let total = 0;
    for (let j = 0; j < k; j++) total += sums[j]! * sums[j]!;
    if (total >= threshold) hits++;
  }
  return { statistic: observed, z, pValue: (1 + hits) / (1 + flips), method: 'monte-carlo', flips };
}
