// The noise rule for cases nothing but the text can settle, applied the same way to the candidate
// and to a held-out sample of the baseline, so the suite can ask whether the candidate falls
// outside the baseline's noise more often than the baseline itself does (decision.ts).
//
// The anchor is the baseline's first sample. A sample is outside when its token F1 to the anchor
// is below the suite's floor, or when one of the two refuses (by the refusal heuristic) and the
// other does not. The candidate is judged on its first j samples, the baseline on its samples
// 2..j+1, j = min(candidate samples, baseline samples - 1), outside by strict majority: the
// same statistic on the same number of samples, so under "the candidate is another draw of the
// baseline" both are outside equally often. With one baseline sample there is nothing held out;
// the candidate's first sample is judged and the calibrated default rate stands for the baseline.
import type { PairEvidence, SideEvidence } from './case-evidence.js';
import { majority, median } from './similarity.js';
import type { LexicalFlags } from './types.js';

const EPSILON = 1e-9;

/** Similarities of the baseline's held-out samples to its first: what the suite's floor is the 10th percentile of. */
export function heldOutSimilarities(baseline: SideEvidence): number[] {
  // `self` lists pairs (0,1), (0,2), ..., (0,k-1), (1,2), ...: the first k - 1 are the anchor's.
  return baseline.self.slice(0, Math.max(0, baseline.compared.length - 1));
}

export function lexicalFlags(
  baseline: SideEvidence,
  candidate: SideEvidence,
  pair: PairEvidence,
  floor: number,
): LexicalFlags & { similarity: number } {
  const anchorRefuses = baseline.sampleFlags[0]?.refusal ?? false;
  const k = baseline.compared.length;
  const j = k >= 2 ? Math.min(candidate.compared.length, k - 1) : 1;
  const held = heldOutSimilarities(baseline);
  const judge = (similarities: number[], flags: SideEvidence['sampleFlags']) => {
    const outside = similarities.map((s, i) => s < floor - EPSILON || (flags[i]?.refusal ?? false) !== anchorRefuses);
    return { outside: majority(outside), similarity: median(similarities)! };
  };
  const cand = judge(
    pair.similarities.slice(0, j).map((row) => row[0]!),
    candidate.sampleFlags.slice(0, j),
  );
  const own = k >= 2 ? judge(held.slice(0, j), baseline.sampleFlags.slice(1, j + 1)) : null;
  return {
    outside: cand.outside,
    similarity: cand.similarity,
    baselineOutside: own?.outside ?? null,
    baselineSimilarity: own?.similarity ?? null,
  };
}
