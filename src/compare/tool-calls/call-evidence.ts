// What a case's tool calls say in its verdict: how the candidate's differ from the baseline's,
// that they are the same, whether a check of the case can tell two calls apart.
import type { PairEvidence } from '../case-evidence.js';
import type { CaseInput } from '../input.js';
import { describeCalls } from './parse-calls.js';

export const SETTLE_CALLS =
  'nothing says which call is right: a tool-call assertion, or compare: tool-calls with an expected: answer, on this case would settle it';

/**
 * How the candidate's tool calls differ from the baseline's, when they do and the case compares
 * more than its calls (a tool-calls case compares them as its typed value). Calls that are one
 * of the baseline's own (a baseline that calls differently from sample to sample) do not differ.
 */
export function toolCallChange({ testCase, pair }: { testCase: CaseInput; pair: PairEvidence }): string | null {
  const calls = pair.calls;
  if (!calls || testCase.compare.kind === 'tool-calls' || calls.comparison.equal || calls.candidateMatchesBaseline) return null;
  return `tool calls differ: ${calls.comparison.keyDifferences.join('; ')}`;
}

export function sameCallsNote({ pair }: { pair: PairEvidence }): string[] {
  const calls = pair.calls;
  if (!calls || calls.candidate.length === 0 || !(calls.comparison.equal || calls.candidateMatchesBaseline)) return [];
  return [`same tool calls as the baseline (${describeCalls(calls.candidate)})`];
}

/** Whether a check of the case can tell two different tool calls apart. */
export function checksToolCalls(testCase: CaseInput): boolean {
  return testCase.assert.some(
    (assertion) => assertion.type === 'tool-call' || assertion.type === 'no-tool-call' || assertion.type === 'javascript',
  );
}
