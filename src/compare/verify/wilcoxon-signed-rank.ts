// One-sided Wilcoxon signed-rank test of "the differences are centred on 0" for the paired test.
//
// Written here, not imported. The one maintained npm implementation (@stdlib/stats-wilcoxon,
// checked at 0.2.3) installs 241 packages (26 MB) for what is 60 lines below, and like R's
// wilcox.test it falls back to the normal approximation whenever there is a tie or a zero, even
// at n = 5. Here the exact distribution also covers ties and zeros:
// - Zeros (|d| within ZERO of 0) follow Pratt (1959): they are ranked with the rest, then carry
//   no sign. A zero means "the endpoint was exactly as close to the recording as the second
//   recording was", which is evidence of no difference; dropping zeros (Wilcoxon's method)
//   throws that away and makes the test react to the zeros' pattern.
// - Ties get midranks. Doubled midranks are integers, so the null distribution of the statistic
//   (the sum of ranks given a + sign, each sign + or - with probability 1/2 independently) is
//   built exactly by convolution over the doubled ranks: the permutation distribution
//   conditional on the observed ranks, which is what the normal approximation approximates.
// - Exact up to EXACT_MAX signed differences (the cost grows as n^3: n = 50 is about 65,000 steps),
//   the normal approximation above, with the tie- and zero-corrected variance (sum of squared
//   ranks / 4) and R's continuity correction of 0.5. Above 50 its one-sided p differs from the
//   exact one by under 0.001 for p between 0.005 and 0.1, around the 0.025 that decides
//   (checked in the tests); R and scipy switch at the same n.
import { normalCdf, normalUpperTail } from '../stats/normal-cdf.js';

export type Alternative = 'less' | 'greater';

export interface SignedRankResult {
  /** Differences given. */
  n: number;
  /** Differences counted as 0 (ranked, no sign). */
  zeros: number;
  /** W+: the sum of the (mid)ranks of the positive differences. */
  statistic: number;
  /** W+ expected under H0: half the ranks of the non-zero differences. */
  expected: number;
  method: 'exact' | 'normal';
  /** One-sided: P(W+ <= observed) for 'less', P(W+ >= observed) for 'greater'. 1 when all are zero. */
  pValue: number;
}

export const EXACT_MAX = 50;
/** Differences are differences of similarity scores in [0, 1]; below this they are rounding. */
export const ZERO = 1e-12;

/**
 * 'less' asks whether the differences tend to be below 0 (the paired test's direction: the
 * endpoint is further from the recording than a second recording is).
 */
export function wilcoxonSignedRank(differences: readonly number[], alternative: Alternative): SignedRankResult {
  for (const d of differences) if (!Number.isFinite(d)) throw new RangeError(`wilcoxonSignedRank: not a finite number: ${d}`);
  const ranks = midranks(differences.map((d) => (Math.abs(d) <= ZERO ? 0 : Math.abs(d))));
  const signed: number[] = []; // doubled ranks of the non-zero differences
  let doubledPlus = 0;
  differences.forEach((d, i) => {
    if (Math.abs(d) <= ZERO) return;
    const doubled = Math.round(2 * ranks[i]!);
    signed.push(doubled);
    if (d > 0) doubledPlus += doubled;
  });
  const zeros = differences.length - signed.length;
  const total = signed.reduce((sum, r) => sum + r, 0);
  const base = { n: differences.length, zeros, statistic: doubledPlus / 2, expected: total / 4 };
  if (signed.length === 0) return { ...base, method: 'exact', pValue: 1 };
  if (signed.length <= EXACT_MAX) return { ...base, method: 'exact', pValue: exactTail(signed, doubledPlus, alternative) };
  return { ...base, method: 'normal', pValue: normalTail(signed, doubledPlus, alternative) };
}

/** Ranks 1..n of the values, ties sharing the mean of their positions. */
function midranks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && tied(values[order[end]!]!, values[order[start]!]!)) end++;
    const rank = (start + 1 + end) / 2; // mean of positions start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

// Two similarity differences computed along different paths can differ in the last bits.
function tied(a: number, b: number): boolean {
  return Math.abs(a - b) <= ZERO * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The exact tail from the null distribution of the doubled W+, built one rank at a time. */
function exactTail(doubledRanks: readonly number[], observed: number, alternative: Alternative): number {
  const total = doubledRanks.reduce((sum, r) => sum + r, 0);
  let dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (const r of doubledRanks) {
    const next = new Float64Array(total + 1);
    for (let s = 0; s <= reach; s++) {
      const p = dist[s]! / 2;
      if (p === 0) continue;
      next[s]! += p;
      next[s + r]! += p;
    }
    reach += r;
    dist = next;
  }
  let tail = 0;
  if (alternative === 'less') for (let s = 0; s <= observed; s++) tail += dist[s]!;
  else for (let s = observed; s <= total; s++) tail += dist[s]!;
  return Math.min(1, tail);
}

function normalTail(doubledRanks: readonly number[], observed: number, alternative: Alternative): number {
  let sum = 0;
  let squares = 0;
  for (const doubled of doubledRanks) {
    sum += doubled / 2;
    squares += (doubled / 2) ** 2;
  }
  const sd = Math.sqrt(squares / 4);
  const plus = observed / 2;
  const z = alternative === 'less' ? (plus - sum / 2 + 0.5) / sd : (plus - sum / 2 - 0.5) / sd;
  return Math.min(1, alternative === 'less' ? normalCdf(z) : normalUpperTail(z));
}
