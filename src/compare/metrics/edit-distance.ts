// Word-level Levenshtein distance, normalised by the longer sequence.
//
// The distance itself is fastest-levenshtein's (Myers' bit-parallel algorithm, O(n·m/32)) run
// on words interned to single code units (intern.ts), so a 4,000-word pair costs about half a
// million word operations instead of 16 million DP cells.
import { distance } from 'fastest-levenshtein';
import { internPair } from './intern.js';

/**
 * Levenshtein distance over words (insert, delete, substitute, each cost 1) divided by the longer
 * length: 0 for identical sequences (and for two empty ones), 1 when nothing lines up.
 */
export function wordEditDistance(candidate: readonly string[], baseline: readonly string[]): number {
  if (candidate.length === 0 || baseline.length === 0) return candidate.length === baseline.length ? 0 : 1;
  const interned = internPair(candidate, baseline);
  return editDistanceFromInterned(interned.a, interned.b);
}

/** wordEditDistance on sequences already interned to code units. */
export function editDistanceFromInterned(candidate: string, baseline: string): number {
  const longer = Math.max(candidate.length, baseline.length);
  return longer === 0 ? 0 : distance(candidate, baseline) / longer;
}
