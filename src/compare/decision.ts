import { pct, confidencePct } from '../domain/format.js';
import { formatUsd } from '../domain/prices.js';
import type { Gate } from '../suite/types.js';
import { casesNeeded } from './cases-needed.js';
import { evidenceCases, lexicalCases, netHarmAbove, runTests, tallyOf, type Tally, type TestResult } from './decision-tests.js';
import { DEFAULT_SELF_DISAGREEMENT } from './noise-floor.js';
import { holmAdjust } from './stats/holm.js';
import { mcnemarExact } from './stats/mcnemar.js';
import { wilsonInterval } from './stats/wilson.js';
import { VERDICTS, type CandidateDecision, type CaseComparison, type LexicalFigures, type RateEstimate, type Verdict } from './types.js';

interface Candidate {
  name: string;
  items: CaseComparison[];
  tally: Tally;
  tests: TestResult;
  critical: { regressed: string[]; changed: string[]; unconfirmed: string[] };
}

/**
 * A decision per candidate from evidence only. keep-pinned needs evidence that the candidate is
 * worse (decision-tests.ts), or a critical case that regressed or changed; replaceable needs every
 * test to show it is as good; a candidate that only differs, with nothing saying which side is
 * right, is review, told how many answers changed and what would settle them. Both are
 * Holm-adjusted across candidates (several candidates are several chances to be lucky).
 */
export function decideCandidates(names: string[], cases: CaseComparison[], criticalCases: Set<string>, gate: Gate): CandidateDecision[] {
  const alpha = 1 - gate.confidence;
  const candidates: Candidate[] = names.map((name) => {
    const items = cases.filter((item) => item.candidate === name);
    const tally = tallyOf(items);
    const onCritical = (keep: (item: CaseComparison) => boolean) =>
      items.filter((item) => criticalCases.has(item.caseId) && keep(item)).map((item) => item.caseId);
    return {
      name,
      items,
      tally,
      tests: runTests(tally, gate),
      critical: {
        regressed: onCritical((item) => item.verdict === 'regressed'),
        changed: onCritical((item) => item.verdict === 'changed' && item.confirmed),
        // A refusal by the heuristic alone on a critical case is worth settling before replacing;
        // lexical drift is weighed with the suite's other text cases.
        unconfirmed: onCritical((item) => !item.confirmed && item.verdict === 'changed'),
      },
    };
  });
  const canReplace = candidates.map((c) => c.critical.unconfirmed.length === 0);
  const replaceAdjusted = holmAdjust(candidates.map((c, i) => (canReplace[i] ? c.tests.pReplace : 1)));
  const keepAdjusted = holmAdjust(candidates.map((c) => c.tests.pKeep));
  const flipsP = candidates.map((c) =>
    c.tally.regressed + c.tally.improved > 0 ? mcnemarExact(c.tally.regressed, c.tally.improved).pValue : null,
  );
  const flipsAdjusted = holmAdjust(flipsP.map((p) => p ?? 1));
  // An undecided candidate needs more cases than it was compared on, never fewer.
  const needed = casesNeeded(
    candidates.map((c) => c.tally),
    gate,
    canReplace,
    candidates.map((c) => evidenceCases(c.tally) + lexicalCases(c.tally) + 1),
  );

  return candidates.map((c, index) => {
    const { tally } = c;
    const counts = Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
    for (const item of c.items) counts[item.verdict]++;
    const n = evidenceCases(tally);
    const figures: Omit<CandidateDecision, 'decision' | 'reasons' | 'casesNeeded'> = {
      candidate: c.name,
      counts,
      cases: n + lexicalCases(tally),
      evidenceCases: n,
      equivalence: estimate(tally.agree, n, gate.confidence),
      regression: estimate(tally.regressed, n, gate.confidence),
      ...(gate.maxChangeRate !== undefined && { change: estimate(tally.regressed + tally.improved + tally.changed, n, gate.confidence) }),
      flips:
        flipsP[index] === null
          ? null
          : { negative: tally.regressed, positive: tally.improved, pValue: flipsP[index]!, adjustedPValue: flipsAdjusted[index]! },
      lexical: lexicalFigures(tally, c.tests, gate),
      regressions: c.items.filter((item) => item.verdict === 'regressed').map((item) => item.caseId),
      criticalRegressions: c.critical.regressed,
      criticalChanges: c.critical.changed,
      unconfirmed: c.items.filter((item) => item.verdict !== 'error' && !item.confirmed).length,
      reviewed: {
        accepted: c.items.filter((item) => item.review?.decision === 'accept').length,
        rejected: c.items.filter((item) => item.review?.decision === 'reject').length,
      },
    };
    const lines = describeFigures(figures, tally, gate);
    const confidence = confidencePct(gate.confidence);
    if (figures.cases === 0)
      return { ...figures, decision: 'review', reasons: ['no case has outputs from both models to compare', ...lines], casesNeeded: null };
    const critical = criticalKeepReason(c.critical);
    if (critical) return { ...figures, decision: 'keep-pinned', reasons: [critical, ...lines], casesNeeded: null };
    if (keepAdjusted[index]! <= alpha)
      return { ...figures, decision: 'keep-pinned', reasons: [...keepReasons(figures, tally, gate), ...lines], casesNeeded: null };
    if (replaceAdjusted[index]! <= alpha && canReplace[index])
      return { ...figures, decision: 'replaceable', reasons: [`clears the gate at ${confidence} confidence`, ...lines], casesNeeded: null };
    const settle = needed[index];
    const blockers = reviewReasons(c, figures, gate);
    const headline = settle
      ? `not enough evidence at ${confidence} confidence: at the rates observed, ${settle.cases.toLocaleString('en-US')} cases would ${settle.decision === 'replaceable' ? 'clear the gate' : 'keep it pinned'} (${figures.cases.toLocaleString('en-US')} ${figures.cases === 1 ? 'was' : 'were'} compared)`
      : (blockers.shift() ?? 'at the rates observed no number of cases would clear the gate; look at the regressions');
    return { ...figures, decision: 'review', reasons: [headline, ...blockers, ...lines], casesNeeded: settle?.cases ?? null };
  });
}

