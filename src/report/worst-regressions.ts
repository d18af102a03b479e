import type { CaseComparison } from '../compare/types.js';
import type { ReportCase, ReportData } from './report-data.js';

export interface Regression {
  testCase: ReportCase;
  comparison: Omit<CaseComparison, 'caseId' | 'candidate'>;
  critical: boolean;
}

/**
 * A candidate's regressed cases, worst first: those the gate calls critical, then those a typed
 * check, assertion or judge confirmed, then the least similar to the baseline; suite order breaks ties.
 */
export function worstRegressions(data: ReportData, candidate: string): Regression[] {
  const critical = new Set(data.decisions.find((d) => d.candidate === candidate)?.criticalRegressions ?? []);
  return data.cases
    .flatMap((testCase) => {
      const comparison = testCase.comparisons[candidate];
      return comparison?.verdict === 'regressed' ? [{ testCase, comparison, critical: critical.has(testCase.id) }] : [];
    })
    .sort(
      (a, b) =>
        Number(b.critical) - Number(a.critical) ||
        Number(b.comparison.confirmed) - Number(a.comparison.confirmed) ||
        (a.comparison.similarity ?? 1) - (b.comparison.similarity ?? 1) ||
        a.testCase.index - b.testCase.index,
    );
}
