// What the user's own checks say about a case: each assertion, and the expected answer, decided
// per side by majority of samples. They are the evidence of which side is right: only a
// pass/fail difference is a regression or an improvement; both passing is agreement on what the
// user checks, both failing is no regression whatever else differs.
import type { PairEvidence, SideEvidence } from './case-evidence.js';
import { describeExpected } from './expected-answer.js';
import type { CaseInput } from './input.js';

export type Outcome = 'pass' | 'fail' | 'unknown';

export interface Check {
  /** 'icontains "refund"', 'expected: No'. */
  label: string;
  baseline: Outcome;
  candidate: Outcome;
  /** "baseline 2/2, candidate 0/1". */
  counts: string;
  /** Why the candidate's samples fail it, when they do. */
  failure?: string;
}

export interface CaseChecks {
  checks: Check[];
  /** pass: every check passes; fail: some check fails; unknown: a tie on some check and no failure. */
  baseline: Outcome;
  candidate: Outcome;
}

/** The case's checks on both sides; null when it has neither assertions nor an expected answer. */
export function caseChecks(testCase: CaseInput, baseline: SideEvidence, candidate: SideEvidence, pair: PairEvidence): CaseChecks | null {
  const checks: Check[] = pair.assertions.map((tally) => ({
    label: tally.label,
    baseline: outcome(tally.baseline.passed, tally.baseline.total),
    candidate: outcome(tally.candidate.passed, tally.candidate.total),
    counts: `baseline ${tally.baseline.passed}/${tally.baseline.total}, candidate ${tally.candidate.passed}/${tally.candidate.total}`,
    ...(tally.failures[0] !== undefined && { failure: tally.failures[0] }),
  }));
  if (baseline.expected && candidate.expected) {
    const right = (side: boolean[]) => side.filter(Boolean).length;
    const [b, c] = [right(baseline.expected), right(candidate.expected)];
    const gives = pair.typed?.candidate.ok
      ? `gives ${pair.typed.candidate.display}`
      : pair.typed
        ? `gives no ${testCase.compare.kind} (${pair.typed.candidate.error ?? 'nothing found'})`
        : 'gives another text';
    checks.push({
      label: `expected: ${describeExpected(testCase.compare, testCase.expected)}`,
      baseline: outcome(b, baseline.expected.length),
      candidate: outcome(c, candidate.expected.length),
      counts: `baseline ${b}/${baseline.expected.length}, candidate ${c}/${candidate.expected.length}`,
      failure: gives,
    });
  }
  if (checks.length === 0) return null;
  return { checks, baseline: combine(checks.map((c) => c.baseline)), candidate: combine(checks.map((c) => c.candidate)) };
}

/** Why the case regressed, improved, agrees or fails on both sides, one line per check that says so. */
export function describeChecks(result: CaseChecks): { broke: string[]; fixed: string[]; bothFail: string[]; passed: string[] } {
  const broke: string[] = [];
  const fixed: string[] = [];
  const bothFail: string[] = [];
  const passed: string[] = [];
  for (const check of result.checks) {
    if (check.baseline === 'pass' && check.candidate === 'fail')
      broke.push(`fails ${check.label} where the baseline passes (${check.counts})${check.failure ? `: ${check.failure}` : ''}`);
    else if (check.baseline === 'fail' && check.candidate === 'pass')
      fixed.push(`passes ${check.label} where the baseline fails (${check.counts})`);
    else if (check.baseline === 'fail' && check.candidate === 'fail') bothFail.push(check.label);
    else if (check.baseline === 'pass' && check.candidate === 'pass') passed.push(check.label);
  }
  return { broke, fixed, bothFail, passed };
}

function outcome(passed: number, total: number): Outcome {
  if (passed * 2 > total) return 'pass';
  if ((total - passed) * 2 > total) return 'fail';
  return 'unknown';
}

function combine(outcomes: Outcome[]): Outcome {
  if (outcomes.includes('fail')) return 'fail';
  return outcomes.every((o) => o === 'pass') ? 'pass' : 'unknown';
}
