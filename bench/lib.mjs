// Shared pieces of the benchmarks: a test server in its own process (so it never competes with
// the code under test for the event loop), the built CLI run as a user runs it, and peak RSS.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cli = join(root, 'dist/cli.js');

export async function startServer(args = []) {
  const child = spawn(process.execPath, [join(root, 'dist/test-server/main.js'), '--no-record', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolveLine, reject) => {
    child.on('error', reject);
    createInterface({ input: child.stdout }).once('line', resolveLine);
  });
  const { url } = JSON.parse(line);
  return {
    url,
    async configure(options) {
      await fetch(url.replace(/\/v1$/, '/__control/configure'), {
        method: 'POST',
        body: JSON.stringify(options),
        headers: { 'content-type': 'application/json' },
      });
    },
    async stats() {
      return (await fetch(url.replace(/\/v1$/, '/__control/stats'))).json();
    },
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the CLI; reports wall time and the child's peak RSS (from a preloaded exit hook). */
export function runCli(args, { cwd, env = {} } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', join(root, 'bench/peak-rss.mjs'), cli, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  let startedRun;
  child.stderr.on('data', (d) => {
    stderr += d;
    // "starting run ..." is printed once the suite is loaded and planned: the execution phase begins.
    if (startedRun === undefined && stderr.includes('starting run')) startedRun = performance.now();
  });
  let firstOut;
  child.stdout.on('data', () => (firstOut ??= performance.now()));
  return new Promise((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const match = /PEAK_RSS_BYTES=(\d+)/.exec(stderr);
      const executeSeconds = startedRun && firstOut ? (firstOut - startedRun) / 1000 : NaN;
      resolveRun({ code, seconds, executeSeconds, peakRssMb: match ? Number(match[1]) / 2 ** 20 : NaN, stdout, stderr });
    });
  });
}

export function project(files) {
  const dir = mkdtempSync(join(tmpdir(), 'pinned-bench-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

export function endpointSuite({ url, cases, concurrency, targets = ['bench-model'] }) {
  const lines = ['name: bench', `baseline: ${targets[0]}`, `candidates: [${targets.slice(1).join(', ')}]`, 'targets:'];
  for (const name of targets) {
    lines.push(`  ${name}:`, `    model: ${name}`, `    base_url: ${url}`, '    api_key_env: BENCH_KEY', `    concurrency: ${concurrency}`);
  }
  lines.push(
    'defaults:',
    '  params: { temperature: 0, max_tokens: 64 }',
    'cases:',
    '  - file: cases.jsonl',
    '    prompt: "Question {{n}}: summarise the refund policy for order {{n}}."',
  );
  const rows = Array.from({ length: cases }, (_, n) => JSON.stringify({ id: `c${n}`, n })).join('\n');
  return { 'suite.yaml': `${lines.join('\n')}\n`, 'cases.jsonl': `${rows}\n` };
}

export function print(title, rows) {
  console.log(`\n## ${title}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(44)} ${value}`);
}
