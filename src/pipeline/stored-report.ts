import type { Comparison } from '../compare/types.js';
import { buildReportData, type ReportData } from '../report/report-data.js';
import type { Store } from '../store/open-store.js';
import type { RunData } from '../store/types.js';

/** The run's latest stored comparison as report data, with the baseline's run when it was another (--against). */
export function storedReport(store: Store, data: RunData): { comparison: Comparison; report: ReportData } | undefined {
  const comparison = store.latestComparison(data.run.id);
  if (!comparison) return undefined;
  const baselineData = comparison.baseline.runId === data.run.id ? undefined : store.readRun(comparison.baseline.runId);
  const report = buildReportData(data, comparison, {
    comparisonId: comparison.id,
    comparisonCreatedAt: comparison.createdAt,
    ...(baselineData && { baselineData }),
  });
  return { comparison, report };
}
