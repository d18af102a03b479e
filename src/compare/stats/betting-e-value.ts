// Always-valid evidence that the mean of a bounded per-case score is below 0, from counts alone,
// for `--stop-early` (compare/sequential-tests.ts): a test whose verdict may be read after every
// batch of cases, as often as one likes, at times the data choose, and still be wrong no more
// often than 1 - confidence.
//
// The evidence is the wealth of a gambler who starts with 1 and, on each case, bets a fixed
// fraction of it that the score comes out below 0: after cases with scores x_1..x_t the wealth of
// stake λ is  W_t(λ) = Π (1 - λ x_i),  0 <= λ < 1 / max score. If H0 (mean >= 0) holds, each
// factor has mean at most 1, so W_t is a non-negative supermartingale from 1 and Ville's
// inequality gives P(W_t ever reaches 1/α) <= α: the time-uniform guarantee that lets a run stop
// at whatever look the evidence first suffices. An average of such wealths over several stakes
// is one too (a mixture), so no stake has to be guessed in advance: small stakes win slowly on
// small differences, large ones quickly on large differences, and the mixture pays at most the
// log of the number of stakes for not knowing which. With a fixed stake per process the wealth
// depends only on how many cases had each score, never on their order, which is why a tally of
// counts is enough.
//
// Waudby-Smith, I. & Ramdas, A. (2024; online 2023). Estimating means of bounded random variables by betting.
// Journal of the Royal Statistical Society, Series B 86(1), 1-27 (testing by betting, mixtures of
// constant bets, §4-5). Howard, S. R., Ramdas, A., McAuliffe, J. & Sekhon, J. (2021).
// Time-uniform, nonparametric, nonasymptotic confidence sequences. Annals of Statistics 49(2),
// 1055-1080 (Ville's inequality and why it makes any stopping rule valid).
//
// Why this and not an alpha-spending group-sequential design (O'Brien-Fleming, Lan-DeMets): looks
// here happen after every batch of verdicts as they arrive under concurrency, at times fixed by
// the data and the network, with no maximum sample size known in advance. Alpha spending needs
// the information fraction at each look and a normal approximation of the increments; betting
// e-values need neither and are exact for bounded scores at any count, however small.

/** How many cases had one score. */
export interface Outcome {
  score: number;
  count: number;
}

/**
 * The stakes of the mixture as fractions of the largest safe stake: 20, geometrically spaced from
 * 0.99 (a bet that the bad score never happens: the right stake for an identical model) down to
 * 0.005 (differences of a few percent). Equal weights: nothing favours one effect size.
 */
export const STAKE_FRACTIONS: readonly number[] = Array.from({ length: 20 }, (_, j) => 0.99 * (0.005 / 0.99) ** (j / 19));

/**
 * The e-value against H0: E[score] >= 0, after the outcomes counted: the mixture wealth
 * mean over stakes of Π (1 - λ x)^count. `outcomes` lists every score a case can take, seen or
 * not (count 0): the stakes are scaled to the largest possible score, which must not depend on
 * the data for the guarantee to hold. 1 before any case; large is evidence the mean is below 0.
 */
export function eValueBelow(outcomes: readonly Outcome[]): number {
  for (const { score, count } of outcomes) {
    if (!Number.isFinite(score)) throw new RangeError(`scores must be finite, got ${score}`);
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`counts must be non-negative integers, got ${count}`);
  }
  const top = Math.max(...outcomes.map((o) => o.score));
  // No score above 0 is possible: under H0 every score is 0, and one below 0 disproves it outright.
  if (!(top > 0)) return outcomes.some((o) => o.score < 0 && o.count > 0) ? Number.POSITIVE_INFINITY : 1;
  // Summed in logs: a wealth of 1e300 or 1e-300 is an ordinary figure after a few thousand cases.
  const logs = STAKE_FRACTIONS.map((fraction) => {
    const stake = fraction / top;
    let log = 0;
    for (const { score, count } of outcomes) if (count > 0) log += count * Math.log1p(-stake * score);
    return log;
  });
  const peak = Math.max(...logs);
  const sum = logs.reduce((total, log) => total + Math.exp(log - peak), 0);
  return Math.exp(peak + Math.log(sum / logs.length));
}

/** The e-value against H0: E[score] <= 0 (evidence the mean is above 0): eValueBelow of the negated scores. */
export function eValueAbove(outcomes: readonly Outcome[]): number {
  return eValueBelow(outcomes.map(({ score, count }) => ({ score: -score, count })));
}

/** Evidence that a rate is below p0 (H0: rate >= p0) after `count` of `n` cases had the event. */
export function eValueRateBelow(count: number, n: number, p0: number): number {
  return eValueBelow(rateOutcomes(count, n, p0));
}

/** Evidence that a rate is above p0 (H0: rate <= p0) after `count` of `n` cases had the event. */
export function eValueRateAbove(count: number, n: number, p0: number): number {
  return eValueAbove(rateOutcomes(count, n, p0));
}

function rateOutcomes(count: number, n: number, p0: number): Outcome[] {
  if (!(p0 >= 0 && p0 <= 1)) throw new RangeError(`p0 must be in [0, 1], got ${p0}`);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (count > n) throw new RangeError(`count (${count}) cannot exceed n (${n})`);
  return [
    { score: 1 - p0, count },
    { score: -p0, count: n - count },
  ];
}
