import { shownMessage } from '../../domain/shown-output.js';
import type { Verdict } from '../../compare/types.js';
import type { ReportCase, ReportData } from '../report-data.js';

/** One line of the case list: a case as one candidate answered it. */
export interface Row {
  caseIndex: number;
  candidate: string;
  verdict: Verdict;
  confirmed: boolean;
  unstable: boolean;
  /** The verdict rests on a person's review. */
  reviewed: boolean;
  similarity: number | null;
  /** Candidate words / baseline words, minus one: +0.5 is half as long again. */
  lengthChange: number | null;
}

export type SortKey = 'suite' | 'verdict' | 'similarity' | 'length';

export interface Filters {
  verdicts: Set<Verdict>;
  candidate: string;
  tag: string;
  text: string;
}

// Worst first: a reviewer's attention goes to regressions before anything else.
export const VERDICT_RANK: Record<Verdict, number> = {
  regressed: 0,
  changed: 1,
  error: 2,
  drifted: 3,
  improved: 4,
  equivalent: 5,
  same: 6,
};

export function buildRows(data: ReportData): Row[] {
  const rows: Row[] = [];
  data.cases.forEach((testCase, caseIndex) => {
    for (const candidate of data.candidates) {
      const comparison = testCase.comparisons[candidate];
      if (!comparison) continue;
      rows.push({
        caseIndex,
        candidate,
        verdict: comparison.verdict,
        confirmed: comparison.confirmed,
        unstable: comparison.unstable,
        reviewed: comparison.review !== undefined,
        similarity: comparison.similarity,
        lengthChange: comparison.metrics ? comparison.metrics.lengthRatio - 1 : null,
      });
    }
  });
  return rows;
}

/** Lower-cased text a free-text filter searches: id, tags, description, prompt and both outputs. */
export function searchText(data: ReportData, testCase: ReportCase, candidate: string): string {
  const outputs = [data.baseline.target, candidate].flatMap((target) =>
    (testCase.samples[target] ?? []).map((s) => (s.output === null ? (s.error ?? '') : data.outputs[s.output]!)),
  );
  return [testCase.id, testCase.tags.join(' '), testCase.description ?? '', ...testCase.messages.map(shownMessage), ...outputs]
    .join('\n')
    .toLowerCase();
}

export function matches(row: Row, filters: Filters, haystack: () => string, data: ReportData, ignoreVerdict = false): boolean {
  if (!ignoreVerdict && filters.verdicts.size > 0 && !filters.verdicts.has(row.verdict)) return false;
  if (filters.candidate && row.candidate !== filters.candidate) return false;
  if (filters.tag && !data.cases[row.caseIndex]!.tags.includes(filters.tag)) return false;
  if (
    filters.text &&
    !filters.text
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((word) => haystack().includes(word))
  )
    return false;
  return true;
}

export function sortRows(rows: Row[], key: SortKey, descending: boolean): Row[] {
  const direction = descending ? -1 : 1;
  const nullsLast = (a: number | null, b: number | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : direction * (a - b));
  const compare: Record<SortKey, (a: Row, b: Row) => number> = {
    suite: (a, b) => direction * (a.caseIndex - b.caseIndex),
    verdict: (a, b) => direction * (VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]),
    similarity: (a, b) => nullsLast(a.similarity, b.similarity),
    length: (a, b) =>
      nullsLast(a.lengthChange === null ? null : Math.abs(a.lengthChange), b.lengthChange === null ? null : Math.abs(b.lengthChange)),
  };
  // Ties keep suite order, so a sorted list reads the same way every time.
  return [...rows].sort((a, b) => compare[key](a, b) || a.caseIndex - b.caseIndex || a.candidate.localeCompare(b.candidate));
}
