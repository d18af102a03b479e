// The suite over its recent runs (agreement, regressions, cost, p95 latency per candidate) and
// what changed since an earlier comparison: rendered on the server, plain HTML and inline SVG.
import { describeSince } from '../../compare/since.js';
import { pct } from '../../domain/format.js';
import { formatUsd } from '../../domain/prices.js';
import type { HistoryPoint, ReportData } from '../report-data.js';
import { escapeHtml } from './escape-html.js';

export function renderSince({ since }: ReportData): string {
  if (!since) return '';
  const ids = (list: string[]) => list.map(escapeHtml).join(', ');
  const rows = since.candidates
    .map((c) => {
      const decision =
        c.decisionBefore === null
          ? `${c.decision} (new)`
          : c.decisionBefore === c.decision
            ? c.decision
            : `${c.decisionBefore} → ${c.decision}`;
      return `<li><b>${escapeHtml(c.candidate)}</b> (${escapeHtml(decision)}): ${c.newRegressions.length} new regressions${c.newRegressions.length ? ` (${ids(c.newRegressions)})` : ''}, ${c.fixed.length} fixed${c.fixed.length ? ` (${ids(c.fixed)})` : ''}, ${c.moved.length} other verdicts moved</li>`;
    })
    .join('');
  return `<section class="since" data-fig="since"><h2>${escapeHtml(describeSince(since).replace(/^since/, 'Since'))}</h2><ul>${rows}</ul></section>\n`;
}

type Metric = { label: string; value: (p: HistoryPoint['candidates'][number]) => number | null; show: (v: number) => string };

const METRICS: Metric[] = [
  { label: 'agreement', value: (c) => c.equivalence, show: pct },
  { label: 'regressed', value: (c) => c.regressed, show: (v) => String(v) },
  { label: 'cost', value: (c) => c.costUsd, show: (v) => formatUsd(v) },
  { label: 'p95 latency', value: (c) => c.latencyP95, show: (v) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`) },
];

/** A table per candidate and metric over the runs, with a sparkline; nothing when there is a single run. */
export function renderTrend({ history, candidates }: ReportData): string {
  if (!history || history.length < 2) return '';
  const head = history.map((p) => `<th class="n" title="${escapeHtml(p.startedAt)}">run ${p.runId}</th>`).join('');
  const rows = candidates.flatMap((candidate) =>
    METRICS.map((metric, index) => {
      const values = history.map((p) => {
        const c = p.candidates.find((x) => x.candidate === candidate);
        return c ? metric.value(c) : null;
      });
      const cells = values.map((v) => `<td class="n">${v === null ? '—' : escapeHtml(metric.show(v))}</td>`).join('');
      return `<tr data-trend="${escapeHtml(candidate)}:${metric.label}">${index === 0 ? `<th rowspan="${METRICS.length}">${escapeHtml(candidate)}</th>` : ''}<td>${metric.label}</td><td>${sparkline(values)}</td>${cells}</tr>`;
    }),
  );
  return `<section class="trend" data-fig="trend"><h2>Recent runs of this suite</h2><div class="scroll"><table><thead><tr><th>candidate</th><th></th><th></th>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div></section>\n`;
}

function sparkline(values: Array<number | null>): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return '';
  const [w, h] = [90, 18];
  const low = Math.min(...known);
  const span = Math.max(...known) - low || 1;
  const points = values
    .map((v, i) =>
      v === null ? null : `${((i / (values.length - 1)) * (w - 4) + 2).toFixed(1)},${(h - 2 - ((v - low) / span) * (h - 4)).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ');
  return `<svg class="spark" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" aria-hidden="true"><polyline points="${points}" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>`;
}
