import { describeAgreement, describeCasesNeeded, describeEarlyStop } from '../compare/decision.js';
import { describeSince } from '../compare/since.js';
import { pct, confidencePct } from '../domain/format.js';
import { VERDICTS, type CandidateDecision, type Decision } from '../compare/types.js';
import { describeParamRewrite } from '../domain/params-compat.js';
import { formatUsd } from '../domain/prices.js';
import { firstOutput } from './case-outputs.js';
import { oneLine } from './excerpt.js';
import { escapeMarkdown as md, reportLink } from './markdown-text.js';
import type { ReportData } from './report-data.js';
import { worstRegressions } from './worst-regressions.js';

export interface MarkdownOptions {
  /** Where the HTML report is (a path, or a URL to link), named at the end. */
  htmlReport?: string;
  /** A page listing the CI run's artifacts, where the HTML report is uploaded (GitHub Actions). */
  artifactsUrl?: string;
  /** Regressions shown per candidate (default 10). */
  maxRegressions?: number;
  /** Characters of each output excerpt (default 120). */
  excerptChars?: number;
  /** Bytes the whole summary may take; GitHub rejects a step summary over 1 MiB (default 900 KiB). */
  maxBytes?: number;
}

const MARK: Record<Decision, string> = { replaceable: '✅', review: '🟡', 'keep-pinned': '❌' };

/** A summary for $GITHUB_STEP_SUMMARY or a PR comment: decisions, the worst regressions, verdict counts. */
export function renderMarkdown(data: ReportData, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? 900 * 1024;
  const head = [
    `## pinned: ${md(data.suite.name)}, run ${data.run.id}`,
    '',
    ...sinceLines(data),
    `${overall(data.decisions)}: ${data.candidates.length} candidate${data.candidates.length === 1 ? '' : 's'} against the baseline **${md(data.baseline.target)}**` +
      `${data.baseline.runId === data.run.id ? '' : ` (run ${data.baseline.runId})`} on ${data.cases.length} case${data.cases.length === 1 ? '' : 's'}${data.decisions.some((d) => d.stoppedEarly) ? ' (stopping early: below, on how many each was decided)' : ''}. ${gateLine(data)}`,
    '',
    ...verificationLines(data),
    ...decisionTable(data),
    '',
    ...data.decisions.map(
      (d) =>
        `- ${MARK[d.decision]} **${md(d.candidate)}**: ${md(d.reasons[0] ?? d.decision)}${casesNeededNote(d)}${d.stoppedEarly ? ` (${md(describeEarlyStop(d))})` : ''}`,
    ),
    ...reviewLines(data),
    ...rewriteLines(data),
    ...limitLines(data),
  ];
  const tail = [
    ...(options.htmlReport ? ['', reportLine(options.htmlReport, options.artifactsUrl)] : []),
    '',
    ...verdictDetails(data),
    '',
    `<sub>${md(`pinned ${data.tool.version}, ${data.generatedAt}`)}</sub>`,
    '',
  ];
  // What is left for the regression list, keeping room for each candidate's heading and "… and N more" line.
  const budget = maxBytes - bytes(head) - bytes(tail) - data.candidates.reduce((sum, name) => sum + 160 + Buffer.byteLength(md(name)), 0);
  return [...head, ...regressionSection(data, options, budget), ...tail].join('\n');
}

// Whether the baseline endpoint is the snapshot it names: the latest pinned verify, or why it should be checked.
function verificationLines({ baselineVerification: v, baseline }: ReportData): string[] {
  if (!v) return [];
  const lines = [`Baseline endpoint **${md(baseline.target)}**: ${md(v.line)}.`, ''];
  if (v.warning) lines.push(`⚠️ **Warning**: ${md(v.warning)}.`, '');
  return lines;
}

/** GitHub refuses a comment over 65,536 characters; this leaves room for the marker and multi-byte text. */
export const COMMENT_MAX_BYTES = 60_000;

/** The line a workflow finds its own comment by, to update it instead of adding another (one per suite). */
export function commentMarker(suiteName: string): string {
  return `<!-- pinned comment: ${suiteName.replace(/--+/g, '-').replace(/[<>]/g, '')} -->`;
}

/**
 * The summary as one pull-request comment: the marker line, then the summary cut to fit GitHub's
 * limit. Only case lists are cut (worst regressions, each cut said); the decisions never are.
 */
export function renderComment(data: ReportData, options: MarkdownOptions = {}): string {
  const marker = commentMarker(data.suite.name);
  return `${marker}\n${renderMarkdown(data, { ...options, maxBytes: Math.min(options.maxBytes ?? COMMENT_MAX_BYTES, COMMENT_MAX_BYTES) - Buffer.byteLength(marker) - 1 })}`;
}

