import { applyBudget } from './budget-gate.js';
import { caseVerdicts, criticalCases, floorOf, foldAndReview, gatherEvidence } from './case-comparison.js';
import { decideCandidates } from './decision.js';
import type { CaseInput, CompareInput } from './input.js';
import type { EvidenceMemo } from './kept-evidence.js';
import type { CandidateDecision, CaseComparison, Comparison, EarlyStop } from './types.js';
import { lookAtPrefix } from './prefix-look.js';
import { repeatedParts } from './repeated-parts.js';
import type { Gate } from '../suite/types.js';

/**
 * Every candidate against the baseline, case by case, then a decision per candidate. Pure: the
 * edge reads the outputs and supplies what needs IO (JavaScript assertions, judge, embeddings).
 * `memo` holds evidence computed earlier (as answers arrived): it is used, not recomputed.
 */
export function compareRun(input: CompareInput, memo?: EvidenceMemo): Comparison {
  const stopped = input.stopped ?? {};
  // A candidate stopped early was never sent the cases after its decision: those are not compared.
  // Nor is a case the baseline was never sent because every candidate was decided (a candidate's
  // answer to it was in flight then): a cell left unsent on purpose is not an error. While a
  // candidate is undecided the baseline's cells are needed: a run interrupted before sending them
  // has them missing, errors that say the run is incomplete.
  const allStopped = input.candidates.length > 0 && input.candidates.every((name) => stopped[name]);
  const sent = input.cases.filter((testCase) => !allStopped || testCase.baseline.length > 0);
  // Each stop's order as positions, to tell the cases a decision rests on from those after them.
  const positions = new Map(
    [...new Set(Object.values(stopped).map((stop) => stop.seed))].flatMap((seed) => {
      const order = input.stopOrders?.[seed];
      return order ? [[seed, new Map(order.map((id, i) => [id, i]))] as const] : [];
    }),
  );
  const compares = (testCase: CaseInput) => input.candidates.filter((name) => comparedAfterStop(testCase, name, stopped[name], positions));
  // Two passes, so that no more than one case's evidence is held at a time: the floor first (it
  // needs only the baseline's held-out samples), then each case's evidence, verdict, and let go.
  const floor = floorOf(sent, input.baseline.target, input.external, memo);
  const shared = repeatedParts();
  const cases = sent.flatMap((testCase) =>
    caseVerdicts(gatherEvidence(testCase, input.baseline.target, compares(testCase), input.external, memo), floor, input.external).map(
      shared,
    ),
  );
  const critical = criticalCases(input.cases, input.gate.criticalTags);
  const compared = foldAndReview(input.cases, cases, input.reviews);
  return {
    runId: input.runId,
    baseline: input.baseline,
    candidates: input.candidates,
    gate: input.gate,
    cases: compared,
    decisions: decideCandidates(input.candidates, compared, critical, input.gate).map((d) => {
      // A stop whose candidate has answers to every case anyway (a rerun answered from stored
      // outputs) saved nothing: the decision on all of them is the better-informed one.
      const answered = compared.filter((item) => item.candidate === d.candidate && item.verdict !== 'error').length;
      const stop = stopped[d.candidate] && answered < stopped[d.candidate]!.of ? stopped[d.candidate] : undefined;
      const order = stop && input.stopOrders?.[stop.seed];
      const judged = stop && order ? rejudgedStop(d.candidate, stop, order, compared, critical, input) : stop;
      const runOrder = input.stoppingSeed === undefined ? undefined : input.stopOrders?.[input.stoppingSeed];
      const decided = !stop && runOrder ? notStopped(d, runOrder, compared, critical, input) : stoppedDecision(d, judged);
      return applyBudget(decided, input.budget?.[d.candidate], input.gate);
    }),
    helpers: input.helpers ?? { judgeCalls: 0, judgeTokens: 0, embeddingCalls: 0, embeddingTokens: 0 },
  };
}

