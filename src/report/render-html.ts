import type { ReportData } from './report-data.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** The single-file HTML report: self-contained, opens from file:// offline; every model byte escaped. */
export function renderHtml(data: ReportData): string {
  const rows = data.decisions
    .map((d) => `<tr><td>${escapeHtml(d.candidate)}</td><td>${escapeHtml(d.decision)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pinned: ${escapeHtml(data.suite.name)} run ${data.run.id}</title></head>
<body><h1>${escapeHtml(data.suite.name)}</h1><table><thead><tr><th>candidate</th><th>decision</th></tr></thead><tbody>${rows}</tbody></table></body></html>
`;
}
