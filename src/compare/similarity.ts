import type { PairMetrics } from './types.js';

/**
 * The one number the noise floor is measured in: token F1. Chosen on real data
 * (bench/calibrate-noise-floor.bench.mjs, README "Calibration"): on alpaca_eval it separates
 * two samples of gpt-4-0314 from gpt-4-0314 against later snapshots best of the local metrics
 * (AUC 0.751; chrF 0.733, ROUGE-L 0.715, edit distance 0.672). That none does much better is
 * why lexical verdicts are marked unconfirmed.
 */
export function primarySimilarity(metrics: PairMetrics): number {
  return metrics.tokenF1;
}

export const PRIMARY_METRIC = 'tokenF1';

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** Strictly more than half. */
export function majority(flags: boolean[]): boolean {
  return flags.filter(Boolean).length * 2 > flags.length;
}