/** Why critical cases keep a candidate pinned whatever else it does, in the words every report uses; null when none does. */
export function criticalKeepReason(critical: { regressed: string[]; changed: string[] }): string | null {
  const said = [
    ...(critical.regressed.length ? [`regressed on critical case${plural(critical.regressed)} ${critical.regressed.join(', ')}`] : []),
    ...(critical.changed.length
      ? [`changed on critical case${plural(critical.changed)} ${critical.changed.join(', ')} with nothing saying which answer is right`]
      : []),
  ];
  return said.length ? `${said.join('; ')} (gate: critical_tags)` : null;
}

/** Why critical cases changed by the refusal heuristic alone hold a candidate back from replaceable, and what would settle them. */
export function unconfirmedCriticalReason(unconfirmed: string[]): string {
  return `critical case${plural(unconfirmed)} ${unconfirmed.join(', ')} may have changed (the refusal heuristic only): an assertion, an expected: answer or a judge would settle ${unconfirmed.length === 1 ? 'it' : 'them'}`;
}

/** What keeps a review candidate from clearing, most telling first, each with what would settle it. */
function reviewReasons(c: Candidate, figures: Omit<CandidateDecision, 'decision' | 'reasons' | 'casesNeeded'>, gate: Gate): string[] {
  const reasons: string[] = [];
  const { tally } = c;
  if (c.critical.unconfirmed.length) reasons.push(unconfirmedCriticalReason(c.critical.unconfirmed));
  if (tally.changed > 0) {
    reasons.push(
      `${tally.changed} answer${tally.changed === 1 ? '' : 's'} changed with nothing saying which side is right: expected: answers or assertions on those cases (or a judge, for text) would settle ${tally.changed === 1 ? 'it' : 'them'}`,
    );
  }
  const lexical = figures.lexical;
  if (lexical && lexical.pValue > 1 - gate.confidence && lexical.outside / lexical.cases > lexical.baseline.rate + lexical.margin) {
    reasons.push(
      `differs from the baseline by more than the baseline differs from itself: outside the noise floor on ${lexical.outside} of ${lexical.cases} cases judged lexically (${pct(lexical.outside / lexical.cases)}), against ${pct(lexical.baseline.rate)} for the baseline; lexical evidence cannot say whether that matters: a judge (judge: in the suite) or typed checks (compare:, expected:, assert:) would`,
    );
  }
  return reasons;
}

