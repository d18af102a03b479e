import { EXIT } from '../exit-codes.js';
import { compareStoredRun } from '../pipeline/compare-stored-run.js';
import { storedReport } from '../pipeline/stored-report.js';
import { defaultHtmlPath, hasReportPaths, writeReports, type ReportPaths } from '../report/write-reports.js';
import { chosenRun } from '../store/choose-run.js';
import { openExistingStore } from '../store/db-path.js';
import { formatDecisions } from '../terminal/decision-summary.js';
import type { Io } from '../terminal/io.js';
import { formatBaselineVerification } from '../terminal/verify-summary.js';

export interface ReportOptions extends ReportPaths {
  run?: number;
  db?: string;
}

/**
 * Writes the reports of a stored run from its latest comparison, calling no model and writing
 * nothing to the database (opened read-only). Exits 0 once they are written: it reports, it is
 * not the gate (pinned compare exits with the gate's code).
 */
export async function reportCommand(options: ReportOptions, io: Io): Promise<number> {
  const store = openExistingStore(options.db, io.env, { mode: 'read', command: 'report' });
  try {
    const runId = chosenRun(store, options.run);
    const data = store.readRun(runId);
    const given: ReportPaths = { html: options.html, md: options.md, json: options.json, junit: options.junit, comment: options.comment };
    const paths: ReportPaths = hasReportPaths(given) ? given : { html: defaultHtmlPath(data.run.suiteName, runId) };
    const stored = storedReport(store, data);
    if (stored) {
      const checked = formatBaselineVerification(stored.comparison.baseline.target, stored.report.baselineVerification ?? undefined);
      if (checked) io.out(checked);
      io.out(formatDecisions(stored.comparison));
      await writeReports(stored.report, paths, io.env, { written: io.out, stdout: io.report });
      return EXIT.ok;
    }
    io.err(
      `run ${runId} has no stored comparison: comparing it now from local evidence (no judge or embeddings model is asked), without storing it (pinned report only reads the database; pinned compare stores a comparison)`,
    );
    if (data.settings.judge || data.settings.embeddings)
      io.err('  its suite names a judge or embeddings model: pinned compare asks it and stores the result for later reports');
    await compareStoredRun(store, runId, { data, reports: paths, offline: true, signal: new AbortController().signal }, io);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
