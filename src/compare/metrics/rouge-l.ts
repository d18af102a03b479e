// ROUGE-L sentence-level F-measure (Lin 2004) with beta = 1, as google-research's rouge_score
// computes it for `rougeL`: P = LCS / |candidate|, R = LCS / |baseline|, F = 2PR / (P + R).
import { internPair } from './intern.js';
import { lcsLength } from './lcs.js';

/** LCS-based F1 over word tokens. Both empty: 1; exactly one empty, or no common token: 0. */
export function rougeL(candidate: readonly string[], baseline: readonly string[]): number {
  if (candidate.length === 0 || baseline.length === 0) return candidate.length === baseline.length ? 1 : 0;
  const interned = internPair(candidate, baseline);
  return rougeLFromInterned(interned.a, interned.b);
}

/** rougeL on sequences already interned to code units (pairMetrics interns once for two metrics). */
export function rougeLFromInterned(candidate: string, baseline: string): number {
  if (candidate.length === 0 || baseline.length === 0) return candidate.length === baseline.length ? 1 : 0;
  const lcs = lcsLength(candidate, baseline);
  if (lcs === 0) return 0;
  const precision = lcs / candidate.length;
  const recall = lcs / baseline.length;
  return (2 * precision * recall) / (precision + recall);
}