// What changed since the earlier comparison leads: a reviewer of a pull request asks that first.
function sinceLines({ since }: ReportData): string[] {
  if (!since) return [];
  const ids = (list: string[]) => list.slice(0, 10).map(md).join(', ') + (list.length > 10 ? `, … and ${list.length - 10} more` : '');
  const lines = [`**${md(describeSince(since).replace(/^since/, 'Since'))}.**`, ''];
  for (const c of since.candidates) {
    const decision =
      c.decisionBefore === null
        ? `${c.decision} (new)`
        : c.decisionBefore === c.decision
          ? c.decision
          : `${c.decisionBefore} → ${c.decision}`;
    const parts = [
      c.newRegressions.length ? `new regressions: ${ids(c.newRegressions)}` : '',
      c.fixed.length ? `fixed: ${ids(c.fixed)}` : '',
      c.moved.length ? `${c.moved.length} other verdict${c.moved.length === 1 ? '' : 's'} moved` : '',
    ].filter(Boolean);
    lines.push(`- **${md(c.candidate)}** (${decision}): ${parts.join('; ') || 'no verdict moved'}`);
  }
  return [...lines, ''];
}

// Which verdicts rest on a person's word, whose and when; and reviews that lapsed because an output changed.
function reviewLines(data: ReportData): string[] {
  const lines: string[] = [];
  for (const candidate of data.candidates) {
    const reviewed = data.cases.flatMap((c) => {
      const comparison = c.comparisons[candidate];
      return comparison?.review ? [{ id: c.id, verdict: comparison.verdict, review: comparison.review }] : [];
    });
    const lapsed = data.cases.filter((c) => c.comparisons[candidate]?.lapsedReview).length;
    if (!reviewed.length && !lapsed) continue;
    const shown = reviewed
      .slice(0, 10)
      .map(
        ({ id, verdict, review }) =>
          `${md(id)} ${verdict} (${review.decision === 'accept' ? 'accepted' : 'rejected'} by ${md(review.by)}, ${review.at.slice(0, 10)})`,
      );
    const more = reviewed.length > 10 ? `, … and ${reviewed.length - 10} more` : '';
    const lapsedNote = lapsed
      ? `${reviewed.length ? '; ' : ''}${lapsed} review${lapsed === 1 ? '' : 's'} no longer apply (an output changed)`
      : '';
    lines.push(
      `- 👤 **${md(candidate)}**: ${reviewed.length ? `${reviewed.length} verdict${reviewed.length === 1 ? ' rests' : 's rest'} on a review: ${shown.join(', ')}${more}` : ''}${lapsedNote}`,
    );
  }
  return lines.length ? ['', "**Reviewed by people** (the suite's review file):", ...lines] : [];
}

// A rewritten request is not the request the baseline got: a reviewer must know.
function rewriteLines(data: ReportData): string[] {
  const lines = data.targets.flatMap((t) =>
    (t.paramRewrites ?? []).map((r) => `- **${md(t.name)}**: ${md(describeParamRewrite(r))} (${md(r.reason)})`),
  );
  return lines.length ? ['', '**Params rewritten** (`params_compat: auto`):', ...lines] : [];
}

// 429 waits are in the latency and the run time: worth a line when they happened.
function limitLines(data: ReportData): string[] {
  const lines = data.targets.flatMap((t) =>
    t.limits
      ? [
          `- **${md(t.name)}**: ${t.limits.rateLimited} × 429, paused ${(t.limits.pausedMs / 1000).toFixed(1)} s, concurrency ${t.limits.concurrency}${t.limits.lowestConcurrency < t.limits.concurrency ? ` (lowest ${t.limits.lowestConcurrency})` : ''}`,
        ]
      : [],
  );
  return lines.length ? ['', '**Rate limits bit**:', ...lines] : [];
}

// In the order of the exit codes: 1 gate failed, 4 cases without outputs, 3 inconclusive, 0 passed.
function overall(decisions: CandidateDecision[]): string {
  if (decisions.some((d) => d.decision === 'keep-pinned')) return `${MARK['keep-pinned']} **Gate failed**`;
  if (decisions.some((d) => d.counts.error > 0)) return '⚠️ **Incomplete** (cases without outputs)';
  if (decisions.some((d) => d.decision === 'review')) return `${MARK.review} **Inconclusive**`;
  return `${MARK.replaceable} **Gate passed**`;
}

function reportLine(htmlReport: string, artifactsUrl: string | undefined): string {
  const line = reportLink('Full report (HTML, side-by-side diffs)', htmlReport);
  return artifactsUrl ? `${line}, in the ${reportLink("run's artifacts", artifactsUrl)}` : line;
}

/** The stored cases-needed figure, unless the headline already says it. */
function casesNeededNote(d: CandidateDecision): string {
  if (!d.casesNeeded || (d.reasons[0] ?? '').includes(`${d.casesNeeded.toLocaleString('en-US')} cases`)) return '';
  return ` (${md(describeCasesNeeded(d))})`;
}

