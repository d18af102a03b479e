import { describeCasesNeeded, describeEarlyStop } from '../../compare/decision.js';
import { confidencePct, pct } from '../../domain/format.js';
import type { CandidateDecision } from '../../compare/types.js';
import type { ReportData, TargetFigures } from '../report-data.js';
import { describeParamRewrite } from '../../domain/params-compat.js';
import { formatUsd } from '../../domain/prices.js';
import { budgetGate } from '../render-markdown.js';
import { escapeHtml } from './escape-html.js';
import { similarityHistogram, verdictBar } from './summary-charts.js';
import { DECISION_LABEL } from './verdict-colors.js';

/** The top of the report, rendered on the server so it reads before (and without) the script. */
export function renderSummary(data: ReportData): string {
  const cards = data.decisions.map((d) => decisionCard(data, d)).join('\n');
  return `<section class="summary" aria-label="decisions">${cards || '<p>No candidates were compared.</p>'}</section>
${targetsTable(data)}`;
}

function decisionCard(data: ReportData, d: CandidateDecision): string {
  const cases = data.cases.flatMap((c) => (c.comparisons[d.candidate] ? [c.comparisons[d.candidate]!] : []));
  const [headline, ...more] = d.reasons;
  const figure = (label: string, value: string, cls = '', testId = '') =>
    `<div class="fig ${cls}"${testId ? ` data-fig="${testId}"` : ''}><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`;
  const cost = costLine(data, d.candidate);
  return `<article class="card d-${d.decision}" data-candidate="${escapeHtml(d.candidate)}">
<header><h2>${escapeHtml(d.candidate)}</h2><span class="decision d-${d.decision}" data-fig="decision">${DECISION_LABEL[d.decision]}</span></header>
<p class="headline">${escapeHtml(headline ?? '')}</p>
${d.stoppedEarly ? `<p class="muted" data-fig="stopped-early">${escapeHtml(describeEarlyStop(d))}.</p>` : ''}
<div class="figs">
${d.evidenceCases === 0 ? figure('agree (no case carries evidence)', '—', '', 'equivalence') : figure(`agree, of ${d.evidenceCases ?? d.cases} with evidence (${pct(d.equivalence.low)}–${pct(d.equivalence.high)} at ${confidencePct(data.gate.confidence)})`, pct(d.equivalence.rate), '', 'equivalence')}
${d.lexical ? figure(`outside the noise, of ${d.lexical.cases} judged lexically (baseline ${pct(d.lexical.baseline.rate)})`, pct(d.lexical.outside / d.lexical.cases), '', 'lexical') : ''}
${d.casesNeeded ? figure('cases would settle it', d.casesNeeded.toLocaleString('en-US'), '', 'cases-needed') : ''}
${figure(`regressed (${pct(d.regression.rate)})`, String(d.counts.regressed), d.counts.regressed ? 'bad' : '', 'regressed')}
${figure('drifted', String(d.counts.drifted), '', 'drifted')}
${figure('errors', String(d.counts.error), d.counts.error ? 'bad' : '', 'errors')}
${figure(d.counts.error ? `cases (${d.cases} with outputs to compare)` : 'cases', String(d.cases + d.counts.error), '', 'cases')}
${d.flips ? figure(`broken/fixed by evidence (McNemar p ${d.flips.adjustedPValue < 0.001 ? '< 0.001' : d.flips.adjustedPValue.toFixed(3)})`, `${d.flips.negative}/${d.flips.positive}`, '', 'flips') : ''}
</div>
${verdictBar(d)}
<h3>Similarity against the baseline's own noise</h3>
${similarityHistogram(cases)}
${cost ? `<p class="cost">${escapeHtml(cost)}</p>` : ''}
${besideBaseline(data, d.candidate)}
${d.casesNeeded && !(headline ?? '').includes(`${d.casesNeeded.toLocaleString('en-US')} cases`) ? `<p class="muted">${escapeHtml(describeCasesNeeded(d))}.</p>` : ''}
${more.length ? `<details><summary>Why (${more.length} more)</summary><ul>${more.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul></details>` : ''}
${d.criticalRegressions.length ? `<p class="bad">Critical regressions: ${d.criticalRegressions.map((id) => `<a href="#case=${encodeURIComponent(id)}&amp;candidate=${encodeURIComponent(d.candidate)}">${escapeHtml(id)}</a>`).join(', ')}</p>` : ''}
</article>`;
}

/** Tokens and latency of the candidate next to the baseline's, per answer so extra baseline samples do not skew it. */
function besideBaseline(data: ReportData, candidate: string): string {
  const base = data.targets.find((t) => t.name === data.baseline.target);
  const cand = data.targets.find((t) => t.name === candidate);
  if (!base || !cand || !cand.ok || !base.ok) return '';
  const perAnswer = (t: TargetFigures) => Math.round(t.completionTokens / t.ok).toLocaleString('en-US');
  return `<table class="beside" data-fig="beside"><thead><tr><th></th><th class="n">${escapeHtml(candidate)}</th><th class="n">baseline</th></tr></thead><tbody>
<tr><th>output tokens per answer</th><td class="n">${perAnswer(cand)}</td><td class="n">${perAnswer(base)}</td></tr>
<tr><th>latency p50 / p95</th><td class="n">${ms(cand.latencyP50)} / ${ms(cand.latencyP95)}</td><td class="n">${ms(base.latencyP50)} / ${ms(base.latencyP95)}</td></tr>
</tbody></table>`;
}

function costLine(data: ReportData, candidate: string): string | null {
  const base = data.targets.find((t) => t.name === data.baseline.target);
  const cand = data.targets.find((t) => t.name === candidate);
  if (!cand || cand.costUsd === null) return null;
  // costRatio is per output, so a baseline sampled twice does not make a candidate look cheap.
  const ratio =
    cand.costRatio !== null
      ? ` — ${Math.round(100 * cand.costRatio)}% of the baseline's cost per answer${base?.costUsd ? ` (baseline ${formatUsd(base.costUsd)})` : ''}`
      : '';
  return `Cost for this suite ${formatUsd(cand.costUsd)}${ratio}`;
}

function ms(value: number | null): string {
  if (value === null) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

function targetsTable(data: ReportData): string {
  const row = (
    t: TargetFigures,
  ) => `<tr data-target="${escapeHtml(t.name)}"><td>${escapeHtml(t.name)}</td><td>${t.role}</td><td>${escapeHtml(t.model ?? '—')}${t.kind === 'replay' ? ' <small>(recording)</small>' : ''}</td>
<td class="n">${t.ok.toLocaleString('en-US')}/${t.cells.toLocaleString('en-US')}</td><td class="n">${[t.errors ? `${t.errors.toLocaleString('en-US')} failed` : '', t.missing ? `${t.missing.toLocaleString('en-US')} missing` : ''].filter(Boolean).join(', ')}</td>
<td class="n">${t.promptTokens.toLocaleString('en-US')}</td><td class="n">${t.completionTokens.toLocaleString('en-US')}</td>
<td class="n"${t.price ? ` title="${escapeHtml(`$${t.price.input} / $${t.price.output} per million tokens (${t.price.source}${t.price.tableDate ? `, ${t.price.tableDate}` : ''})`)}"` : ''}>${t.costUsd === null ? '—' : formatUsd(t.costUsd)}</td><td class="n">${ms(t.latencyP50)}</td><td class="n">${ms(t.latencyP95)}</td></tr>`;
  return `<section class="targets"><h2>Targets</h2><div class="scroll"><table><thead><tr><th>target</th><th>role</th><th>model</th><th class="n">outputs</th><th class="n">without output</th><th class="n">prompt tokens</th><th class="n">output tokens</th><th class="n">cost</th><th class="n">p50</th><th class="n">p95</th></tr></thead>
<tbody>${data.targets.map(row).join('\n')}</tbody></table></div><p class="scroll-cue">more columns: scroll the table sideways →</p>
${rewritesList(data)}
${limitsList(data)}
<p class="muted">Gate: regressions below ${pct(data.gate.maxRegressionRate)}, agreement at least ${pct(data.gate.minEquivalenceRate)} where evidence says, lexical drift within the baseline's own plus ${pct(data.gate.maxRegressionRate)}${data.gate.maxChangeRate !== undefined ? `, answers changed below ${pct(data.gate.maxChangeRate)}` : ''}, at ${confidencePct(data.gate.confidence)} confidence${escapeHtml(budgetGate(data.gate))}${data.gate.criticalTags.length ? `; no regression or unsettled change on ${data.gate.criticalTags.map(escapeHtml).join(', ')}` : ''}.${helpersLine(data)}</p></section>`;
}

/** What params_compat: auto changed before sending: the candidate was not asked exactly what the baseline was. */
function rewritesList(data: ReportData): string {
  const items = data.targets.flatMap((t) =>
    (t.paramRewrites ?? []).map(
      (r) =>
        `<li><b>${escapeHtml(t.name)}</b>: ${escapeHtml(describeParamRewrite(r))} <span class="muted">(${escapeHtml(r.reason)})</span></li>`,
    ),
  );
  return items.length
    ? `<div class="rewrites" data-fig="rewrites"><h3>Params rewritten (params_compat: auto)</h3><ul>${items.join('')}</ul></div>`
    : '';
}

/** 429s and pauses inflate latency: say so beside the latency figures. */
function limitsList(data: ReportData): string {
  const items = data.targets.flatMap((t) =>
    t.limits
      ? [
          `<li><b>${escapeHtml(t.name)}</b>: ${t.limits.rateLimited.toLocaleString('en-US')} × 429, paused ${ms(t.limits.pausedMs)}, concurrency ${t.limits.concurrency}${t.limits.lowestConcurrency < t.limits.concurrency ? ` (lowest ${t.limits.lowestConcurrency})` : ''}</li>`,
        ]
      : [],
  );
  return items.length
    ? `<div class="rewrites" data-fig="limits"><h3>Rate limits bit (latency includes the waits)</h3><ul>${items.join('')}</ul></div>`
    : '';
}

function helpersLine(data: ReportData): string {
  const h = data.helpers;
  const judgeCost = h.judgeCostUsd == null ? '' : `, ${formatUsd(h.judgeCostUsd)}`;
  const parts = [
    h.judgeCalls ? `judge: ${h.judgeCalls} calls, ${h.judgeTokens.toLocaleString('en-US')} tokens${judgeCost}` : '',
    h.embeddingCalls
      ? `embeddings: ${h.embeddingCalls} calls, ${h.embeddingTokens.toLocaleString('en-US')} tokens${h.embeddingCostUsd == null ? '' : `, ${formatUsd(h.embeddingCostUsd)}`}`
      : '',
  ].filter(Boolean);
  return parts.length ? ` ${escapeHtml(parts.join('; '))}.` : '';
}