/**
 * Whether a candidate is compared on a case. A stopped candidate is not where it was never sent
 * the case. After the prefix its decision rests on, its answers came in flight when it stopped:
 * compared where both sides answered, and a failure there is a cell no decision needed, not an
 * error that would fail the run until it is retried (a stopped candidate is sent nothing more).
 */
function comparedAfterStop(
  testCase: CaseInput,
  name: string,
  stop: EarlyStop | undefined,
  positions: ReadonlyMap<number, ReadonlyMap<string, number>>,
): boolean {
  if (!stop) return true;
  const outputs = testCase.candidates[name] ?? [];
  if (outputs.length === 0) return false;
  const position = positions.get(stop.seed)?.get(testCase.id);
  if (position === undefined || position < stop.cases) return true;
  return outputs.some((sample) => sample.ok) && testCase.baseline.some((sample) => sample.ok);
}

/**
 * A stop decided under another gate (compare --confidence, --max-regression-rate, ...) is judged
 * again under this one, on the same prefix of the same order: the sequential rule's evidence is
 * valid at any stopping time, whichever rule chose it. If that prefix does not decide under this
 * gate the candidate is review, since the cases after it were never sent.
 */
function rejudgedStop(
  candidate: string,
  stop: EarlyStop,
  order: readonly string[],
  compared: CaseComparison[],
  critical: ReadonlySet<string>,
  input: CompareInput,
): EarlyStop & { undecided?: true } {
  if (!stop.gate || sameGate(stop.gate, input.gate)) return stop;
  const look = lookAtPrefix({
    order: order.slice(0, stop.cases),
    verdicts: new Map(compared.filter((item) => item.candidate === candidate).map((item) => [item.caseId, item])),
    critical,
    gate: input.gate,
    candidates: input.candidates.length,
  });
  if (look.decision === 'undecided') return { ...stop, undecided: true };
  return { ...stop, decision: look.decision, reasons: look.reasons, gate: input.gate };
}

/** A run stopping early that ran a candidate to the end says so, and why the early rule did not decide it. */
function notStopped(
  decision: CandidateDecision,
  order: readonly string[],
  compared: CaseComparison[],
  critical: ReadonlySet<string>,
  input: CompareInput,
): CandidateDecision {
  const look = lookAtPrefix({
    order,
    verdicts: new Map(compared.filter((item) => item.candidate === decision.candidate).map((item) => [item.caseId, item])),
    critical,
    gate: input.gate,
    candidates: input.candidates.length,
  });
  const why =
    look.decision === 'undecided'
      ? look.reasons.slice(0, 2).join('; ')
      : 'every case was answered before the rule could stop it (recorded or stored outputs answer at once), so the decision rests on all of them';
  const [headline = '', ...more] = decision.reasons;
  return { ...decision, reasons: [headline, `not stopped early (seed ${input.stoppingSeed}): ${why}`, ...more] };
}

/** Gates that decide alike: a stop made under one stands under the other. */
export function sameGate(a: Gate, b: Gate): boolean {
  return (
    a.confidence === b.confidence &&
    a.maxRegressionRate === b.maxRegressionRate &&
    a.minEquivalenceRate === b.minEquivalenceRate &&
    a.maxChangeRate === b.maxChangeRate &&
    [...a.criticalTags].sort().join('\n') === [...b.criticalTags].sort().join('\n')
  );
}

/** A candidate stopped early keeps the sequential rule's decision, its figures those of the cases it was compared on. */
function stoppedDecision(decision: CandidateDecision, judged: (EarlyStop & { undecided?: true }) | undefined): CandidateDecision {
  if (!judged) return decision;
  const { undecided, ...stop } = judged;
  if (undecided) {
    return {
      ...decision,
      decision: 'review',
      reasons: [
        `stopped early after ${stop.cases} case${stop.cases === 1 ? '' : 's'} under another gate, and under this one those cases do not decide: run the suite again with --no-stop-early to send the rest`,
        ...decision.reasons.slice(1),
      ],
      casesNeeded: null,
      stoppedEarly: stop,
    };
  }
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
