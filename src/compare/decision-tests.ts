// The gate's tests as functions of counts alone, so the decision (decision.ts) and the number of
// cases that would settle it (cases-needed.ts) run exactly the same tests.
import type { Gate } from '../suite/types.js';
import { DEFAULT_SELF_DISAGREEMENT } from './noise-floor.js';
import { binomialTestGreater, binomialTestLess } from './stats/binomial.js';
import { mcnemarExact } from './stats/mcnemar.js';
import { normalCdf } from './stats/normal-cdf.js';
import { nullVariance } from './stats/paired-noninferiority.js';
import type { CaseComparison } from './types.js';

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

export function tallyOf(items: CaseComparison[]): Tally {
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
 * margin. Keep-pinned needs one test against it: regressions significantly above the bound,
 * flips significantly against it, or changes above max_change_rate. Lexical evidence never
 * keeps a candidate pinned: it cannot tell a worse answer from a differently worded one.
 */
export function runTests(t: Tally, gate: Gate): TestResult {
  const n = evidenceCases(t);
  const flips = t.regressed + t.improved > 0 ? mcnemarExact(t.regressed, t.improved).pValue : 1;
  const changes = t.regressed + t.improved + t.changed;
  const parts: TestResult['parts'] = { regressions: null, agreement: null, changes: null, lexical: null };
  const keep: number[] = [];
  if (n > 0) {
    parts.regressions = Math.min(binomialTestLess(t.regressed, n, gate.maxRegressionRate), t.improved > t.regressed ? flips : 1);
    parts.agreement = binomialTestGreater(t.agree, n, gate.minEquivalenceRate);
    keep.push(binomialTestGreater(t.regressed, n, gate.maxRegressionRate));
    if (t.regressed > t.improved) keep.push(flips);
    if (gate.maxChangeRate !== undefined) {
      parts.changes = binomialTestLess(changes, n, gate.maxChangeRate);
      keep.push(binomialTestGreater(changes, n, gate.maxChangeRate));
    }
  }
  if (lexicalCases(t) > 0) parts.lexical = lexicalPValue(t, gate.maxRegressionRate);
  const applicable = Object.values(parts).filter((p): p is number => p !== null);
  return {
    pReplace: applicable.length ? Math.max(...applicable) : 1,
    pKeep: keep.length ? Math.min(1, Math.min(...keep) * keep.length) : 1,
    parts,
  };
}

/**
 * H0: the candidate falls outside the noise floor at least `margin` more often than the
 * baseline does. Where the baseline has one sample only the calibrated rate can stand for it,
 * and the exact binomial test is used; with held-out samples the comparison is paired on the
 * same cases (Tango's score test), cases without one adding their default-rate term to the same
 * score (a sum of independent parts, each with its variance under H0).
 */
export function lexicalPValue(t: Tally, margin: number): number {
  const reference = DEFAULT_SELF_DISAGREEMENT;
  const bound = Math.min(1, reference + margin);
  if (t.paired.n === 0) return binomialTestLess(t.single.outside, t.single.n, bound);
  const paired = { n: t.paired.n, worse: t.paired.worse, better: t.paired.better };
  const score = t.paired.worse - t.paired.better + (t.single.outside - t.single.n * reference) - (t.paired.n + t.single.n) * margin;
  const variance = nullVariance(paired, margin) + t.single.n * bound * (1 - bound);
  if (variance === 0) return score < 0 ? 0 : 1;
  return normalCdf(score / Math.sqrt(variance));
}
