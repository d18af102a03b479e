import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { shownCases, type ReportData } from './report-data.js';
import { clientBundle } from './html/client-bundle.js';
import { escapeHtml } from './html/escape-html.js';
import { STYLES } from './html/styles.js';
import { renderSummary } from './html/summary.js';
import { renderSince, renderTrend } from './html/trend.js';
import { jsonChunks } from './json-chunks.js';

/** The report data's arrays that grow with the suite, written element by element. */
const STREAMED = ['outputs', 'cases'];
const GZIP = { level: 4 };

/**
 * The single-file HTML report: opens from file:// offline, no CDN, no server. The summary is
 * plain HTML; the case list and case views are drawn by the inlined script from the data, which
 * travels gzip-compressed as base64: about 40% of the JSON, and inert (base64 has no markup
 * characters). Level 4 takes half the time of the default for 4% more bytes. Every string from
 * a model, a suite or a case id is escaped here or set as text by the script.
 */
export function renderHtml(data: ReportData): string {
  const payload = gzipSync([...jsonChunks({ ...data, cases: shownCases(data.cases) }, STREAMED)].join(''), GZIP).toString('base64');
  return `${htmlHead(data)}${payload}${htmlTail()}`;
}

/**
 * The same report in chunks, for a file: the data is stringified a case at a time into the gzip
 * stream and its base64 written as it comes, so neither the JSON nor the payload is ever one string.
 */
export async function* htmlChunks(data: ReportData): AsyncGenerator<string> {
  yield htmlHead(data);
  const gzip = createGzip(GZIP);
  const feeding = pipeline(Readable.from(jsonChunks({ ...data, cases: shownCases(data.cases) }, STREAMED)), gzip);
  // Base64 goes 3 bytes at a time: a remainder waits for the next chunk.
  let carry = Buffer.alloc(0);
  for await (const chunk of gzip as AsyncIterable<Buffer>) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % 3);
    carry = Buffer.from(bytes.subarray(whole));
    if (whole > 0) yield bytes.subarray(0, whole).toString('base64');
  }
  await feeding;
  yield `${carry.toString('base64')}${htmlTail()}`;
}

function htmlHead(data: ReportData): string {
  const title = `pinned · ${data.suite.name} · run ${data.run.id}`;
  const finished = data.run.finishedAt ? ` · finished ${data.run.finishedAt.replace('T', ' ').slice(0, 16)} UTC` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pinned ${escapeHtml(data.tool.version)}">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header>
<h1>${escapeHtml(data.suite.name)}</h1>
<span class="meta">run ${data.run.id} (${escapeHtml(data.run.status)})${finished} · baseline <b>${escapeHtml(data.baseline.target)}</b>${data.baseline.runId !== data.run.id ? ` from run ${data.baseline.runId}` : ''}${verificationBadge(data)} · ${data.cases.length.toLocaleString('en-US')} cases · <span title="the suite file">${escapeHtml(basename(data.suite.path))}</span></span>
<span class="meta">pinned ${escapeHtml(data.tool.version)} · generated ${escapeHtml(data.generatedAt.replace('T', ' ').slice(0, 16))} UTC</span>
</header>
<main>
${verificationWarning(data)}${renderSince(data)}${renderSummary(data)}
${renderTrend(data)}
<section id="reviews" class="reviews" aria-label="your reviews" hidden></section>
<section id="cases" aria-label="cases">
<div class="filters">
<input id="q" type="search" placeholder="Filter cases, prompts, outputs  ( / )" aria-label="filter text">
<select id="f-candidate" aria-label="candidate"></select>
<select id="f-tag" aria-label="tag"></select>
<label class="muted">sort <select id="sort" aria-label="sort by"><option value="verdict">verdict (worst first)</option><option value="similarity">similarity</option><option value="length">length change</option><option value="suite">suite order</option></select></label>
<button id="sort-dir" type="button" title="reverse the order">↑</button>
<div id="chips" aria-label="verdicts"></div>
<span id="count"></span>
</div>
<div class="panes">
<div id="list" class="list" role="listbox" tabindex="0" aria-label="cases"></div>
<div id="detail" class="detail"><p class="empty">Pick a case (click, or j / k and Enter). <noscript>The case list needs JavaScript; the summary above does not.</noscript></p></div>
</div>
</section>
</main>
<script id="pinned-data" type="application/x-pinned+gzip+base64">`;
}

function htmlTail(): string {
  return `</script>
<script>${clientBundle()}</script>
</body>
</html>
`;
}

/** Beside the baseline's name: what pinned verify last found about its endpoint, the whole line on hover. */
function verificationBadge({ baselineVerification: v }: ReportData): string {
  if (!v) return '';
  const latest = v.latest;
  const label = !latest
    ? 'never checked with pinned verify'
    : `${latest.outcome === 'inconsistent' ? 'inconsistent with the recorded ' + latest.snapshot : latest.outcome === 'no-detectable-difference' ? 'no detectable difference from the recorded ' + latest.snapshot : latest.outcome} (pinned verify, K = ${latest.prompts}, ${latest.createdAt.slice(0, 10)}, run ${latest.runId})`;
  const cls = !latest || latest.outcome !== 'no-detectable-difference' ? 'bad' : '';
  return ` <span class="verification ${cls}" data-fig="baseline-verification" title="${escapeHtml(v.line)}">· ${escapeHtml(label)}</span>`;
}

function verificationWarning({ baselineVerification: v }: ReportData): string {
  if (!v?.warning) return '';
  return `<p class="warn-banner" role="alert" data-fig="baseline-warning"><b>Warning:</b> ${escapeHtml(v.warning)}.</p>\n`;
}
