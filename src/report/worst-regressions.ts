import type { CaseComparison } from '../compare/types.js';
import type { ReportCase, ReportData } from './report-data.js';

export interface Regression {
  testCase: ReportCase;
  comparison: Omit<CaseComparison, 'caseId' | 'candidate'>;
  critical: boolean;
}

/**
 * Worst first: regressions the gate calls critical, then those a typed check, assertion or judge
 * confirmed, then the least similar to the baseline. Sorting is stable, so suite order breaks ties.
 */
export function worseFirst(
  a: { critical: boolean; confirmed: boolean; similarity: number | null },
  b: { critical: boolean; confirmed: boolean; similarity: number | null },
): number {
  return Number(b.critical) - Number(a.critical) || Number(b.confirmed) - Number(a.confirmed) || (a.similarity ?? 1) - (b.similarity ?? 1);
}

/** A candidate's regressed cases, worst first. */
export function worstRegressions(data: ReportData, candidate: string): Regression[] {
  const critical = new Set(data.decisions.find((d) => d.candidate === candidate)?.criticalRegressions ?? []);
  return data.cases
    .flatMap((testCase) => {
      const comparison = testCase.comparisons[candidate];
      return comparison?.verdict === 'regressed' ? [{ testCase, comparison, critical: critical.has(testCase.id) }] : [];
    })
    .sort((a, b) => worseFirst({ ...a.comparison, critical: a.critical }, { ...b.comparison, critical: b.critical }));
}
