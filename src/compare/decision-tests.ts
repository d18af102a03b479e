// The gate's tests as functions of counts alone, so the decision (decision.ts) and the number of
// cases that would settle it (cases-needed.ts) run exactly the same tests.
import type { Gate } from '../suite/types.js';
import { DEFAULT_SELF_DISAGREEMENT } from './noise-floor.js';
import { binomialTestGreater, binomialTestLess } from './stats/binomial.js';
import { mcnemarExact } from './stats/mcnemar.js';
import { normalCdf } from './stats/normal-cdf.js';
import { nullVariance } from './stats/paired-noninferiority.js';
import type { CaseComparison, LexicalFlags } from './types.js';

/** One candidate's cases, counted the way the tests read them. */
export interface Tally {
  /** Cases whose verdict rests on evidence; each is one of agree, regressed or changed. */
  agree: number;
  /** Of agree: the improved ones (evidence says the candidate is right where the baseline was not). */
  improved: number;
  regressed: number;
  /** Confirmed differences with nothing saying which side is right. */
  changed: number;
  /** Cases judged lexically where the baseline has one sample: the default rate stands for its noise. */
  single: { n: number; outside: number };
  /** Cases judged lexically with a held-out baseline sample: worse = only the candidate outside, better = only the baseline's re-sample. */
  paired: { n: number; both: number; worse: number; better: number };
}

export interface TestResult {
  /** Largest p-value of the tests that must all pass for replaceable (intersection-union). */
  pReplace: number;
  /** Smallest p-value of the tests of which one suffices for keep-pinned, Bonferroni-corrected within the candidate. */
  pKeep: number;
  parts: {
    regressions: number | null;
    agreement: number | null;
    changes: number | null;
    lexical: number | null;
  };
}

export function tallyOf(
  items: ReadonlyArray<Pick<CaseComparison, 'verdict'> & { lexical?: Pick<LexicalFlags, 'outside' | 'baselineOutside'> | undefined }>,
): Tally {
  const tally: Tally = {
    agree: 0,
    improved: 0,
    regressed: 0,
    changed: 0,
    single: { n: 0, outside: 0 },
    paired: { n: 0, both: 0, worse: 0, better: 0 },
  };
  for (const item of items) {
    if (item.verdict === 'error') continue;
    if (item.lexical) {
      const { outside, baselineOutside } = item.lexical;
      if (baselineOutside === null) {
        tally.single.n++;
        if (outside) tally.single.outside++;
      } else {
        tally.paired.n++;
        if (outside && baselineOutside) tally.paired.both++;
        else if (outside) tally.paired.worse++;
        else if (baselineOutside) tally.paired.better++;
      }
    } else if (item.verdict === 'regressed') tally.regressed++;
    else if (item.verdict === 'changed') tally.changed++;
    else {
      tally.agree++;
      if (item.verdict === 'improved') tally.improved++;
    }
  }
  return tally;
}

export function evidenceCases(t: Tally): number {
  return t.agree + t.regressed + t.changed;
}

export function lexicalCases(t: Tally): number {
  return t.single.n + t.paired.n;
}

/**
 * Replaceable needs every applicable test at the gate's level: regressions acceptable (their
 * rate significantly below max_regression_rate, or evidence flips significantly in the
 * candidate's favour), agreement significantly above min_equivalence_rate, changes below
 * max_change_rate when set, and the lexical drift no worse than the baseline's own plus the
 * margin (in a suite with both kinds of case, agreement and drift are one pooled test).
 * Keep-pinned needs one test against it: regressions significantly above the bound while it
 * fixes fewer than it breaks, net harm significantly above the bound, or changes above
 * max_change_rate. Lexical evidence never
 * keeps a candidate pinned: it cannot tell a worse answer from a differently worded one.
 */
