// Where a run stopping early asks the sequential rule: on the longest completed prefix of the
// cases' random order. Answers arrive out of order; a prefix in which every case is compared is
// still a random sample of the suite, where "the cases that happened to finish first" would not
// be (fast answers are not typical answers).
import type { Gate } from '../suite/types.js';
import { tallyOf } from './decision-tests.js';
import { sequentialDecision, type SequentialLook } from './sequential-decision.js';
import type { VerdictFigures } from './types.js';

export interface PrefixLookInput {
  /** The suite's case ids in the run's seeded order. */
  order: readonly string[];
  /** This candidate's compared cases so far, by case id (conversations folded). */
  verdicts: ReadonlyMap<string, VerdictFigures>;
  /** Ids of the cases with a critical tag. */
  critical: ReadonlySet<string>;
  gate: Gate;
  candidates: number;
}

/** The completed prefix's length, and what the sequential rule says on it. */
export function lookAtPrefix(input: PrefixLookInput): SequentialLook & { prefix: number } {
  const items: Array<VerdictFigures & { caseId: string }> = [];
  for (const id of input.order) {
    const item = input.verdicts.get(id);
    if (!item) break;
    items.push({ ...item, caseId: id });
  }
  const onCritical = (keep: (item: VerdictFigures & { caseId: string }) => boolean) =>
    items.filter((item) => input.critical.has(item.caseId) && keep(item)).map((item) => item.caseId);
  const look = sequentialDecision({
    tally: tallyOf(items),
    critical: {
      regressed: onCritical((item) => item.verdict === 'regressed'),
      changed: onCritical((item) => item.verdict === 'changed' && item.confirmed),
      unconfirmed: onCritical((item) => !item.confirmed && item.verdict === 'changed'),
    },
    gate: input.gate,
    candidates: input.candidates,
  });
  return { ...look, prefix: items.length };
}
