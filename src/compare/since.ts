// What changed since an earlier comparison of the same suite (pinned compare --since): per
// candidate, the regressions that are new, those that are fixed, and every other verdict that moved.
import type { CaseComparison, Decision, Verdict } from './types.js';

export interface CandidateSince {
  candidate: string;
  /** The decision then, when the earlier comparison had this candidate. */
  decisionBefore: Decision | null;
  decision: Decision;
  /** Regressed now, not before (including cases the earlier comparison did not have). */
  newRegressions: string[];
  /** Regressed before, not now. */
  fixed: string[];
  /** Every other case whose verdict moved. */
  moved: Array<{ caseId: string; from: Verdict | null; to: Verdict }>;
}

export interface Since {
  /** Where the earlier comparison came from: a run of this database, or of another (--since-db). */
  label: string;
  runId: number;
  candidates: CandidateSince[];
}

type Side = { cases: CaseComparison[]; decisions: Array<{ candidate: string; decision: Decision }> };

export function changesSince(previous: Side, current: Side, where: { label: string; runId: number }): Since {
  const before = new Map(previous.cases.map((c) => [`${c.caseId}\u0000${c.candidate}`, c.verdict]));
  const candidates = current.decisions.map(({ candidate, decision }) => {
    const result: CandidateSince = {
      candidate,
      decisionBefore: previous.decisions.find((d) => d.candidate === candidate)?.decision ?? null,
      decision,
      newRegressions: [],
      fixed: [],
      moved: [],
    };
    const seen = new Set<string>();
    for (const item of current.cases) {
      if (item.candidate !== candidate) continue;
      seen.add(item.caseId);
      const was = before.get(`${item.caseId}\u0000${candidate}`) ?? null;
      if (was === item.verdict) continue;
      if (item.verdict === 'regressed') result.newRegressions.push(item.caseId);
      else if (was === 'regressed') result.fixed.push(item.caseId);
      else result.moved.push({ caseId: item.caseId, from: was, to: item.verdict });
    }
    // A regression whose case left the suite is not fixed: it is simply gone, and not counted.
    return result;
  });
  return { label: where.label, runId: where.runId, candidates };
}

/** "since run 12: 3 new regressions, 2 fixed, 4 verdicts moved", over every candidate. */
export function describeSince(since: Since): string {
  const sum = (pick: (c: CandidateSince) => number) => since.candidates.reduce((n, c) => n + pick(c), 0);
  const [added, fixed, moved] = [sum((c) => c.newRegressions.length), sum((c) => c.fixed.length), sum((c) => c.moved.length)];
  const parts = [
    `${added} new regression${added === 1 ? '' : 's'}`,
    `${fixed} fixed`,
    `${moved} other verdict${moved === 1 ? '' : 's'} moved`,
  ];
  return `since ${since.label}: ${parts.join(', ')}`;
}
