import type { Comparison } from '../compare/types.js';

/** Identifies the document's shape; bumped when a field changes meaning or goes away. */
export const COMPARISON_SCHEMA = 'https://pinned.dev/schema/comparison/v1';

/**
 * The comparison for other tools: per candidate its decision and figures, per (case,
 * candidate) the verdict and its reasons. Documented in the README ("JSON output").
 */
export function renderJson(comparison: Comparison, extra: { comparisonId?: number; suite?: string } = {}): string {
  return `${JSON.stringify(
    {
      $schema: COMPARISON_SCHEMA,
      version: 1,
      ...(extra.comparisonId !== undefined && { comparison: extra.comparisonId }),
      ...(extra.suite !== undefined && { suite: extra.suite }),
      run: comparison.runId,
      baseline: comparison.baseline,
      gate: comparison.gate,
      candidates: comparison.decisions,
      cases: comparison.cases.map(({ caseId, ...rest }) => ({ case: caseId, ...rest })),
      helpers: comparison.helpers,
    },
    null,
    2,
  )}\n`;
}