function keepReasons(figures: Omit<CandidateDecision, 'decision' | 'reasons' | 'casesNeeded'>, tally: Tally, gate: Gate): string[] {
  const reasons: string[] = [];
  if (tally.regressed >= tally.improved && figures.regression.low > gate.maxRegressionRate)
    reasons.push(
      `regresses on more cases than the gate allows (${pct(gate.maxRegressionRate)}): ${tally.regressed} of ${evidenceCases(tally)} with evidence`,
    );
  const n = evidenceCases(tally);
  const netHarm = tally.regressed > tally.improved ? netHarmAbove(tally, n, gate.maxRegressionRate) : 1;
  if (netHarm <= 1 - gate.confidence) {
    reasons.push(
      `breaks more than it fixes, by more than the gate allows: regressed on ${tally.regressed} and improved on ${tally.improved} of ${n} cases with evidence (net ${pct((tally.regressed - tally.improved) / n)}, gate ≤ ${pct(gate.maxRegressionRate)}; p = ${netHarm.toPrecision(2)})`,
    );
  }
  if (figures.change && gate.maxChangeRate !== undefined && figures.change.low > gate.maxChangeRate)
    reasons.push(`changes more answers than the gate allows (max_change_rate ${pct(gate.maxChangeRate)})`);
  return reasons.length ? reasons : ["the evidence is against it at the gate's confidence"];
}

function describeFigures(figures: Omit<CandidateDecision, 'decision' | 'reasons' | 'casesNeeded'>, tally: Tally, gate: Gate): string[] {
  const { equivalence, regression, counts } = figures;
  const n = evidenceCases(tally);
  const lines: string[] = [];
  if (n > 0) {
    lines.push(
      `agrees on ${equivalence.count} of ${n} cases with evidence (${pct(equivalence.rate)}; ${confidencePct(gate.confidence)} CI ${pct(equivalence.low)}–${pct(equivalence.high)}; gate ≥ ${pct(gate.minEquivalenceRate)})`,
      `regressed on ${regression.count} (${pct(regression.rate)}; CI ${pct(regression.low)}–${pct(regression.high)}; gate ≤ ${pct(gate.maxRegressionRate)})`,
    );
  }
  if (figures.flips)
    lines.push(
      `evidence says it fixed ${tally.improved} and broke ${tally.regressed} (exact McNemar p = ${figures.flips.pValue.toPrecision(2)})`,
    );
  if (tally.changed) lines.push(`changed ${tally.changed} with nothing saying which side is right`);
  if (figures.change && gate.maxChangeRate !== undefined)
    lines.push(
      `answers changed on ${figures.change.count} (${pct(figures.change.rate)}; CI ${pct(figures.change.low)}–${pct(figures.change.high)}; gate ≤ ${pct(gate.maxChangeRate)})`,
    );
  const lexical = figures.lexical;
  if (lexical) {
    const own =
      lexical.baseline.source === 'samples'
        ? `its own re-samples on ${lexical.baseline.outside} of ${lexical.baseline.cases} (${pct(lexical.baseline.rate)})`
        : `the calibrated ${pct(lexical.baseline.rate)} for its own re-samples`;
    lines.push(
      `judged lexically: outside the baseline's noise floor on ${lexical.outside} of ${lexical.cases} cases (${pct(lexical.outside / lexical.cases)}), the baseline ${own}; gate: at most ${pct(lexical.margin)} more (p = ${lexical.pValue.toPrecision(2)})`,
    );
  }
  const reviewed = figures.reviewed;
  if (reviewed && reviewed.accepted + reviewed.rejected > 0)
    lines.push(
      `${reviewed.accepted + reviewed.rejected} verdict${reviewed.accepted + reviewed.rejected === 1 ? ' rests' : 's rest'} on a person's review (${reviewed.accepted} accepted, ${reviewed.rejected} rejected)`,
    );
  if (figures.unconfirmed)
    lines.push(
      `${figures.unconfirmed} verdict${figures.unconfirmed === 1 ? '' : 's'} rest on lexical similarity or the refusal heuristic only (configure a judge, or typed comparisons, to confirm them)`,
    );
  if (counts.error)
    lines.push(`${counts.error} case${counts.error === 1 ? '' : 's'} had no outputs to compare (errors); rerun to fill them`);
  return lines;
}

