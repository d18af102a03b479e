// How many cases would settle a decision: the suite grown at the rates it observed, run through
// the gate's own tests (decision-tests.ts) at each size, so the figure is exact for those tests
// and does not depend on how many cases happened to be compared (no "about 53" at 52 cases).
import { samplesFor } from '../suite/samples.js';
import type { Gate, Suite } from '../suite/types.js';
import { evidenceCases, lexicalCases, runTests, type Tally } from './decision-tests.js';
import { holmAdjust } from './stats/holm.js';
import type { Decision } from './types.js';

/** Beyond this, "how many cases" is not the question: the rates sit on the gate's edge. */
export const MAX_CASES = 100_000;

/** The tally of a suite of `size` cases with the same shares of each kind of case (nearest whole counts). */
export function scaleTally(t: Tally, size: number): Tally {
  const total = evidenceCases(t) + lexicalCases(t);
  if (total === 0) return t;
  const at = (count: number) => Math.round((count * size) / total);
  const improved = at(t.improved);
  const singleOutside = at(t.single.outside);
  const paired = {
    both: at(t.paired.both),
    worse: at(t.paired.worse),
    better: at(t.paired.better),
    neither: at(t.paired.n - t.paired.both - t.paired.worse - t.paired.better),
  };
  return {
    agree: at(t.agree - t.improved) + improved,
    improved,
    regressed: at(t.regressed),
    changed: at(t.changed),
    single: { n: at(t.single.n - t.single.outside) + singleOutside, outside: singleOutside },
    paired: {
      n: paired.both + paired.worse + paired.better + paired.neither,
      both: paired.both,
      worse: paired.worse,
      better: paired.better,
    },
  };
}

/** Every candidate's decision at one suite size, Holm-adjusted across candidates as the real decision is. */
export function decisionsAt(tallies: Tally[], gate: Gate, size: number, canReplace: boolean[]): Array<Decision | null> {
  const alpha = 1 - gate.confidence;
  const results = tallies.map((t) => runTests(scaleTally(t, size), gate));
  const replace = holmAdjust(results.map((r, i) => (canReplace[i] ? r.pReplace : 1)));
  const keep = holmAdjust(results.map((r) => r.pKeep));
  return results.map((_, i) => (keep[i]! <= alpha ? 'keep-pinned' : replace[i]! <= alpha ? 'replaceable' : null));
}

/**
 * For each candidate, the fewest cases N at which the tests decide, and go on deciding for every
 * size up to 2N (whole counts make a test pass at one size and fail at the next: at rate 0.95
 * and bound 0.9, 127 cases clear, 130 do not, 153 on all do), with the decision they reach
 * (beyond MAX_CASES / 2, deciding through MAX_CASES); null when MAX_CASES cases do not decide.
 */
export function casesNeeded(
  tallies: Tally[],
  gate: Gate,
  canReplace: boolean[],
  atLeast: number[] = tallies.map(() => 1),
): Array<{ cases: number; decision: Decision } | null> {
  const answers: Array<{ cases: number; decision: Decision } | null> = tallies.map(() => null);
  const open = decisionsAt(tallies, gate, MAX_CASES, canReplace).map(
    (decided, i) => decided !== null && evidenceCases(tallies[i]!) + lexicalCases(tallies[i]!) > 0,
  );
  // Below the size a candidate was compared at, rounding to whole cases can erase a rare kind of
  // case (one regression in 300 is none in 20): "how many would settle it" starts above it.
  const lastUndecided = atLeast.map((size) => Math.max(0, size - 1));
  for (let size = Math.max(1, Math.min(...atLeast)); size <= MAX_CASES && open.some(Boolean); size++) {
    const decided = decisionsAt(tallies, gate, size, canReplace);
    for (let i = 0; i < tallies.length; i++) {
      if (!open[i]) continue;
      if (size <= lastUndecided[i]!) continue;
      if (decided[i] === null) lastUndecided[i] = size;
      else if (size >= 2 * (lastUndecided[i]! + 1)) {
        const first = lastUndecided[i]! + 1;
        answers[i] = { cases: first, decision: decisionsAt(tallies, gate, first, canReplace)[i]! };
        open[i] = false;
      }
    }
  }
  // Decided from here through MAX_CASES, where the window of 2N no longer fits: the best there is.
  for (let i = 0; i < tallies.length; i++) {
    if (open[i]) answers[i] = { cases: lastUndecided[i]! + 1, decision: decisionsAt(tallies, gate, lastUndecided[i]! + 1, canReplace)[i]! };
  }
  return answers;
}

/**
 * The fewest cases with which a suite of this make-up could return replaceable at all: every
 * case agreeing with the baseline (identical outputs), none outside the noise. What validate,
 * estimate and init tell a suite too small for its own gate.
 */
export function minimumCases(gate: Gate, makeUp: { evidence: number; lexical: number; baselineSamples: number }): number | null {
  const { evidence, lexical } = makeUp;
  if (evidence + lexical === 0) return null;
  const perfect: Tally = {
    agree: evidence,
    improved: 0,
    regressed: 0,
    changed: 0,
    single: makeUp.baselineSamples >= 2 ? { n: 0, outside: 0 } : { n: lexical, outside: 0 },
    paired: makeUp.baselineSamples >= 2 ? { n: lexical, both: 0, worse: 0, better: 0 } : { n: 0, both: 0, worse: 0, better: 0 },
  };
  const [answer] = casesNeeded([perfect], gate, [true]);
  return answer?.decision === 'replaceable' ? answer.cases : null;
}

/**
 * The least a suite needs for its gate to return replaceable, from its cases as written: those
 * with assertions, an expected: answer or a typed comparison carry evidence; text and code
 * without checks are judged lexically (against the baseline's held-out samples when it has two).
 */
export function gateMinimum(
  gate: Gate,
  cases: Array<{ compare: { kind: string }; assert: unknown[]; expected?: unknown }>,
  baselineSamples: number,
): number | null {
  const evidence = cases.filter(
    (c) => c.assert.length > 0 || c.expected !== undefined || !['text', 'code'].includes(c.compare.kind),
  ).length;
  return minimumCases(gate, { evidence, lexical: cases.length - evidence, baselineSamples });
}

/** What validate, estimate and init say of a suite too small for its gate; undefined when it is not. */
export function tooFewCases(needed: number | null, have: number): string | undefined {
  if (needed === null)
    return `this gate can never return replaceable (max_regression_rate or min_equivalence_rate leaves no room at any size); loosen it, or expect review at best`;
  if (have >= needed) return undefined;
  // Where every case agrees by its checks: a typed case whose answers give no value is judged by
  // its wording instead, which needs fewer, so this is what to plan for, not a bound.
  return `this gate needs ${needed} cases to return replaceable when every case agrees with the baseline; the suite has ${have}, so expect review (exit 3): add cases`;
}

/** The same, for a loaded suite: its gate, its cases and the baseline's samples. */
export function suiteTooSmall(suite: Pick<Suite, 'gate' | 'cases' | 'targets' | 'baseline' | 'samples'>): string | undefined {
  return tooFewCases(gateMinimum(suite.gate, suite.cases, samplesFor(suite, {}, suite.baseline)), suite.cases.length);
}
