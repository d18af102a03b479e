import pc from 'picocolors';
import { describeAgreement, describeCasesNeeded, describeEarlyStop } from '../compare/decision.js';
import { escapeControlCharacters as shown } from '../domain/control-characters.js';
import { pct, plural } from '../domain/format.js';
import type { Comparison, Decision } from '../compare/types.js';
import { worseFirst } from '../compare/worse-first.js';
import { formatTable } from './table.js';

const paint: Record<Decision, (text: string) => string> = { replaceable: pc.green, review: pc.yellow, 'keep-pinned': pc.red };

/** The decisions in a compact table, then per candidate why, and its worst regressions (critical first). */
export function formatDecisions(comparison: Comparison): string {
  // One figure per column, within 80 columns: every verdict's count follows under each headline.
  const rows = comparison.decisions.map((d) => [
    shown(d.candidate),
    d.decision,
    describeAgreement(d),
    d.evidenceCases === 0 ? d.counts.regressed : `${d.counts.regressed} (${pct(d.regression.rate)})`,
    d.counts.changed,
    d.counts.error,
    d.casesNeeded === null || d.casesNeeded === undefined ? '' : d.casesNeeded.toLocaleString('en-US'),
  ]);
  const lines = [
    `compared with ${shown(comparison.baseline.target)} (run ${comparison.baseline.runId}) on ${plural(new Set(comparison.cases.map((c) => c.caseId)).size, 'case')}`,
    formatTable(['candidate', 'decision', 'agrees (CI)', 'regressed', 'changed', 'errors', 'needed'], rows)
      .split('\n')
      .map((line, index) => (index === 0 ? line : colourDecision(line)))
      .join('\n'),
  ];
  for (const decision of comparison.decisions) {
    lines.push(
      '',
      `${paint[decision.decision](`${shown(decision.candidate)}: ${decision.decision}`)} — ${shown(decision.reasons[0] ?? '')}`,
    );
    // The headline may be about what blocks it; the size that would settle it is said either way.
    const stopped = describeEarlyStop(decision);
    if (stopped) lines.push(`  ${stopped}`);
    const needed = describeCasesNeeded(decision);
    if (needed && !(decision.reasons[0] ?? '').includes(`${decision.casesNeeded!.toLocaleString('en-US')} cases`))
      lines.push(`  ${needed}`);
    const budget = budgetLine(comparison, decision);
    if (budget) lines.push(`  ${budget}`);
    const { counts } = decision;
    lines.push(
      `  verdicts: ${counts.same} same · ${counts.equivalent} equivalent · ${counts.drifted} drifted · ${counts.changed} changed · ${counts.regressed} regressed · ${counts.improved} improved · ${counts.error} error`,
    );
    const reviewed = comparison.cases.filter((c) => c.candidate === decision.candidate && c.review);
    if (reviewed.length) {
      const by = [...new Set(reviewed.map((c) => c.review!.by))];
      lines.push(
        `  reviewed: ${reviewed.length} verdict${reviewed.length === 1 ? ' rests' : 's rest'} on a person's review (${decision.reviewed?.accepted ?? 0} accepted, ${decision.reviewed?.rejected ?? 0} rejected; by ${shown(by.slice(0, 3).join(', '))}${by.length > 3 ? ', …' : ''})`,
      );
    }
    const lapsed = comparison.cases.filter((c) => c.candidate === decision.candidate && c.lapsedReview);
    if (lapsed.length)
      lines.push(
        `  ${plural(lapsed.length, 'review')} no longer appl${lapsed.length === 1 ? 'ies' : 'y'} (an output changed): ${shown(
          lapsed
            .map((c) => c.caseId)
            .slice(0, 5)
            .join(', '),
        )}${lapsed.length > 5 ? ', …' : ''}; pinned review asks again`,
      );
    const critical = new Set(decision.criticalRegressions);
    const regressions = comparison.cases
      .filter((c) => c.candidate === decision.candidate && c.verdict === 'regressed')
      .map((c) => ({ ...c, critical: critical.has(c.caseId) }))
      .sort(worseFirst);
    for (const item of regressions.slice(0, 5))
      lines.push(`  regressed ${shown(item.caseId)}${item.critical ? ' (critical)' : ''}: ${shown(item.reasons[0] ?? '')}`);
    if (regressions.length > 5) lines.push(`  … and ${regressions.length - 5} more regressions`);
    // Errors decide the exit code (4) ahead of review: say which cases lack an output, and why.
    const errors = comparison.cases.filter((c) => c.candidate === decision.candidate && c.verdict === 'error');
    for (const item of errors.slice(0, 3)) lines.push(`  error ${shown(item.caseId)}: ${shown(item.reasons[0] ?? 'no output')}`);
    if (errors.length > 3) lines.push(`  … and ${plural(errors.length - 3, 'more case')} without outputs`);
  }
  return lines.join('\n');
}

/** The gate on cost and latency, when the suite sets it: each ratio against its limit. */
function budgetLine(comparison: Comparison, decision: Comparison['decisions'][number]): string {
  const { maxCostRatio, maxP95LatencyRatio } = comparison.gate;
  const ratio = (value: number | null | undefined) => (value === null || value === undefined ? 'unknown' : pct(value));
  const parts = [
    maxCostRatio !== undefined
      ? `cost per answer ${ratio(decision.budget?.costRatio)} of the baseline's (gate ≤ ${pct(maxCostRatio)})`
      : '',
    maxP95LatencyRatio !== undefined
      ? `p95 latency ${ratio(decision.budget?.p95Ratio)} of the baseline's (gate ≤ ${pct(maxP95LatencyRatio)})`
      : '',
  ].filter(Boolean);
  return parts.length ? `cost and latency: ${parts.join(', ')}` : '';
}

function colourDecision(line: string): string {
  for (const decision of Object.keys(paint) as Decision[]) {
    const at = line.indexOf(` ${decision} `);
    if (at >= 0) return line.slice(0, at + 1) + paint[decision](decision) + line.slice(at + 1 + decision.length);
  }
  return line;
}
