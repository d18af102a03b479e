// The parts of a comparison, case by case: a case's evidence (kept evidence first), the suite's
// lexical floor over the cases so far, each candidate's verdict under it, conversations folded and
// reviews applied. compareRun puts them together for a whole run; pinned run also uses them one
// case at a time as answers arrive (pipeline/compare-as-arriving.ts).
import type { PairEvidence, SideEvidence } from './case-evidence.js';
import { reviewKey, type Review } from '../domain/review.js';
import { foldConversations } from './conversation.js';
import { pairKey, type CaseInput, type ExternalEvidence } from './input.js';
import { keptPairEvidence, keptSideEvidence, type EvidenceMemo } from './kept-evidence.js';
import { heldOutSimilarities } from './lexical-rule.js';
import { suiteFloor, usesFloor } from './noise-floor.js';
import { applyReview, conversationOutputs, outputsHash, reviewsByKey } from './review-evidence.js';
import type { CaseComparison, NoiseFloor } from './types.js';
import { decideVerdict } from './verdict.js';

/** One case's evidence: the baseline's side, and each candidate's side and pair with it. */
export interface CaseEvidence {
  testCase: CaseInput;
  baseline: SideEvidence;
  candidates: Record<string, { side: SideEvidence; pair: PairEvidence }>;
}

/** The evidence of one case for the given candidates (kept evidence first). */
export function gatherEvidence(
  testCase: CaseInput,
  baselineTarget: string,
  candidates: string[],
  external: ExternalEvidence | undefined,
  memo?: EvidenceMemo,
): CaseEvidence {
  const baseline = keptSideEvidence(testCase, baselineTarget, testCase.baseline, external, memo);
  const sides: CaseEvidence['candidates'] = {};
  for (const name of candidates) {
    const side = keptSideEvidence(testCase, name, testCase.candidates[name] ?? [], external, memo);
    sides[name] = { side: side.evidence, pair: keptPairEvidence(testCase, baseline, side, memo) };
  }
  return { testCase, baseline: baseline.evidence, candidates: sides };
}

/**
 * One floor for the suite: the baseline's held-out samples against its first, over every case
 * compared lexically (lexical-rule.ts says why the rule anchors on the first sample). One case at
 * a time: no case's evidence is held once its similarities are taken.
 */
export function floorOf(
  cases: readonly CaseInput[],
  baselineTarget: string,
  external: ExternalEvidence | undefined,
  memo?: EvidenceMemo,
): NoiseFloor {
  return suiteFloor(cases.flatMap((testCase) => heldOutOf(testCase, baselineTarget, external, memo)));
}

/**
 * What one case gives the suite's floor: the baseline's held-out similarities when the case is
 * compared lexically. With fewer than two baseline outputs there are none, and no evidence is computed.
 */
export function heldOutOf(
  testCase: CaseInput,
  baselineTarget: string,
  external: ExternalEvidence | undefined,
  memo?: EvidenceMemo,
): number[] {
  if (!usesFloor(testCase.compare.kind) || testCase.baseline.filter((sample) => sample.ok).length < 2) return [];
  return heldOutSimilarities(keptSideEvidence(testCase, baselineTarget, testCase.baseline, external, memo).evidence);
}

/**
 * Every value the verdicts of one case compare with the suite's floor (verdict.ts, lexical-rule.ts):
 * a floor that moves past none of them leaves the case's verdicts as they are, but for the floor
 * they name. A superset will do: a case decided again for nothing only costs the time.
 */
export function floorThresholds(evidence: CaseEvidence): number[] {
  // Not only kinds compared lexically: a typed case whose outputs give no value is compared as text.
  const values = [...evidence.baseline.self];
  for (const { pair } of Object.values(evidence.candidates)) {
    if (pair.similarity !== null) values.push(pair.similarity);
    for (const row of pair.similarities) values.push(...row);
  }
  return values;
}

/** The verdict of each candidate on one case (a conversation: on one of its turns), under the suite's floor. Cheap: no metric is computed. */
export function caseVerdicts(evidence: CaseEvidence, floor: NoiseFloor, external: ExternalEvidence | undefined): CaseComparison[] {
  const { testCase, baseline } = evidence;
  const baselineHash = outputsHash(testCase.baseline);
  return Object.entries(evidence.candidates).map(([candidate, { side, pair }]) => {
    const key = pairKey(testCase.id, candidate);
    const judge = external?.judge?.get(key);
    const embedding = external?.embeddings?.get(key);
    const verdict = decideVerdict({
      testCase,
      candidate,
      baseline,
      side,
      pair,
      floor,
      ...(judge && { judge }),
      ...(embedding && { embedding }),
    });
    const candidateHash = outputsHash(testCase.candidates[candidate] ?? []);
    if (baselineHash && candidateHash) verdict.outputs = { baseline: baselineHash, candidate: candidateHash };
    return verdict;
  });
}

/** Conversations folded from their turns, then people's reviews applied to what they saw: a whole conversation, not one of its turns. */
export function foldAndReview(cases: readonly CaseInput[], comparisons: CaseComparison[], reviews: Review[] | undefined): CaseComparison[] {
  const byKey = reviewsByKey(reviews);
  return foldConversations(cases, comparisons).map((c) =>
    applyReview(c.turns ? { ...c, outputs: conversationOutputs(c.turns) } : c, byKey.get(reviewKey(c.caseId, c.candidate))),
  );
}

export function criticalCases(cases: readonly CaseInput[], criticalTags: string[]): Set<string> {
  return new Set(cases.filter((c) => c.tags.some((tag) => criticalTags.includes(tag))).map((c) => c.conversation?.caseId ?? c.id));
}
