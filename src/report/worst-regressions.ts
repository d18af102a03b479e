import type { CaseComparison } from '../compare/types.js';
import { worseFirst } from '../compare/worse-first.js';
import type { ReportCase, ReportData } from './report-data.js';

export interface Regression {
  testCase: ReportCase;
  comparison: Omit<CaseComparison, 'caseId' | 'candidate'>;
  critical: boolean;
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
