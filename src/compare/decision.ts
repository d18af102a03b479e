import { pct } from '../domain/format.js';
import type { Gate } from '../suite/types.js';
import { binomialTestGreater, binomialTestLess } from './stats/binomial.js';
import { casesNeeded } from './stats/cases-needed.js';
import { holmAdjust } from './stats/holm.js';
import { mcnemarExact } from './stats/mcnemar.js';
import { wilsonInterval } from './stats/wilson.js';
import { VERDICTS, type CandidateDecision, type CaseComparison, type RateEstimate, type Verdict } from './types.js';

/** Verdicts that say the candidate can stand in for the baseline on that case. */
export function countsAsEquivalent(item: CaseComparison): boolean {
  return (
    item.verdict === 'same' ||
    item.verdict === 'equivalent' ||
    item.verdict === 'improved' ||
    (item.verdict === 'drifted' && item.confirmed)
  );
}

interface Tested {
  decision: Omit<CandidateDecision, 'decision' | 'reasons' | 'casesNeeded'>;
  /** One-sided p-value that the candidate clears the gate (equivalence above and regressions below). */
  pReplace: number;
  /** p-value that it fails the gate (equivalence below, regressions above, or more assertion flips against it). */
  pKeep: number;
  /** Equivalent cases if every lexical-only drift turned out equivalent. */
  possiblyEquivalent: number;
}

/**
 * A decision per candidate. "replaceable" and "keep-pinned" each need the gate's confidence after
 * a Holm adjustment over the candidates (several candidates are several chances to be lucky);
 * anything in between is "review", with the number of cases that would settle it.
 */
export function decideCandidates(
  candidates: string[],
  cases: CaseComparison[],
  criticalCases: Set<string>,
  gate: Gate,
): CandidateDecision[] {
  const alpha = 1 - gate.confidence;
  const tested = candidates.map((candidate) =>
    test(
      candidate,
      cases.filter((item) => item.candidate === candidate),
      gate,
      criticalCases,
    ),
  );
  const replaceAdjusted = holmAdjust(tested.map((t) => t.pReplace));
  const keepAdjusted = holmAdjust(tested.map((t) => t.pKeep));
  const flipsAdjusted = holmAdjust(tested.map((t) => t.decision.flips?.pValue ?? 1));
  return tested.map((t, index) => {
    const { decision } = t;
    if (decision.flips) decision.flips.adjustedPValue = flipsAdjusted[index]!;
    const figures = describeFigures(decision, gate);
    if (decision.cases === 0) {
      return { ...decision, decision: 'review', reasons: ['no case has outputs from both models to compare'], casesNeeded: null };
    }
    if (decision.criticalRegressions.length) {
      return {
        ...decision,
        decision: 'keep-pinned',
        reasons: [
          `regressed on critical case${decision.criticalRegressions.length === 1 ? '' : 's'} ${decision.criticalRegressions.join(', ')} (gate: critical_tags)`,
          ...figures,
        ],
        casesNeeded: null,
      };
    }
    if (keepAdjusted[index]! <= alpha) {
      return { ...decision, decision: 'keep-pinned', reasons: [...keepReasons(t, gate), ...figures], casesNeeded: null };
    }
    if (replaceAdjusted[index]! <= alpha) {
      return {
        ...decision,
        decision: 'replaceable',
        reasons: [`clears the gate at ${pct(gate.confidence)} confidence`, ...figures],
        casesNeeded: null,
      };
    }
    const needed = neededCases(decision, gate);
    const settle =
      needed !== null
        ? `about ${needed} cases at the rates observed would settle it (${decision.cases} ${decision.cases === 1 ? 'was' : 'were'} compared)`
        : t.possiblyEquivalent > decision.equivalence.count
          ? `${t.possiblyEquivalent - decision.equivalence.count} case${t.possiblyEquivalent - decision.equivalence.count === 1 ? ' differs' : 's differ'} by more than the baseline's own noise and only lexical evidence says how much; a judge (judge: in the suite) or typed comparisons would settle whether that matters`
          : 'at the rates observed no number of cases would clear the gate; look at the regressions';
    return {
      ...decision,
      decision: 'review',
      reasons: [`not enough evidence at ${pct(gate.confidence)} confidence: ${settle}`, ...figures],
      casesNeeded: needed,
    };
  });
}

