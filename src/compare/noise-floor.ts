import type { NoiseFloor } from './types.js';
import type { CompareKind } from '../suite/types.js';
import { quantile } from './similarity.js';

/**
 * The similarity two samples of the same model reach, when a suite gives no samples to measure
 * it: the 10th percentile of token F1 between two independent gpt-4-0314 samples of the same
 * prompt (alpaca_eval `outputs` vs `outputs_alt`, 662 prompts: p10 = 0.457; see
 * bench/calibrate-noise-floor.bench.mjs). Those samples were drawn at temperature 0.7, so the
 * floor is lenient for suites run at 0: give the baseline `samples: 2` or more to measure the
 * suite's own.
 */
export const DEFAULT_FLOOR = 0.46;

/**
 * How often the baseline falls below its own floor, by the floor's definition: a 10th
 * percentile leaves one re-sample in ten below it (on the calibration set, 70 of 662 = 10.6%).
 */
export const DEFAULT_SELF_DISAGREEMENT = 0.1;

/** Below this many held-out baseline samples the suite's own percentile means little: the default stands. */
const MIN_POOLED = 5;
const FLOOR_QUANTILE = 0.1;

/**
 * One floor for every case the suite compares lexically: the 10th percentile of the similarity
 * of the baseline's held-out samples (2nd, 3rd, ...) to its first, the very statistic the rule
 * compares a candidate with, so a re-sample of the baseline falls below it one time in ten;
 * else the calibrated default. One floor per suite, not per case: with two samples a per-case
 * floor is a single similarity, and the baseline's own third sample would fall below it about
 * half the time.
 */
export function suiteFloor(heldOut: readonly number[]): NoiseFloor {
  if (heldOut.length >= MIN_POOLED) return { source: 'pooled', value: quantile(heldOut, FLOOR_QUANTILE)! };
  return { source: 'default', value: DEFAULT_FLOOR };
}

export function describeFloor(floor: NoiseFloor): string {
  const value = floor.value.toFixed(2);
  switch (floor.source) {
    case 'pooled':
      return `the suite's noise floor (${value}: the baseline's own re-samples fall below it one time in ten)`;
    case 'default':
      // Said so that it holds whether the baseline lacks samples or the suite lacks text cases.
      return `the default noise floor (${value}, calibrated on two gpt-4-0314 samples; the suite's own is measured once ${MIN_POOLED} text or code cases have a second baseline sample: samples: 2)`;
    // Older comparisons chose a floor per case.
    case 'baseline':
      return `the baseline's own spread on this case (its samples agree to ${value})`;
    case 'candidate':
      return `the candidate's own spread on this case (${value})`;
  }
}

/** Kinds whose similarity is lexical evidence; the others are settled by typed checks. */
export function usesFloor(kind: CompareKind): boolean {
  return kind === 'text' || kind === 'code';
}
