// All lexical metrics of one (candidate sample, baseline sample) pair, normalising and
// tokenising each text once and interning the two token sequences once for ROUGE-L and the edit
// distance. Cost is linear in the texts except the two bit-parallel O(n·m/32) passes (lcs.ts,
// edit-distance.ts): ~0.5 ms for a pair of 2 KB outputs, ~10 ms for two unrelated 20 KB ones,
// growing with the square of the length past that (~0.4 s for 200 KB each). There is no cap:
// truncating would change the metric, and outputs that long are far beyond max_tokens.
import type { PairMetrics } from '../types.js';
import { chrF } from './chrf.js';
import { editDistanceFromInterned } from './edit-distance.js';
import { internPair } from './intern.js';
import { normalizeText } from './normalize.js';
import { rougeLFromInterned } from './rouge-l.js';
import { tokenF1 } from './token-f1.js';
import { tokenizeNormalized } from './tokenize.js';

const IDENTICAL: PairMetrics = { exact: true, tokenF1: 1, chrF: 1, rougeL: 1, editDistance: 0, lengthRatio: 1 };

/**
 * exact: normalizeText(candidate) === normalizeText(baseline); tokenF1, rougeL, editDistance on
 * word tokens; chrF on the normalised texts. lengthRatio = candidate words / baseline words, with
 * an empty baseline counted as one word so the ratio stays finite and JSON-safe (Infinity
 * serialises as null): both empty -> 1, baseline empty and candidate of k words -> k.
 */
export function pairMetrics(candidate: string, baseline: string): PairMetrics {
  const normalizedCandidate = normalizeText(candidate);
  const normalizedBaseline = normalizeText(baseline);
  if (normalizedCandidate === normalizedBaseline) return { ...IDENTICAL };

  const candidateTokens = tokenizeNormalized(normalizedCandidate);
  const baselineTokens = tokenizeNormalized(normalizedBaseline);
  const interned = internPair(candidateTokens, baselineTokens);
  return {
    exact: false,
    tokenF1: tokenF1(candidateTokens, baselineTokens),
    chrF: chrF(normalizedCandidate, normalizedBaseline),
    rougeL: rougeLFromInterned(interned.a, interned.b),
    editDistance: editDistanceFromInterned(interned.a, interned.b),
    lengthRatio: lengthRatio(candidateTokens.length, baselineTokens.length),
  };
}

function lengthRatio(candidateWords: number, baselineWords: number): number {
  if (baselineWords === 0) return candidateWords === 0 ? 1 : candidateWords;
  return candidateWords / baselineWords;
}