function gateLine({ gate }: ReportData): string {
  const critical = gate.criticalTags.length ? `, no regression or unsettled change on ${gate.criticalTags.map(md).join(', ')}` : '';
  const change = gate.maxChangeRate !== undefined ? `, answers changed below ${pct(gate.maxChangeRate)}` : '';
  return `Gate: regressions below ${pct(gate.maxRegressionRate)}, agreement at least ${pct(gate.minEquivalenceRate)} where evidence says, lexical drift within the baseline's own plus ${pct(gate.maxRegressionRate)}${change}${critical}, at ${confidencePct(gate.confidence)} confidence${budgetGate(gate)}.`;
}

/** The gate on cost and latency relative to the baseline, when the suite sets it. */
export function budgetGate(gate: ReportData['gate']): string {
  const parts = [
    gate.maxCostRatio !== undefined ? `cost per answer at most ${pct(gate.maxCostRatio)} of the baseline's` : '',
    gate.maxP95LatencyRatio !== undefined ? `p95 latency at most ${pct(gate.maxP95LatencyRatio)} of the baseline's` : '',
  ].filter(Boolean);
  return parts.length ? `; ${parts.join(', ')}` : '';
}

function decisionTable(data: ReportData): string[] {
  const figures = new Map(data.targets.filter((t) => t.costUsd !== null).map((t) => [t.name, t]));
  const showCost = data.candidates.some((name) => figures.has(name));
  const costCell = (name: string) => {
    const t = figures.get(name);
    if (!t) return '–';
    return `${formatUsd(t.costUsd)}${t.costRatio !== null ? ` (${Math.round(100 * t.costRatio)}% of baseline)` : ''}`;
  };
  const header = [
    'candidate',
    'decision',
    `agrees, with evidence (${confidencePct(data.gate.confidence)} CI)`,
    'regressed',
    'drifted',
    'errors',
    'cases needed',
    ...(showCost ? ['cost'] : []),
  ];
  const rows = data.decisions.map((d) => [
    `**${md(d.candidate)}**`,
    `${MARK[d.decision]} ${d.decision}`,
    describeAgreement(d),
    `${d.regression.count}${d.criticalRegressions.length ? ` (${d.criticalRegressions.length} critical)` : ''}`,
    String(d.counts.drifted),
    String(d.counts.error),
    d.casesNeeded === null || d.casesNeeded === undefined ? '–' : d.casesNeeded.toLocaleString('en-US'),
    ...(showCost ? [costCell(d.candidate)] : []),
  ]);
  return table(
    header,
    rows,
    header.map((_, i) => i >= 2),
  );
}

function regressionSection(data: ReportData, options: MarkdownOptions, budget: number): string[] {
  const perCandidate = options.maxRegressions ?? 10;
  const chars = options.excerptChars ?? 120;
  const lines: string[] = [];
  let left = budget;
  const add = (block: string[]): boolean => {
    const size = bytes(block) + 1;
    if (size > left) return false;
    lines.push(...block);
    left -= size;
    return true;
  };
  for (const candidate of data.candidates) {
    const regressions = worstRegressions(data, candidate);
    if (regressions.length === 0) continue;
    if (lines.length === 0) lines.push('', '### Worst regressions');
    lines.push('', `**${md(candidate)}**: ${regressions.length} regressed`, '');
    let shown = 0;
    for (const { testCase, comparison, critical } of regressions.slice(0, perCandidate)) {
      const excerpt = (target: string) => {
        const text = firstOutput(data, testCase, target);
        return text === null ? '_no output_' : md(oneLine(text, chars));
      };
      const item = [
        `- **${md(testCase.id)}**${critical ? ' (critical)' : ''}: ${md(comparison.reasons[0] ?? 'regressed')}`,
        `  - baseline: ${excerpt(data.baseline.target)}`,
        `  - candidate: ${excerpt(candidate)}`,
      ];
      if (!add(item)) break;
      shown++;
    }
    if (shown < regressions.length) lines.push(`- … and ${regressions.length - shown} more (see the HTML report)`);
  }
  return lines;
}

function verdictDetails(data: ReportData): string[] {
  const rows = data.decisions.map((d) => [md(d.candidate), ...VERDICTS.map((v) => String(d.counts[v])), String(d.unconfirmed)]);
  return [
    '<details><summary>Verdicts per candidate</summary>',
    '',
    ...table(['candidate', ...VERDICTS, 'unconfirmed'], rows, [false, ...VERDICTS.map(() => true), true]),
    '',
    'Verdicts from lexical similarity alone are unconfirmed. An `error` case had no output from one side (an API error or a missing recording), never a regression.',
    '',
    '</details>',
  ];
}

function table(header: string[], rows: string[][], numeric: boolean[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${numeric.map((right) => (right ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function bytes(lines: string[]): number {
  return Buffer.byteLength(lines.join('\n'));
}
