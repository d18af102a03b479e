import { pairEvidence, sideEvidence, type SideEvidence } from './case-evidence.js';
import { reviewKey } from '../domain/review.js';
import { applyBudget } from './budget-gate.js';
import { decideCandidates } from './decision.js';
import { pairKey, type CompareInput } from './input.js';
import { heldOutSimilarities } from './lexical-rule.js';
import { suiteFloor, usesFloor } from './noise-floor.js';
import { applyReview, conversationOutputs, outputsHash, reviewsByKey } from './review-evidence.js';
import type { CaseComparison, Comparison } from './types.js';
import { decideVerdict } from './verdict.js';
import { foldConversations } from './conversation.js';

/**
 * Every candidate against the baseline, case by case, then a decision per candidate. Pure: the
 * edge reads the outputs and supplies what needs IO (JavaScript assertions, judge, embeddings).
 */
export function compareRun(input: CompareInput): Comparison {
  const external = input.external;
  const evidence = input.cases.map((testCase) => ({
    testCase,
    baseline: sideEvidence(testCase, input.baseline.target, testCase.baseline, external),
    candidates: Object.fromEntries(
      input.candidates.map((name) => [name, sideEvidence(testCase, name, testCase.candidates[name] ?? [], external)]),
    ) as Record<string, SideEvidence>,
  }));

  // One floor for the suite: the baseline's held-out samples against its first, over every case
  // compared lexically (lexical-rule.ts says why the rule anchors on the first sample).
  const floor = suiteFloor(
    evidence.filter(({ testCase }) => usesFloor(testCase.compare.kind)).flatMap(({ baseline }) => heldOutSimilarities(baseline)),
  );

  const reviews = reviewsByKey(input.reviews);
  const cases: CaseComparison[] = [];
  for (const { testCase, baseline, candidates } of evidence) {
    const baselineHash = outputsHash(testCase.baseline);
    for (const candidate of input.candidates) {
      const side = candidates[candidate]!;
      const key = pairKey(testCase.id, candidate);
      const judge = external?.judge?.get(key);
      const embedding = external?.embeddings?.get(key);
      const verdict = decideVerdict({
        testCase,
        candidate,
        baseline,
        side,
        pair: pairEvidence(testCase, baseline, side),
        floor,
        ...(judge && { judge }),
        ...(embedding && { embedding }),
      });
      const candidateHash = outputsHash(testCase.candidates[candidate] ?? []);
      if (baselineHash && candidateHash) verdict.outputs = { baseline: baselineHash, candidate: candidateHash };
      cases.push(verdict);
    }
  }
  const critical = new Set(
    input.cases.filter((c) => c.tags.some((tag) => input.gate.criticalTags.includes(tag))).map((c) => c.conversation?.caseId ?? c.id),
  );
  // Reviews apply to what a person saw: a whole conversation, not one of its turns.
  const compared = foldConversations(input.cases, cases).map((c) =>
    applyReview(c.turns ? { ...c, outputs: conversationOutputs(c.turns) } : c, reviews.get(reviewKey(c.caseId, c.candidate))),
  );
  return {
    runId: input.runId,
    baseline: input.baseline,
    candidates: input.candidates,
    gate: input.gate,
    cases: compared,
    decisions: decideCandidates(input.candidates, compared, critical, input.gate).map((d) =>
      applyBudget(d, input.budget?.[d.candidate], input.gate),
    ),
    helpers: input.helpers ?? { judgeCalls: 0, judgeTokens: 0, embeddingCalls: 0, embeddingTokens: 0 },
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
