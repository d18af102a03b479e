// Issue 13: what --stop-early saves, and whether it changes a decision. Real recorded outputs
// (../shared/corpus/llmdrift.jsonl, prime task, read from there and never copied) served per model
// by the test server; a suite of prime cases with `expected:` answers, run by the built CLI to the
// end and with --stop-early under a few seeds: requests sent, the decision, whether it matches the
// full run's. Twice: gpt-4-0613 against gpt-4-0314 (a real regression, LLMDRIFT.md), and
// gpt-4-0314 against itself (the candidate served from the baseline's own recordings).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { print, project, root, runCli, startServer } from './lib.mjs';

const CASES = Number(process.env.BENCH_EARLY_CASES ?? 400);
const SEEDS = [1, 2, 3];
const BASELINE = 'gpt-4-0314';

export async function run() {
  const corpus = process.env.PINNED_CORPUS_DIR ?? join(root, '../shared/corpus');
  const file = join(corpus, 'llmdrift.jsonl');
  if (!existsSync(file)) {
    print('--stop-early on recorded outputs', [['skipped', `no corpus at ${corpus} (set PINNED_CORPUS_DIR)`]]);
    return;
  }
  const help = await runCli(['run', '--help']);
  if (!help.stdout.includes('--stop-early')) {
    print('--stop-early on recorded outputs', [['skipped', 'this build of pinned has no run --stop-early yet']]);
    return;
  }
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"task":"prime"'))
    .map((line) => JSON.parse(line))
    .slice(0, CASES);
  const server = await startServer(['--recordings', file, '--serve-as', `${BASELINE}-again=${BASELINE}`]);
  try {
    for (const candidate of ['gpt-4-0613', `${BASELINE}-again`]) {
      const lines = [];
      const full = await runSuite(server, rows, candidate, []);
      lines.push(['to the end', describe(full)]);
      for (const seed of SEEDS) {
        const early = await runSuite(server, rows, candidate, ['--stop-early', '--seed', String(seed)]);
        const saved = 1 - early.requests / full.requests;
        lines.push([
          `--stop-early --seed ${seed}`,
          `${describe(early)}; ${(100 * saved).toFixed(0)}% fewer requests; decision ${early.decision === full.decision ? 'matches' : `DIFFERS from ${full.decision}`}`,
        ]);
      }
      print(`--stop-early: ${candidate} against ${BASELINE}, ${rows.length} prime cases with expected: (llmdrift, shared split)`, lines);
    }
  } finally {
    await server.stop();
  }
}

/** One run in a fresh project: requests the server answered, the decision and its headline. */
async function runSuite(server, rows, candidate, flags) {
  const cwd = project(suiteFiles(server.url, rows, candidate));
  const before = await server.stats();
  const result = await runCli(['run', 'suite.yaml', '--no-progress', '--no-html', '--json', 'out.json', ...flags], {
    cwd,
    env: { BENCH_KEY: 'bench' },
  });
  const after = await server.stats();
  if (![0, 1, 3].includes(result.code)) throw new Error(`pinned run failed (${result.code}):\n${result.stderr}`);
  const report = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
  const decided = report.candidates.find((c) => c.candidate === candidate);
  const sent = (model) => (after.byModel[model] ?? 0) - (before.byModel[model] ?? 0);
  return {
    requests: after.completions - before.completions,
    baseline: sent(BASELINE),
    candidate: sent(candidate),
    decision: decided.decision,
    cases: decided.cases,
    reason: decided.reasons[0],
    seconds: result.seconds,
  };
}

function describe(r) {
  return `${r.decision} on ${r.cases} cases (${r.requests} requests: ${r.baseline} baseline, ${r.candidate} candidate; ${r.seconds.toFixed(1)} s): ${r.reason}`;
}

function suiteFiles(url, rows, candidate) {
  const target = (model) => [
    `  ${model}:`,
    `    model: ${model}`,
    `    base_url: ${url}`,
    '    api_key_env: BENCH_KEY',
    '    concurrency: 8',
  ];
  const suite = [
    'name: early-stop-prime',
    `baseline: ${BASELINE}`,
    `candidates: [${candidate}]`,
    'targets:',
    ...target(BASELINE),
    ...target(candidate),
    'defaults:',
    '  params: { temperature: 0.1, max_tokens: 1000 }',
    'cases:',
    '  - file: cases.jsonl',
  ];
  const cases = rows.map((row) =>
    JSON.stringify({
      id: row.id,
      prompt: row.messages[0].content,
      compare: { kind: 'label', extract: '\\[(Yes|No)\\]' },
      expected: row.expected === 'yes' ? 'Yes' : 'No',
    }),
  );
  return { 'suite.yaml': `${suite.join('\n')}\n`, 'cases.jsonl': `${cases.join('\n')}\n` };
}