export function runTests(t: Tally, gate: Gate): TestResult {
  const n = evidenceCases(t);
  const lexical = lexicalCases(t);
  const alpha = 1 - gate.confidence;
  const flips = t.regressed + t.improved > 0 ? mcnemarExact(t.regressed, t.improved).pValue : 1;
  const changes = t.regressed + t.improved + t.changed;
  const parts: TestResult['parts'] = { regressions: null, agreement: null, changes: null, lexical: null };
  const keep: number[] = [];
  if (lexical > 0) parts.lexical = lexicalPValue(t, gate.maxRegressionRate);
  if (n > 0) {
    // In a suite that also has text cases, no regression among a few checked cases needs no proof
    // of its own (the pooled agreement test below carries the suite); one regression does.
    const regressionsShown = lexical === 0 || t.regressed > 0;
    if (regressionsShown)
      parts.regressions = Math.min(binomialTestLess(t.regressed, n, gate.maxRegressionRate), t.improved > t.regressed ? flips : 1);
    parts.agreement = lexical > 0 ? pooledAgreement(t, gate, alpha) : binomialTestGreater(t.agree, n, gate.minEquivalenceRate);
    // Worse by evidence: it breaks more cases than the gate tolerates and fixes fewer than it
    // breaks, or what it breaks outweighs what it fixes by more than max_regression_rate. A few
    // breaks and no fixes within the tolerance are not evidence against it (McNemar would say
    // "worse than the baseline", which the tolerance already allows).
    if (t.regressed >= t.improved) keep.push(binomialTestGreater(t.regressed, n, gate.maxRegressionRate));
    if (t.regressed > t.improved) keep.push(netHarmAbove(t, n, gate.maxRegressionRate));
    if (gate.maxChangeRate !== undefined) {
      parts.changes = binomialTestLess(changes, n, gate.maxChangeRate);
      keep.push(binomialTestGreater(changes, n, gate.maxChangeRate));
    }
  }
  // With both kinds of case the pooled agreement test stands for the lexical one too.
  const applicable = [parts.regressions, parts.agreement, parts.changes, n > 0 ? null : parts.lexical].filter(
    (p): p is number => p !== null,
  );
  return {
    pReplace: applicable.length ? Math.max(...applicable) : 1,
    pKeep: keep.length ? Math.min(1, Math.min(...keep) * keep.length) : 1,
    parts,
  };
}

/**
 * One-sided p that regressions outweigh improvements by more than `margin` of the cases with
 * evidence: Tango's paired score test, the H0 of the lexical test turned round (H0: net harm at
 * most the margin).
 */
export function netHarmAbove(t: Tally, n: number, margin: number): number {
  const counts = { n, worse: t.regressed, better: t.improved };
  const variance = nullVariance(counts, margin);
  const score = t.regressed - t.improved - n * margin;
  if (variance === 0) return score > 0 ? 0 : 1;
  return 1 - normalCdf(score / Math.sqrt(variance));
}

/**
 * Agreement over a suite with both kinds of case, so that neither kind has to clear on its own
 * (a few cases with expected: answers in a large text suite must not hold it at review, nor a
 * few text cases in a checked suite). One score over every case, each measured against what
 * the gate allows of its kind: on a case with evidence, disagreeing (regressed or changed) at
 * most 1 - min_equivalence_rate of the time; on a case judged lexically, falling outside the
 * noise floor at most the margin more often than the baseline does. H0: on average at least
 * that; one-sided normal test of the summed score. A kind that is significantly worse than the
 * gate allows on its own cases still holds the decision back, however good the other kind is.
 */
function pooledAgreement(t: Tally, gate: Gate, alpha: number): number {
  const n = evidenceCases(t);
  const allowed = 1 - gate.minEquivalenceRate;
  if (binomialTestGreater(t.regressed + t.changed, n, allowed) <= alpha) return 1;
  if (1 - lexicalPValue(t, gate.maxRegressionRate) <= alpha) return 1;
  const lexical = lexicalScore(t, gate.maxRegressionRate);
  const score = t.regressed + t.changed - n * allowed + lexical.score;
  const variance = n * allowed * (1 - allowed) + lexical.variance;
  if (variance === 0) return score < 0 ? 0 : 1;
  return normalCdf(score / Math.sqrt(variance));
}

/**
 * H0: the candidate falls outside the noise floor at least `margin` more often than the
 * baseline does. Where the baseline has one sample only the calibrated rate can stand for it,
 * and the exact binomial test is used; with held-out samples the comparison is paired on the
 * same cases (Tango's score test), cases without one adding their default-rate term to the same
 * score (a sum of independent parts, each with its variance under H0).
 */
export function lexicalPValue(t: Tally, margin: number): number {
  const bound = Math.min(1, DEFAULT_SELF_DISAGREEMENT + margin);
  if (t.paired.n === 0) return binomialTestLess(t.single.outside, t.single.n, bound);
  const { score, variance } = lexicalScore(t, margin);
  if (variance === 0) return score < 0 ? 0 : 1;
  return normalCdf(score / Math.sqrt(variance));
}

/** The lexical cases' part of a score test: observed minus allowed outside the floor, and its variance under H0. */
function lexicalScore(t: Tally, margin: number): { score: number; variance: number } {
  const reference = DEFAULT_SELF_DISAGREEMENT;
  const bound = Math.min(1, reference + margin);
  const paired = { n: t.paired.n, worse: t.paired.worse, better: t.paired.better };
  const score = t.paired.worse - t.paired.better + (t.single.outside - t.single.n * reference) - (t.paired.n + t.single.n) * margin;
  const variance = (t.paired.n > 0 ? nullVariance(paired, margin) : 0) + t.single.n * bound * (1 - bound);
  return { score, variance };
}
