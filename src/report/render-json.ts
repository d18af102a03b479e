import { jsonChunks } from './json-chunks.js';
import { shownCases, type ReportData } from './report-data.js';

/** Identifies the document's shape; `version` is bumped when a field changes meaning or goes away. A raw URL: a tool that fetches $schema gets the JSON, not GitHub's page about it. */
export const COMPARISON_SCHEMA = 'https://raw.githubusercontent.com/pinned-dev/pinned/main/schema/comparison.schema.json';

/**
 * The comparison for other tools (schema/comparison.schema.json, README "JSON output"): per
 * candidate its decision and figures, per target its volumes, per (case, candidate) the verdict
 * and its evidence. Outputs themselves stay in the database and the HTML report.
 */
export function renderJson(data: ReportData): string {
  return [...jsonReportChunks(data)].join('');
}

/** The same document in chunks of about 64 KB, a case at a time: for a file, never one string. */
export function* jsonReportChunks(data: ReportData): Generator<string> {
  yield* jsonChunks(
    {
      $schema: COMPARISON_SCHEMA,
      version: 1,
      generatedAt: data.generatedAt,
      tool: data.tool,
      suite: data.suite,
      run: data.run,
      comparison: data.comparison,
      baseline: data.baseline,
      baselineVerification: data.baselineVerification,
      gate: data.gate,
      candidates: data.decisions,
      targets: data.targets,
      helpers: data.helpers,
      cases: caseRows(data),
    },
    ['cases'],
    2,
  );
  yield '\n';
}

function* caseRows(data: ReportData): Generator<Record<string, unknown>> {
  for (const testCase of shownCases(data.cases)) {
    for (const candidate of data.candidates) {
      const comparison = testCase.comparisons[candidate];
      if (comparison) yield { case: testCase.id, candidate, tags: testCase.tags, ...comparison };
    }
  }
}
