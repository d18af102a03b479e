import type { NoiseFloor } from './types.js';
import type { CompareKind } from '../suite/types.js';
import { quantile } from './similarity.js';

/**
 * The similarity two samples of the same model reach, when a suite gives no samples to measure
 * it: the 10th percentile of token F1 between two independent gpt-4-0314 samples of the same
 * prompt (alpaca_eval `outputs` vs `outputs_alt`, 662 prompts: p10 = 0.457; see
 * bench/calibrate-noise-floor.bench.mjs). So a re-sample of the pinned model itself is called
 * drifted about one time in ten. Those samples were drawn at temperature 0.7, so the floor is
 * lenient for suites run at 0: give the baseline `samples: 2` or more to measure the real one.
 */
export const DEFAULT_FLOOR = 0.46;

/** At least this many self-similarity pairs before a pooled floor means anything. */
const MIN_POOLED = 5;
const POOLED_QUANTILE = 0.1;

/** The floor pooled over the suite: a low percentile of every self-similarity observed. */
export function pooledFloor(selfSimilarities: number[]): number | null {
  return selfSimilarities.length >= MIN_POOLED ? quantile(selfSimilarities, POOLED_QUANTILE) : null;
}

/**
 * How similar a candidate must be to count as within the baseline's own noise, from the best
 * evidence there is: the baseline's own samples of this case; else the candidate's own samples;
 * else the suite's pooled floor; else the calibrated default.
 */
export function chooseFloor(baselineSelf: number[], candidateSelf: number[], pooled: number | null): NoiseFloor {
  if (baselineSelf.length > 0) return { source: 'baseline', value: Math.min(...baselineSelf) };
  if (candidateSelf.length > 0) return { source: 'candidate', value: Math.min(...candidateSelf) };
  if (pooled !== null) return { source: 'pooled', value: pooled };
  return { source: 'default', value: DEFAULT_FLOOR };
}

export function describeFloor(floor: NoiseFloor): string {
  const value = floor.value.toFixed(2);
  switch (floor.source) {
    case 'baseline':
      return `the baseline's own spread on this case (its samples agree to ${value})`;
    case 'candidate':
      return `the candidate's own spread on this case (one baseline sample; the candidate's samples agree to ${value})`;
    case 'pooled':
      return `the suite's pooled noise floor (${value}, from samples of other cases)`;
    case 'default':
      return `the default noise floor (${value}, calibrated on two gpt-4-0314 samples; give the baseline samples: 2 to measure it)`;
  }
}

/** Kinds whose similarity is lexical evidence; the others are settled by typed checks. */
export function usesFloor(kind: CompareKind): boolean {
  return kind === 'text' || kind === 'code';
}
