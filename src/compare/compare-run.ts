import { applyBudget } from './budget-gate.js';
import { caseVerdicts, criticalCases, floorOf, foldAndReview, gatherEvidence } from './case-comparison.js';
import { decideCandidates } from './decision.js';
import type { CaseInput, CompareInput } from './input.js';
import type { EvidenceMemo } from './kept-evidence.js';
import type { CandidateDecision, Comparison, EarlyStop } from './types.js';

/**
 * Every candidate against the baseline, case by case, then a decision per candidate. Pure: the
 * edge reads the outputs and supplies what needs IO (JavaScript assertions, judge, embeddings).
 * `memo` holds evidence computed earlier (as answers arrived): it is used, not recomputed.
 */
export function compareRun(input: CompareInput, memo?: EvidenceMemo): Comparison {
  const stopped = input.stopped ?? {};
  // A candidate stopped early was never sent the cases after its decision: those are not compared.
  const compares = (testCase: CaseInput) =>
    input.candidates.filter((name) => !stopped[name] || (testCase.candidates[name] ?? []).length > 0);
  // Two passes, so that no more than one case's evidence is held at a time: the floor first (it
  // needs only the baseline's held-out samples), then each case's evidence, verdict, and let go.
  const floor = floorOf(input.cases, input.baseline.target, input.external, memo);
  const cases = input.cases.flatMap((testCase) =>
    caseVerdicts(gatherEvidence(testCase, input.baseline.target, compares(testCase), input.external, memo), floor, input.external),
  );
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
