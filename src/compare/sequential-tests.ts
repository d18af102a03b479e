// The gate's tests (decision-tests.ts) asked again with always-valid evidence, for --stop-early:
// the same hypotheses, each turned into a betting e-value (stats/betting-e-value.ts) that may be
// read after every batch of verdicts without the error rate growing with the number of looks.
// An e-value E for H0 rejects it at level α once E >= 1/α; Ville's inequality makes that hold
// over every look at once, which a p-value read at every look does not
// (sequential-simulation.test.ts shows both).
//
// Each test weighs one score per case, centred so that H0 says its mean is on one side of 0:
//   regressions   regressed - max_regression_rate, among the cases with evidence
//   flips         regressed (+1) or improved (-1), among the cases with evidence
//   agreement     pooled over every case, each against what the gate allows of its kind: a case
//                 with evidence disagreeing (regressed or changed) minus 1 - min_equivalence_rate;
//                 a lexical case with one baseline sample outside the floor minus the calibrated
//                 rate and the margin; one with a held-out sample, candidate-alone-outside minus
//                 baseline-alone-outside minus the margin. In a suite of one kind this is the
//                 fixed rule's agreement (or lexical) test; with both, its pooled test.
//   changes       regressed, improved or changed - max_change_rate
//   net harm      regressed (+1) or improved (-1) - max_regression_rate
// The possible scores, and so the stakes, depend on the gate only, never on the data.
import type { Gate } from '../suite/types.js';
import { evidenceCases, lexicalCases, lexicalPValue, type Tally } from './decision-tests.js';
import { DEFAULT_SELF_DISAGREEMENT } from './noise-floor.js';
import { binomialTestGreater } from './stats/binomial.js';
import { eValueAbove, eValueBelow, eValueRateAbove, eValueRateBelow, type Outcome } from './stats/betting-e-value.js';

export type ReplaceTest = 'regressions' | 'agreement' | 'changes';
export type KeepTest = 'regressions' | 'net harm' | 'changes';

export interface SequentialTests {
  /** The tests that must all pass for replaceable (intersection-union: no correction within the candidate), with their e-values. */
  replace: Array<{ test: ReplaceTest; e: number }>;
  /**
   * A kind of case significantly worse than the gate allows on its own cases, in a suite with
   * both kinds: it holds replaceable back however good the pooled evidence, as in the fixed rule.
   * (Holding back only ever makes replaceable rarer, so the guarantee stands.)
   */
  held: boolean;
  /** Evidence that the candidate is worse: the mean of the keep tests' e-values, itself an e-value for "none of them is true". */
  keep: number;
  keepParts: Array<{ test: KeepTest; e: number }>;
}

/**
 * The tests of decision-tests.ts as e-values. What replaceable needs, as there: regressions
 * acceptable (below max_regression_rate, or flips in the candidate's favour: the mean of the two
 * e-values, since either suffices), agreement above min_equivalence_rate pooled with the
 * lexical cases, changes below max_change_rate when set; regressions need their proof even in a
 * suite with text cases (see below). What keep-pinned needs: regressions above the
 * bound while it fixes fewer than it breaks, net harm above the bound, or changes above
 * max_change_rate; lexical evidence never keeps a candidate pinned.
 */
export function sequentialTests(t: Tally, gate: Gate): SequentialTests {
  const n = evidenceCases(t);
  const lexical = lexicalCases(t);
  const margin = gate.maxRegressionRate;
  const changes = t.regressed + t.improved + t.changed;
  const replace: SequentialTests['replace'] = [];
  // Unlike the fixed rule, which waives it in a suite with text cases while no regression is
  // seen, regressions always need their own proof once a case with evidence is weighed: early in
  // a run "none seen yet" is no evidence, and with the waiver a candidate regressing on 5% of its
  // checked cases was called replaceable in 7% to 21% of simulated mixed suites (at 95%).
  if (n > 0) replace.push({ test: 'regressions', e: (eValueRateBelow(t.regressed, n, margin) + eValueBelow(flips(t, 0))) / 2 });
  if (n + lexical > 0) replace.push({ test: 'agreement', e: eValueBelow(agreementOutcomes(t, gate)) });
  if (n > 0 && gate.maxChangeRate !== undefined) replace.push({ test: 'changes', e: eValueRateBelow(changes, n, gate.maxChangeRate) });

  const alpha = 1 - gate.confidence;
  const held =
    n > 0 &&
    lexical > 0 &&
    (binomialTestGreater(t.regressed + t.changed, n, 1 - gate.minEquivalenceRate) <= alpha || 1 - lexicalPValue(t, margin) <= alpha);

  // The set of keep tests is fixed by the gate; a test whose condition on the counts fails
  // contributes 0 (a smaller e-value is still one).
  const keepParts: SequentialTests['keepParts'] = [
    { test: 'regressions', e: n > 0 && t.regressed >= t.improved ? eValueRateAbove(t.regressed, n, margin) : 0 },
    { test: 'net harm', e: n > 0 && t.regressed > t.improved ? eValueAbove(flips(t, margin)) : 0 },
  ];
  if (gate.maxChangeRate !== undefined) keepParts.push({ test: 'changes', e: n > 0 ? eValueRateAbove(changes, n, gate.maxChangeRate) : 0 });
  const keep = keepParts.reduce((sum, part) => sum + part.e, 0) / keepParts.length;
  return { replace, held, keep, keepParts };
}

/** Regressed +1, improved -1, anything else 0, each minus `margin`: the score of the flips and net-harm tests. */
function flips(t: Tally, margin: number): Outcome[] {
  return [
    { score: 1 - margin, count: t.regressed },
    { score: -1 - margin, count: t.improved },
    { score: -margin, count: evidenceCases(t) - t.regressed - t.improved },
  ];
}

/** Every case's agreement score against what the gate allows of its kind; H0: their mean is at least 0. */
function agreementOutcomes(t: Tally, gate: Gate): Outcome[] {
  const allowed = 1 - gate.minEquivalenceRate;
  const lexicalBound = DEFAULT_SELF_DISAGREEMENT + gate.maxRegressionRate;
  const margin = gate.maxRegressionRate;
  const { paired } = t;
  return [
    { score: 1 - allowed, count: t.regressed + t.changed },
    { score: -allowed, count: t.agree },
    { score: 1 - lexicalBound, count: t.single.outside },
    { score: -lexicalBound, count: t.single.n - t.single.outside },
    { score: 1 - margin, count: paired.worse },
    { score: -1 - margin, count: paired.better },
    { score: -margin, count: paired.n - paired.worse - paired.better },
  ];
}
