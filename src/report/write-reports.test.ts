import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderJunit } from './render-junit.js';
import { shownCases, type ReportData } from './report-data.js';
import { exampleReportData } from './report.test-helpers.js';
import { defaultHtmlPath, writeReports } from './write-reports.js';

describe('the default HTML report path', () => {
  it('is reports/<suite>-<run>.html with the suite name safe as a file name', () => {
    expect(defaultHtmlPath('support-replies', 3)).toBe('reports/support-replies-3.html');
    expect(defaultHtmlPath('../../etc/passwd', 1)).toBe('reports/etc-passwd-1.html');
    expect(defaultHtmlPath('<b>xss</b> suite: "réponses" ✓', 2)).toBe('reports/b-xss-b-suite-reponses-2.html');
    expect(defaultHtmlPath('...', 4)).toBe('reports/suite-4.html');
    expect(defaultHtmlPath('x'.repeat(500), 5)).toBe(`reports/${'x'.repeat(80)}-5.html`);
  });
});

/** The example's cases many times over (ids made unique), so the reports span many written chunks. */
function manyCases(data: ReportData, copies: number): ReportData {
  const cases = Array.from({ length: copies }, (_, copy) =>
    data.cases.map((c) => ({ ...c, id: `${c.id}-${copy}`, index: c.index + copy * data.cases.length })),
  ).flat();
  const outputs = [...data.outputs, ...Array.from({ length: copies }, (_, n) => `extra output ${n} ${'é'.repeat(n % 7)}`)];
  return { ...data, cases, outputs };
}

function payloadOf(html: string): { before: string; json: string; after: string } {
  const match = /^([\s\S]*<script id="pinned-data" type="application\/x-pinned\+gzip\+base64">)([A-Za-z0-9+/=]*)(<\/script>[\s\S]*)$/.exec(
    html,
  );
  if (!match) throw new Error('no data payload in the report');
  return { before: match[1]!, json: gunzipSync(Buffer.from(match[2]!, 'base64')).toString('utf8'), after: match[3]! };
}

describe('reports written to files', () => {
  it('hold every case of a report bigger than one written chunk, as the whole-string renderers make them', async () => {
    const data = manyCases(await exampleReportData(), 300);
    const dir = mkdtempSync(join(tmpdir(), 'pinned-write-'));
    const html = join(dir, 'deep/report.html');
    const json = join(dir, 'report.json');
    const junit = join(dir, 'report.xml');
    const written: string[] = [];
    await writeReports(data, { html, json, junit }, {}, { written: (line) => written.push(line), stdout: () => {} });
    expect(written).toEqual([`HTML report: ${html}`, `JSON comparison: ${json}`, `JUnit XML: ${junit}`]);

    const file = payloadOf(readFileSync(html, 'utf8'));
    const whole = payloadOf(renderHtml(data));
    expect(file.before).toBe(whole.before);
    expect(file.after).toBe(whole.after);
    expect(file.json).toBe(whole.json);
    // The data as built, but that the comparisons leave out what their case and key say.
    const embedded = JSON.parse(file.json) as ReportData;
    expect(embedded).toEqual(JSON.parse(JSON.stringify({ ...data, cases: [...shownCases(data.cases)] })));
    expect(embedded.cases).toHaveLength(data.cases.length);
    expect(Object.values(embedded.cases[0]!.comparisons)[0]).not.toHaveProperty('caseId');

    const text = readFileSync(json, 'utf8');
    expect(text).toBe(renderJson(data));
    expect(JSON.parse(text).cases.length).toBeGreaterThan(data.cases.length);

    const xml = readFileSync(junit, 'utf8');
    expect(xml).toBe(renderJunit(data));
    expect(xml.match(/<testcase /g)).toHaveLength(data.cases.length * data.candidates.length);
  });
});
