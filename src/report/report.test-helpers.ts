import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, repoRoot } from '../commands/cli.test-helpers.js';
import { openStore } from '../store/open-store.js';
import { buildReportData, type ReportData } from './report-data.js';

/** Runs a suite with the built CLI into a fresh database and returns its report data. */
export async function reportDataFor(suitePath: string, cwd = mkdtempSync(join(tmpdir(), 'pinned-report-'))): Promise<ReportData> {
  await runCli(['run', suitePath, '--no-progress'], { cwd });
  const store = openStore(join(cwd, '.pinned/pinned.db'));
  try {
    const run = store.latestRun({ kind: 'run' })!;
    const comparison = store.latestComparison(run.id)!;
    return buildReportData(store.readRun(run.id), comparison, {
      comparisonId: comparison.id,
      comparisonCreatedAt: comparison.createdAt,
      now: new Date('2026-11-25T00:00:00Z'),
    });
  } finally {
    store.close();
  }
}

/** The bundled example: two candidates, every verdict kind, typed and text cases, expected answers on three of them. */
export function exampleReportData(): Promise<ReportData> {
  return reportDataFor(join(repoRoot, 'suites/example.yaml'));
}

/** Hostile model output in every place a report shows text: it must stay text. */
export const XSS_PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '</textarea><script>window.__pwned = "textarea"</script>',
  '[click me](javascript:window.__pwned="link") <a href="javascript:window.__pwned=\'a\'">link</a>',
  '</script><script>window.__pwned = "breakout"</script><!--',
  '<svg onload="window.__pwned = \'svg\'"></svg>{{constructor.constructor("window.__pwned=1")()}}',
];

/** A suite whose recorded outputs, case ids, tags and prompts carry XSS payloads. */
export function xssReportData(): Promise<ReportData> {
  const cwd = mkdtempSync(join(tmpdir(), 'pinned-xss-'));
  const ids = XSS_PAYLOADS.map((_, i) => `xss-${i}`);
  writeFileSync(
    join(cwd, 'suite.yaml'),
    `name: "<b>xss</b> suite"
baseline: old
candidates: ["new<img src=x onerror=window.__pwned='name'>"]
targets:
  old: { replay: old.jsonl }
  "new<img src=x onerror=window.__pwned='name'>": { replay: new.jsonl }
cases:
${ids.map((id, i) => `  - id: ${id}\n    prompt: ${JSON.stringify(`Repeat this: ${XSS_PAYLOADS[i]!.replaceAll('{{', '{ {')}`)}\n    tags: ["<i>tag</i>"]`).join('\n')}
`,
  );
  writeFileSync(
    join(cwd, 'old.jsonl'),
    ids.map((id, i) => JSON.stringify({ case: id, output: `baseline says ${XSS_PAYLOADS[i]}` })).join('\n'),
  );
  writeFileSync(
    join(cwd, 'new.jsonl'),
    ids.map((id, i) => JSON.stringify({ case: id, output: `candidate says ${XSS_PAYLOADS[(i + 1) % XSS_PAYLOADS.length]}` })).join('\n'),
  );
  return reportDataFor(join(cwd, 'suite.yaml'), cwd);
}

/** The data with its clock readings fixed, so a rendered report can be compared with a stored snapshot. */
export function frozen(data: ReportData): ReportData {
  const at = '2026-11-25T00:00:00.000Z';
  return { ...data, run: { ...data.run, startedAt: at, finishedAt: at }, comparison: { ...data.comparison, createdAt: at } };
}

/** The data with every compared case turned into a regression, so reporters show every output. */
export function asRegressions(data: ReportData): ReportData {
  return {
    ...data,
    cases: data.cases.map((c) => ({
      ...c,
      comparisons: Object.fromEntries(
        Object.entries(c.comparisons).map(([name, comparison]) => [
          name,
          { ...comparison, verdict: 'regressed' as const, reasons: [String(c.messages.at(-1)!.content)] },
        ]),
      ),
    })),
  };
}
