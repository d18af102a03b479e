import type { PairEvidence, SideEvidence } from './case-evidence.js';
import { reviewKey } from '../domain/review.js';
import { applyBudget } from './budget-gate.js';
import { decideCandidates } from './decision.js';
import { pairKey, type CaseInput, type CompareInput, type ExternalEvidence } from './input.js';
import { keptPairEvidence, keptSideEvidence, type EvidenceMemo } from './kept-evidence.js';
import { heldOutSimilarities } from './lexical-rule.js';
import { suiteFloor, usesFloor } from './noise-floor.js';
import { applyReview, conversationOutputs, outputsHash, reviewsByKey } from './review-evidence.js';
import type { CandidateDecision, CaseComparison, Comparison, EarlyStop, NoiseFloor } from './types.js';
import { decideVerdict } from './verdict.js';
import { foldConversations } from './conversation.js';
import type { Review } from '../domain/review.js';

/** One case's evidence: the baseline's side, and each candidate's side and pair with it. */
export interface CaseEvidence {
  testCase: CaseInput;
  baseline: SideEvidence;
  candidates: Record<string, { side: SideEvidence; pair: PairEvidence }>;
}

/**
 * Every candidate against the baseline, case by case, then a decision per candidate. Pure: the
 * edge reads the outputs and supplies what needs IO (JavaScript assertions, judge, embeddings).
 * `memo` holds evidence computed earlier (as answers arrived): it is used, not recomputed.
 */
export function compareRun(input: CompareInput, memo?: EvidenceMemo): Comparison {
  const stopped = input.stopped ?? {};
  // A candidate stopped early was never sent the cases after its decision: those are not compared.
  const evidence = input.cases.map((testCase) =>
    gatherEvidence(
      testCase,
      input.baseline.target,
      input.candidates.filter((name) => !stopped[name] || (testCase.candidates[name] ?? []).length > 0),
      input.external,
      memo,
    ),
  );
  const floor = floorOf(evidence);
  const cases = evidence.flatMap((item) => caseVerdicts(item, floor, input.external));
  const critical = criticalCases(input.cases, input.gate.criticalTags);
  const compared = foldAndReview(input.cases, cases, input.reviews);
  return {
    runId: input.runId,
    baseline: input.baseline,
    candidates: input.candidates,
    gate: input.gate,
    cases: compared,
    decisions: decideCandidates(input.candidates, compared, critical, input.gate).map((d) =>
      applyBudget(stoppedDecision(d, stopped[d.candidate]), input.budget?.[d.candidate], input.gate),
    ),
    helpers: input.helpers ?? { judgeCalls: 0, judgeTokens: 0, embeddingCalls: 0, embeddingTokens: 0 },
  };
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
 * compared lexically (lexical-rule.ts says why the rule anchors on the first sample).
 */
export function floorOf(evidence: Array<Pick<CaseEvidence, 'testCase' | 'baseline'>>): NoiseFloor {
  return suiteFloor(lexicalHeldOut(evidence));
}

export function lexicalHeldOut(evidence: Array<Pick<CaseEvidence, 'testCase' | 'baseline'>>): number[] {
  return evidence.filter(({ testCase }) => usesFloor(testCase.compare.kind)).flatMap(({ baseline }) => heldOutSimilarities(baseline));
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

/** A candidate stopped early keeps the sequential rule's decision, its figures those of the cases it was compared on. */
function stoppedDecision(decision: CandidateDecision, stop: EarlyStop | undefined): CandidateDecision {
  if (!stop) return decision;
  const [headline = '', ...more] = stop.reasons;
  return {
    ...decision,
    decision: stop.decision,
    reasons: [`stopped early after ${stop.cases} case${stop.cases === 1 ? '' : 's'}: ${headline}`, ...more, ...decision.reasons.slice(1)],
    casesNeeded: null,
    stoppedEarly: stop,
  };
}

/** Cases outside the noise floor, or changed by the refusal heuristic, with nothing to confirm it: what a judge or an embeddings model is asked about. */
export function unsettled(comparison: Comparison): Array<{ caseId: string; candidate: string }> {
  // A conversation's turns are judged one by one, under their own ids.
  return comparison.cases
    .flatMap((item) => (item.turns ? item.turns.map((turn) => ({ ...turn, candidate: item.candidate })) : [item]))
    .filter((item) => !item.confirmed && (item.verdict === 'drifted' || item.verdict === 'changed'))
    .map(({ caseId, candidate }) => ({ caseId, candidate }));
}
