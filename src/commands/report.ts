import type { Comparison } from '../compare/types.js';
import { buildReportData, type ReportData } from '../report/report-data.js';
import type { Store } from '../store/open-store.js';
import type { RunData } from '../store/types.js';
import { formatDecisions } from '../terminal/decision-summary.js';
import { chosenRun, compareStoredRun } from './compare.js';
import { openExistingStore } from './db-path.js';
import type { Io } from './io.js';
import { defaultHtmlPath, hasReportPaths, writeReports, type ReportPaths } from './write-reports.js';

export interface ReportOptions extends ReportPaths {
  run?: number;
  db?: string;
}

/**
 * Writes the reports of a stored run from its latest comparison, calling no model. Exits 0 once
 * they are written: it reports, it is not the gate (pinned compare exits with the gate's code).
 */
export async function reportCommand(options: ReportOptions, io: Io): Promise<number> {
  const store = openExistingStore(options.db, io.env);
  try {
    const runId = chosenRun(store, options.run);
    const data = store.readRun(runId);
    const given: ReportPaths = { html: options.html, md: options.md, json: options.json, junit: options.junit };
    const paths: ReportPaths = hasReportPaths(given) ? given : { html: defaultHtmlPath(data.run.suiteName, runId) };
    const stored = storedReport(store, data);
    if (stored) {
      io.out(formatDecisions(stored.comparison));
      await writeReports(stored.report, paths, io);
      return 0;
    }
    io.err(`run ${runId} has no stored comparison: comparing it now from local evidence (no judge or embeddings model is asked)`);
    if (data.settings.judge || data.settings.embeddings) io.err('  its suite names a judge or embeddings model: pinned compare asks it and stores the result for later reports');
    await compareStoredRun(store, runId, { data, reports: paths, offline: true, signal: new AbortController().signal }, io);
    return 0;
  } finally {
    store.close();
  }
}

/** The run's latest stored comparison as report data, with the baseline's run when it was another (--against). */
function storedReport(store: Store, data: RunData): { comparison: Comparison; report: ReportData } | undefined {
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
