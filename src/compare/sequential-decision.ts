// The decision --stop-early asks after each batch of verdicts: is this candidate already
// keep-pinned or replaceable at the gate's confidence, on the cases so far (a prefix of the
// seeded random order, so a fair sample of the suite)? The same hypotheses as decision.ts, with
// evidence that stays valid however many times, and whenever, it is read
// (sequential-tests.ts); Bonferroni across candidates (Holm needs every candidate's evidence at
// once, and candidates stop at different looks). A candidate left undecided runs to the end of
// the suite, where the fixed-sample decision takes over.
import { pct, confidencePct } from '../domain/format.js';
import type { Gate } from '../suite/types.js';
import { criticalKeepReason, unconfirmedCriticalReason } from './decision.js';
import { evidenceCases, lexicalCases, type Tally } from './decision-tests.js';
import { sequentialTests, type SequentialTests } from './sequential-tests.js';

export interface SequentialInput {
  /** The candidate's verdicts so far, on the completed prefix of the seeded order. */
  tally: Tally;
  /** Critical case ids, as decision.ts computes them. */
  critical: { regressed: string[]; changed: string[]; unconfirmed: string[] };
  gate: Gate;
  /** How many candidates share the error budget (Bonferroni). */
  candidates: number;
}

export interface SequentialLook {
  decision: 'replaceable' | 'keep-pinned' | 'undecided';
  /** Why, in words; the first is the headline ("regresses on 9 of 14 cases: ... at 95% confidence, valid under repeated looks"). */
  reasons: string[];
  /** Cases weighed. */
  cases: number;
}

/**
 * One look: keep-pinned at once on a critical case that regressed or changed (as decision.ts);
 * keep-pinned when the evidence that it is worse reaches candidates / (1 - confidence);
 * replaceable when every test it must pass does and no critical case is unconfirmed; else
 * undecided, with how far each test has come.
 */
export function sequentialDecision(input: SequentialInput): SequentialLook {
  const { tally, critical, gate, candidates } = input;
  if (!Number.isSafeInteger(candidates) || candidates < 1)
    throw new RangeError(`candidates must be a whole number >= 1, got ${candidates}`);
  const cases = evidenceCases(tally) + lexicalCases(tally);
  const criticalReason = criticalKeepReason(critical);
  if (criticalReason) return { decision: 'keep-pinned', reasons: [criticalReason], cases };

  const needed = candidates / (1 - gate.confidence);
  const valid = `at ${confidencePct(gate.confidence)} confidence, valid under repeated looks`;
  if (cases === 0) return { decision: 'undecided', reasons: ['no case weighed yet'], cases };
  const tests = sequentialTests(tally, gate);
  const lines = evidenceLines(tests, needed, candidates, tally);

  if (tests.keep >= needed) return { decision: 'keep-pinned', reasons: [keepHeadline(tally, tests, gate, valid), ...lines], cases };
  const blockers = [
    ...(critical.unconfirmed.length ? [unconfirmedCriticalReason(critical.unconfirmed)] : []),
    ...(tests.held
      ? [
          'the checked cases disagree, or the text cases drift, significantly more than the gate allows of their kind: the other kind cannot carry them',
        ]
      : []),
  ];
  if (!blockers.length && tests.replace.every((part) => part.e >= needed))
    return { decision: 'replaceable', reasons: [`clears the gate on the ${count(cases)} cases answered, ${valid}`, ...lines], cases };

  const headline = `not decided on the ${count(cases)} cases answered: the evidence does not yet suffice either way ${valid}`;
  const lexicalOnly = evidenceCases(tally) === 0;
  return {
    decision: 'undecided',
    reasons: [
      headline,
      ...blockers,
      ...(lexicalOnly ? ['lexical evidence never keeps a candidate pinned: on these cases only replaceable can stop it early'] : []),
      ...lines,
    ],
    cases,
  };
}

/** The headline of keep-pinned: the test with the strongest evidence, in the words of decision.ts. */
function keepHeadline(t: Tally, tests: SequentialTests, gate: Gate, valid: string): string {
  const n = evidenceCases(t);
  const strongest = tests.keepParts.reduce((best, part) => (part.e > best.e ? part : best));
  if (strongest.test === 'regressions')
    return `regresses on ${t.regressed} of ${count(n)} cases with evidence: more than the gate allows (${pct(gate.maxRegressionRate)}) ${valid}`;
  if (strongest.test === 'net harm')
    return `breaks more than it fixes, by more than the gate allows (${pct(gate.maxRegressionRate)}): regressed on ${t.regressed} and improved on ${t.improved} of ${count(n)} cases with evidence, ${valid}`;
  const changes = t.regressed + t.improved + t.changed;
  return `changes ${changes} of ${count(n)} answers: more than the gate allows (max_change_rate ${pct(gate.maxChangeRate ?? 0)}) ${valid}`;
}

/** How far each test has come, as "evidence N× (needs M×)": an e-value is the factor by which the bet multiplied its stake. */
function evidenceLines(tests: SequentialTests, needed: number, candidates: number, t: Tally): string[] {
  const share = candidates > 1 ? `, the error budget shared by ${candidates} candidates` : '';
  const withEvidence = evidenceCases(t) > 0;
  const agreement = !withEvidence
    ? "text within the baseline's noise plus the margin"
    : lexicalCases(t) > 0
      ? "agreement above min_equivalence_rate, pooled with the text within the baseline's noise"
      : 'agreement above min_equivalence_rate';
  const replace = tests.replace
    .map((part) => `${part.test === 'agreement' ? agreement : REPLACE_WORDS[part.test]} ${times(part.e)}`)
    .join('; ');
  const keep = tests.keepParts.map((part) => `${KEEP_WORDS[part.test]} ${times(part.e)}`).join('; ');
  return [
    `evidence that it is as good (each needs ${times(needed)}${share}): ${replace}`,
    ...(withEvidence ? [`evidence that it is worse (their mean needs ${times(needed)}): ${keep}`] : []),
  ];
}

const REPLACE_WORDS: Record<Exclude<SequentialTests['replace'][number]['test'], 'agreement'>, string> = {
  regressions: 'regressions below max_regression_rate (or fixes outnumbering them)',
  changes: 'changes below max_change_rate',
};

const KEEP_WORDS: Record<SequentialTests['keepParts'][number]['test'], string> = {
  regressions: 'regressions above max_regression_rate',
  'net harm': 'breaks more than it fixes',
  changes: 'changes above max_change_rate',
};

/** An e-value for people: 2 significant figures below 10 (1 below 0.01), whole numbers to a million, then powers of ten. */
export function times(e: number): string {
  if (!Number.isFinite(e)) return 'beyond measure';
  if (e === 0) return '0×';
  if (e >= 1e6) return `${e.toExponential(0).replace('e+', 'e')}×`;
  if (e >= 10) return `${Math.round(e).toLocaleString('en-US')}×`;
  return `${e < 0.01 ? e.toPrecision(1) : e.toPrecision(2)}×`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
