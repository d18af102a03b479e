import type { Comparison } from '../compare/types.js';
import { buildReportData, type ReportData } from '../report/report-data.js';
import type { Store } from '../store/open-store.js';
import type { RunData } from '../store/types.js';
import { baselineVerificationOf } from './baseline-verification.js';
import { suiteHistory } from './since.js';

/**
 * The run's latest stored comparison as report data, with the baseline's run when it was another
 * (--against), and the baseline endpoint's latest verification as of now.
 */
export function storedReport(store: Store, data: RunData): { comparison: Comparison; report: ReportData } | undefined {
  const comparison = store.latestComparison(data.run.id);
  if (!comparison) return undefined;
  const baselineData = comparison.baseline.runId === data.run.id ? undefined : store.readRun(comparison.baseline.runId);
  const verification = baselineVerificationOf(store, baselineData ?? data, comparison.baseline.target);
  const report = buildReportData(data, comparison, {
    comparisonId: comparison.id,
    comparisonCreatedAt: comparison.createdAt,
    ...(baselineData && { baselineData }),
    ...(verification && { baselineVerification: verification }),
    history: suiteHistory(store, data.run.suiteName, data.run.id),
  });
  return { comparison, report };
}