function test(candidate: string, items: CaseComparison[], gate: Gate, criticalCases: Set<string>): Tested {
  const counts = Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
  for (const item of items) counts[item.verdict]++;
  const withEvidence = items.filter((item) => item.verdict !== 'error');
  const n = withEvidence.length;
  const equivalent = withEvidence.filter(countsAsEquivalent).length;
  const regressions = withEvidence.filter((item) => item.verdict === 'regressed').map((item) => item.caseId);

  // Assertion outcomes case by case: did the case pass (every assertion by majority) on each side?
  let negative = 0;
  let positive = 0;
  let paired = 0;
  for (const item of withEvidence) {
    if (item.assertions.length === 0) continue;
    paired++;
    const basePass = item.assertions.every((a) => a.baseline.passed * 2 > a.baseline.total);
    const candPass = item.assertions.every((a) => a.candidate.passed * 2 > a.candidate.total);
    if (basePass && !candPass) negative++;
    if (!basePass && candPass) positive++;
  }
  const mcnemar = paired > 0 ? mcnemarExact(negative, positive) : null;

  const pReplace =
    n === 0
      ? 1
      : Math.max(
          binomialTestGreater(equivalent, n, gate.minEquivalenceRate),
          binomialTestLess(regressions.length, n, gate.maxRegressionRate),
        );
  // Lexical-only drift is unknown, not evidence against the candidate: to clear the gate it counts
  // as not equivalent, to fail it as equivalent. Only what is known decides either way.
  const possiblyEquivalent = equivalent + withEvidence.filter((item) => item.verdict === 'drifted' && !item.confirmed).length;
  const keepTests =
    n === 0
      ? [1]
      : [
          binomialTestLess(possiblyEquivalent, n, gate.minEquivalenceRate),
          binomialTestGreater(regressions.length, n, gate.maxRegressionRate),
        ];
  // McNemar is two-sided; only flips against the candidate are evidence to keep the baseline.
  if (mcnemar && negative > positive) keepTests.push(mcnemar.pValue);
  const pKeep = Math.min(1, Math.min(...keepTests) * keepTests.length);

  return {
    decision: {
      candidate,
      counts,
      cases: n,
      equivalence: estimate(equivalent, n, gate.confidence),
      regression: estimate(regressions.length, n, gate.confidence),
      flips: mcnemar ? { negative, positive, pValue: mcnemar.pValue, adjustedPValue: mcnemar.pValue } : null,
      regressions,
      criticalRegressions: regressions.filter((id) => criticalCases.has(id)),
      unconfirmed: withEvidence.filter((item) => !item.confirmed).length,
    },
    pReplace,
    pKeep,
    possiblyEquivalent,
  };
}

function estimate(count: number, n: number, confidence: number): RateEstimate {
  const interval = wilsonInterval(count, n, confidence);
  return { count, rate: n ? count / n : 0, low: interval.low, high: interval.high };
}

function neededCases(decision: Tested['decision'], gate: Gate): number | null {
  // The gate's tests are one-sided at 1 - confidence; a two-sided Wilson bound at 1 - 2(1 - confidence)
  // is the matching one-sided bound, so "cases needed" answers the question the tests ask.
  const confidence = Math.max(0.5, 1 - 2 * (1 - gate.confidence));
  const forEquivalence = casesNeeded({ rate: decision.equivalence.rate, bound: gate.minEquivalenceRate, side: 'low', confidence });
  const forRegressions = casesNeeded({ rate: decision.regression.rate, bound: gate.maxRegressionRate, side: 'high', confidence });
  if (forEquivalence === null || forRegressions === null) return null;
  return Math.max(forEquivalence, forRegressions, decision.cases + 1);
}

function keepReasons({ decision, possiblyEquivalent }: Tested, gate: Gate): string[] {
  const reasons: string[] = [];
  const atBest = wilsonInterval(possiblyEquivalent, decision.cases, gate.confidence).high;
  if (decision.regression.low > gate.maxRegressionRate)
    reasons.push(`regresses on more cases than the gate allows (${pct(gate.maxRegressionRate)})`);
  if (atBest < gate.minEquivalenceRate) reasons.push(`equivalent on fewer cases than the gate requires (${pct(gate.minEquivalenceRate)})`);
  if (decision.flips && decision.flips.negative > decision.flips.positive) {
    reasons.push(
      `fails assertions the baseline passes on ${decision.flips.negative} cases and the reverse on ${decision.flips.positive} (exact McNemar p = ${decision.flips.pValue.toPrecision(2)})`,
    );
  }
  return reasons.length ? reasons : ["the evidence is against it at the gate's confidence"];
}

function describeFigures(decision: Tested['decision'], gate: Gate): string[] {
  const { equivalence, regression } = decision;
  const lines = [
    `equivalent on ${equivalence.count} of ${decision.cases} cases (${pct(equivalence.rate)}; ${pct(gate.confidence)} CI ${pct(equivalence.low)}–${pct(equivalence.high)}; gate ≥ ${pct(gate.minEquivalenceRate)})`,
    `regressed on ${regression.count} (${pct(regression.rate)}; CI ${pct(regression.low)}–${pct(regression.high)}; gate ≤ ${pct(gate.maxRegressionRate)})`,
  ];
  if (decision.unconfirmed)
    lines.push(
      `${decision.unconfirmed} verdict${decision.unconfirmed === 1 ? '' : 's'} rest on lexical similarity only (configure a judge, or typed comparisons, to confirm them)`,
    );
  if (decision.counts.error)
    lines.push(
      `${decision.counts.error} case${decision.counts.error === 1 ? '' : 's'} had no outputs to compare (errors); rerun to fill them`,
    );
  return lines;
}