function lexicalFigures(tally: Tally, tests: TestResult, gate: Gate): LexicalFigures | null {
  const cases = lexicalCases(tally);
  if (cases === 0 || tests.parts.lexical === null) return null;
  const paired = tally.paired;
  const baselineOutside = paired.both + paired.better;
  return {
    cases,
    outside: tally.single.outside + paired.both + paired.worse,
    baseline:
      paired.n > 0
        ? { source: 'samples', cases: paired.n, outside: baselineOutside, rate: baselineOutside / paired.n }
        : { source: 'default', cases: 0, outside: 0, rate: DEFAULT_SELF_DISAGREEMENT },
    margin: gate.maxRegressionRate,
    pValue: tests.parts.lexical,
  };
}

function estimate(count: number, n: number, confidence: number): RateEstimate {
  const interval = wilsonInterval(count, n, confidence);
  return { count, rate: n ? count / n : 0, low: interval.low, high: interval.high };
}

function plural(items: string[]): string {
  return items.length === 1 ? '' : 's';
}

/** The agreement figure as reports show it: the rate and its interval, or a dash with no case carrying evidence (older comparisons: every case). */
export function describeAgreement(d: CandidateDecision): string {
  if (d.evidenceCases === 0) return '—';
  return `${pct(d.equivalence.rate)} (${pct(d.equivalence.low)}–${pct(d.equivalence.high)})`;
}

/** The stored cases-needed figure in words, the same in every report; empty when there is none. */
export function describeCasesNeeded(d: CandidateDecision): string {
  if (d.casesNeeded === null || d.casesNeeded === undefined) return '';
  return `${d.casesNeeded.toLocaleString('en-US')} cases at the rates observed would settle it (${d.cases.toLocaleString('en-US')} compared)`;
}

/**
 * What stopping early meant for a candidate, the same in every report (after the headline, which
 * says "stopped early after N cases"): of how many, in which order, and what not sending the rest
 * saved. Empty when it ran to the end.
 */
export function describeEarlyStop(d: CandidateDecision): string {
  const stop = d.stoppedEarly;
  if (!stop) return '';
  const { requests, tokens, usd, unpriced } = stop.saved;
  const dollars =
    usd === null
      ? 'dollars unknown (no price known)'
      : `${formatUsd(usd)} (estimated)${unpriced?.length ? ` plus ${unpriced.join(', ')}'s share (no price known)` : ''}`;
  return `decided on ${stop.cases.toLocaleString('en-US')} of ${stop.of.toLocaleString('en-US')} cases (random order, seed ${stop.seed}); not sending the rest saved ${requests.toLocaleString('en-US')} request${requests === 1 ? '' : 's'}, ~${tokens.toLocaleString('en-US')} tokens, ${dollars}`;
}
