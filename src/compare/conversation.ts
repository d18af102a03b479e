// A conversation case is compared turn by turn (each turn a case of its own, with the case's
// checks and the turn's), then as a whole: the conversation's verdict is what its turns add up
// to, worst first, and its reasons say which turn each comes from.
import type { CaseInput } from './input.js';
import type { CaseComparison, TurnComparison, Verdict } from './types.js';

/** The id a conversation's turn is compared under (its judge grades and JavaScript results are keyed by it). */
export function turnCaseId(caseId: string, turn: number): string {
  return `${caseId}#turn${turn}`;
}

/** Replaces the comparisons of each conversation's turns by one comparison of the conversation. */
export function foldConversations(cases: readonly CaseInput[], comparisons: CaseComparison[]): CaseComparison[] {
  const turnOf = new Map(cases.filter((c) => c.conversation).map((c) => [c.id, c.conversation!]));
  if (turnOf.size === 0) return comparisons;
  const folded: CaseComparison[] = [];
  const groups = new Map<string, CaseComparison[]>();
  for (const comparison of comparisons) {
    const meta = turnOf.get(comparison.caseId);
    if (!meta) {
      folded.push(comparison);
      continue;
    }
    const key = `${meta.caseId}\u0000${comparison.candidate}`;
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = []));
      folded.push({ ...comparison, caseId: meta.caseId }); // placeholder, in suite order
    }
    group.push(comparison);
  }
  return folded.map((item) => {
    const group = groups.get(`${item.caseId}\u0000${item.candidate}`);
    return group ? conversationComparison(item.caseId, group, (id) => turnOf.get(id)!.turn) : item;
  });
}

// Worst first: what decides the conversation's verdict when its turns differ.
const ORDER: Verdict[] = ['error', 'regressed', 'changed', 'improved', 'drifted', 'equivalent', 'same'];

function conversationComparison(caseId: string, turns: CaseComparison[], turnNumber: (id: string) => number): CaseComparison {
  const verdicts = new Set(turns.map((t) => t.verdict));
  // A turn that broke and another that fixed something: which side is better overall, nothing says.
  const verdict: Verdict =
    !verdicts.has('error') && verdicts.has('regressed') && verdicts.has('improved') ? 'changed' : ORDER.find((v) => verdicts.has(v))!;
  const deciding = turns.filter(
    (t) => t.verdict === verdict || (verdict === 'changed' && (t.verdict === 'regressed' || t.verdict === 'improved')),
  );
  const worst = deciding[0] ?? turns[0]!;
  const confirmed = deciding.some((t) => t.confirmed);
  const lexical = turns.filter((t) => t.lexical);
  const reasons = turns
    .filter((t) => t.verdict !== 'same')
    .flatMap((t) => t.reasons.slice(0, 2).map((reason) => `turn ${turnNumber(t.caseId)}: ${reason}`));
  const similarities = turns.map((t) => t.similarity).filter((s): s is number => s !== null);
  const { caseId: _caseId, candidate, turns: _turns, ...rest } = worst;
  return {
    ...rest,
    caseId,
    candidate,
    verdict,
    confirmed,
    reasons: reasons.length ? reasons : [`every turn (${turns.length}) identical to the baseline's`],
    unstable: turns.some((t) => t.unstable),
    similarity: similarities.length ? Math.min(...similarities) : null,
    ...(!confirmed && lexical.length > 0
      ? {
          lexical: {
            outside: lexical.some((t) => t.lexical!.outside),
            baselineOutside: lexical.every((t) => t.lexical!.baselineOutside === null)
              ? null
              : lexical.some((t) => t.lexical!.baselineOutside === true),
            baselineSimilarity: minimum(lexical.map((t) => t.lexical!.baselineSimilarity)),
          },
        }
      : { lexical: undefined }),
    assertions: turns.flatMap((t) => t.assertions.map((a) => ({ ...a, label: `turn ${turnNumber(t.caseId)}: ${a.label}` }))),
    turns: turns.map(({ candidate: _c, turns: _t, ...turn }): TurnComparison => ({ ...turn, turn: turnNumber(turn.caseId) })),
  };
}

function minimum(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.min(...known) : null;
}
