// Issue 4: the HTML report for 10,000 cases x 2 candidates with ~2 KB outputs: generation time,
// file size, and time until it is interactive in headless Chromium (navigation start to the case
// list rendered). Outputs are real gpt-4-0314 / gpt-4o / gpt-4-turbo answers from alpaca_eval,
// each made unique (a case line is prepended) so that nothing is deduplicated for free.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { print, project, root, runCli } from './lib.mjs';

const CASES = Number(process.env.PINNED_BENCH_REPORT_CASES ?? 10_000);

function corpusOutputs() {
  const corpus = process.env.PINNED_CORPUS_DIR ?? join(root, '../shared/corpus');
  const file = join(corpus, 'alpaca_eval.jsonl');
  if (!existsSync(file)) return null;
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return rows.map((r) => [r.outputs['gpt-4-0314'], r.outputs['gpt-4o-2024-05-13'], r.outputs['gpt-4-turbo-2024-04-09']]);
}

function syntheticOutputs() {
  const words =
    'refund order policy customer days within store credit shipping label return window receipt support team apologise delay replace'.split(
      ' ',
    );
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const text = () => Array.from({ length: 330 }, () => words[next() % words.length]).join(' ');
  return Array.from({ length: 600 }, () => [text(), text(), text()]);
}

export async function run() {
  const outputs = corpusOutputs() ?? syntheticOutputs();
  const targets = ['gpt-4-0314', 'gpt-4o', 'gpt-4-turbo'];
  const files = {
    'suite.yaml': `name: report-bench\nbaseline: gpt-4-0314\ncandidates: [gpt-4o, gpt-4-turbo]\ntargets:\n${targets.map((t) => `  ${t}: { replay: ${t}.jsonl }`).join('\n')}\ncases:\n  - file: cases.jsonl\n    prompt: "Question {{n}}"\n`,
    'cases.jsonl': `${Array.from({ length: CASES }, (_, n) => JSON.stringify({ id: `case-${n}`, n, tags: [`t${n % 7}`] })).join('\n')}\n`,
  };
  targets.forEach((target, t) => {
    files[`${target}.jsonl`] =
      `${Array.from({ length: CASES }, (_, n) => JSON.stringify({ case: `case-${n}`, output: `Case ${n}.\n${outputs[n % outputs.length][t]}`, latency_ms: 900 + (n % 400) })).join('\n')}\n`;
  });
  const dir = project(files);
  const bytes =
    Object.keys(files)
      .filter((f) => f.endsWith('.jsonl') && f !== 'cases.jsonl')
      .reduce((s, f) => s + Buffer.byteLength(files[f]), 0) /
    (3 * CASES);
  const ran = await runCli(['run', 'suite.yaml', '--no-progress', '--no-html'], { cwd: dir });
  if (ran.code === null || ran.code === 2) throw new Error(`bench run failed: ${ran.stderr}`);

  const { openStore } = await import('../dist/store/open-store.js');
  const { buildReportData } = await import('../dist/report/report-data.js');
  const { renderHtml } = await import('../dist/report/render-html.js');
  const store = openStore(join(dir, '.pinned/pinned.db'));
  const started = performance.now();
  const runRow = store.latestRun({ kind: 'run' });
  const comparison = store.latestComparison(runRow.id);
  const data = buildReportData(store.readRun(runRow.id), comparison, { comparisonId: comparison.id });
  const built = performance.now();
  const html = renderHtml(data);
  const rendered = performance.now();
  store.close();
  mkdirSync(join(dir, 'reports'), { recursive: true });
  const file = join(dir, 'reports/report.html');
  writeFileSync(file, html);
  const size = statSync(file).size;

  const rows = [
    [
      'cases x candidates, output size',
      `${CASES.toLocaleString('en-US')} x 2, ~${Math.round(bytes)} B per output (${outputs.length === 600 ? 'synthetic' : 'alpaca_eval'})`,
    ],
    [
      'generation (read run + build data + HTML)',
      `${((rendered - started) / 1000).toFixed(2)} s (data ${((built - started) / 1000).toFixed(2)} s, HTML ${((rendered - built) / 1000).toFixed(2)} s; aim < 5 s)`,
    ],
    [
      'file size',
      `${(size / 2 ** 20).toFixed(1)} MB, ${Math.round(size / (2 * CASES))} B per result (aim < 40 MB; promptfoo ~9.5 KB per result)`,
    ],
  ];
  rows.push(['interactive in Chromium (nav start to list)', await interactive(file)]);
  print('HTML report', rows);
}

async function interactive(file) {
  if (!existsSync('/usr/bin/chromium')) return 'skipped: no /usr/bin/chromium';
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`file://${file}`);
      await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
      times.push(await page.evaluate(() => performance.getEntriesByName('pinned:list-rendered')[0].startTime));
      const open = await page.evaluate(async () => {
        const t0 = performance.now();
        document.querySelector('.row').click();
        await new Promise((r) => requestAnimationFrame(() => r()));
        return performance.now() - t0;
      });
      times.push(-open);
      await page.close();
    }
    const lists = times.filter((t) => t >= 0).sort((a, b) => a - b);
    const opens = times
      .filter((t) => t < 0)
      .map((t) => -t)
      .sort((a, b) => a - b);
    return `${(lists[1] / 1000).toFixed(2)} s median of 3 (aim < 2 s); opening a case ${Math.round(opens[1])} ms`;
  } finally {
    await browser.close();
  }
}
