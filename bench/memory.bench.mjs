// Issue 13: memory that does not grow with the suite.
// (a) the whole `pinned run` with a candidate (send, compare, HTML report) through the built CLI
//     against the test server: wall time over the ideal (requests x latency / concurrency), peak RSS.
// (b) a big suite from a JSONL case file, one candidate, 0 ms latency: peak RSS of `run`, then of
//     `compare` and `report` on the stored run.
// Smaller sizes for a quick run: BENCH_MEMORY_REQUESTS (a, default 10,000), BENCH_MEMORY_CASES (b, default 100,000).
import { endpointSuite, print, project, runCli, startServer } from './lib.mjs';

const REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 10_000);
const CASES = Number(process.env.BENCH_MEMORY_CASES ?? 100_000);
const CONCURRENCY = 64;
const LATENCY_MS = 100;
const targets = ['baseline-model', 'candidate-model'];

export async function run() {
  const server = await startServer(['--latency', String(LATENCY_MS)]);
  try {
    if (REQUESTS > 0) await wholeRun(server);
    if (CASES > 0) {
      await server.configure({ latencyMs: 0 });
      await bigSuite(server);
    }
  } finally {
    await server.stop();
  }
}

async function wholeRun(server) {
  const cases = Math.round(REQUESTS / targets.length);
  const cwd = project(endpointSuite({ url: server.url, cases, concurrency: CONCURRENCY, targets }));
  const ran = await runCli(['run', 'suite.yaml', '--concurrency', String(CONCURRENCY), '--no-progress'], {
    cwd,
    env: { BENCH_KEY: 'bench' },
  });
  if (ran.code === null || ran.code === 2 || ran.code === 4) throw new Error(`run failed (${ran.code}):\n${ran.stderr}`);
  const ideal = (cases * targets.length * LATENCY_MS) / 1000 / CONCURRENCY;
  print(`pinned run with a candidate: ${cases.toLocaleString('en-US')} cases x 2 targets, ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`, [
    ['wall time, send + compare + HTML', `${ran.seconds.toFixed(2)} s (ideal ${ideal.toFixed(2)} s)`],
    ['ratio to ideal (aim <= 1.05)', `${(ran.seconds / ideal).toFixed(3)}x`],
    ['sending phase', `${ran.executeSeconds.toFixed(2)} s (${(ran.executeSeconds / ideal).toFixed(3)}x)`],
    ['after sending (compare + reports)', `${(ran.seconds - ran.executeSeconds).toFixed(2)} s`],
    ['peak RSS (aim <= 200 MB)', `${ran.peakRssMb.toFixed(0)} MB`],
  ]);
}

async function bigSuite(server) {
  const cwd = project(endpointSuite({ url: server.url, cases: CASES, concurrency: CONCURRENCY, targets }));
  const env = { BENCH_KEY: 'bench' };
  const ran = await runCli(['run', 'suite.yaml', '--concurrency', String(CONCURRENCY), '--no-progress'], { cwd, env });
  if (ran.code === null || ran.code === 2 || ran.code === 4) throw new Error(`run failed (${ran.code}):\n${ran.stderr}`);
  const compared = await runCli(['compare'], { cwd, env });
  if (compared.code === null || compared.code === 2) throw new Error(`compare failed (${compared.code}):\n${compared.stderr}`);
  const reported = await runCli(['report', '--html', 'reports/again.html', '--json', 'reports/again.json'], { cwd, env });
  if (reported.code === null || reported.code === 2) throw new Error(`report failed (${reported.code}):\n${reported.stderr}`);
  print(`${CASES.toLocaleString('en-US')} cases from a JSONL file x 1 candidate, 0 ms latency`, [
    ['pinned run (send + compare + HTML), peak RSS', `${ran.peakRssMb.toFixed(0)} MB, ${ran.seconds.toFixed(1)} s (aim <= 400 MB)`],
    ['pinned compare, peak RSS', `${compared.peakRssMb.toFixed(0)} MB, ${compared.seconds.toFixed(1)} s (aim <= 400 MB)`],
    ['pinned report (HTML + JSON), peak RSS', `${reported.peakRssMb.toFixed(0)} MB, ${reported.seconds.toFixed(1)} s (aim <= 400 MB)`],
  ]);
}
