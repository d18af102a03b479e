// STAND-IN: the real sequential rule is written on branch `early` with exactly this interface and
// replaces this file at merge. TODO(early): delete this body. Until then it applies the
// fixed-sample tests of decision.ts to the completed prefix, Bonferroni-split across candidates;
// looking again after every batch of verdicts, that is NOT a valid sequential test (repeated looks
// inflate the error rates), which is what the real rule corrects.
import type { Gate } from '../suite/types.js';
import { pct } from '../domain/format.js';
import { evidenceCases, lexicalCases, runTests, type Tally } from './decision-tests.js';

export interface SequentialInput {
  /** tallyOf(items) over the candidate's verdicts on the completed prefix. */
  tally: Tally;
  /** Critical case ids (as decision.ts computes them). */
  critical: { regressed: string[]; changed: string[]; unconfirmed: string[] };
  gate: Gate;
  /** Number of candidates sharing the error budget. */
  candidates: number;
}

export interface SequentialLook {
  decision: 'replaceable' | 'keep-pinned' | 'undecided';
  reasons: string[];
  cases: number;
}

export function sequentialDecision(input: SequentialInput): SequentialLook {
  const { tally, critical, gate } = input;
  const cases = evidenceCases(tally) + lexicalCases(tally);
  if (critical.regressed.length || critical.changed.length) {
    const ids = [...critical.regressed, ...critical.changed];
    return {
      decision: 'keep-pinned',
      reasons: [`regressed or changed on critical case${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`],
      cases,
    };
  }
  if (cases === 0) return { decision: 'undecided', reasons: [], cases };
  const alpha = (1 - gate.confidence) / Math.max(1, input.candidates);
  const tests = runTests(tally, gate);
  if (tests.pKeep <= alpha)
    return { decision: 'keep-pinned', reasons: [`the evidence is against it at ${pct(gate.confidence)} confidence`], cases };
  if (tests.pReplace <= alpha && critical.unconfirmed.length === 0)
    return { decision: 'replaceable', reasons: [`clears the gate at ${pct(gate.confidence)} confidence`], cases };
  return { decision: 'undecided', reasons: [], cases };
}
