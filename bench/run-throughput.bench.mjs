// Issue 2: how close `pinned run` gets to the ideal wall time, its overhead per request and memory.
import { endpointSuite, print, project, runCli, startServer } from './lib.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const CONCURRENCY = 64;
const LATENCY_MS = 100;

export async function run() {
  const server = await startServer(['--latency', String(LATENCY_MS)]);
  try {
    const cwd = project(endpointSuite({ url: server.url, cases: REQUESTS, concurrency: CONCURRENCY }));
    const paced = await runCli(['run', 'suite.yaml', '--concurrency', String(CONCURRENCY), '--no-progress'], {
      cwd,
      env: { BENCH_KEY: 'bench' },
    });
    if (paced.code !== 0) throw new Error(`run failed (${paced.code}):\n${paced.stderr}`);
    const ideal = (REQUESTS * LATENCY_MS) / 1000 / CONCURRENCY;
    const stats = await server.stats();

    await server.configure({ latencyMs: 0 });
    const cwd0 = project(endpointSuite({ url: server.url, cases: REQUESTS, concurrency: CONCURRENCY }));
    const fast = await runCli(['run', 'suite.yaml', '--concurrency', String(CONCURRENCY), '--no-progress'], {
      cwd: cwd0,
      env: { BENCH_KEY: 'bench' },
    });
    if (fast.code !== 0) throw new Error(`run failed (${fast.code}):\n${fast.stderr}`);

    const versions = [];
    for (let i = 0; i < 7; i++) versions.push((await runCli(['--version'])).seconds * 1000);
    versions.sort((a, b) => a - b);

    print(`pinned run: ${REQUESTS.toLocaleString()} requests, concurrency ${CONCURRENCY}`, [
      [`wall time at ${LATENCY_MS} ms latency`, `${paced.seconds.toFixed(2)} s (ideal ${ideal.toFixed(2)} s)`],
      ['ratio to ideal, whole command (aim <= 1.05)', `${(paced.seconds / ideal).toFixed(3)}x`],
      ['ratio to ideal, sending phase only', `${(paced.executeSeconds / ideal).toFixed(3)}x (${paced.executeSeconds.toFixed(2)} s)`],
      ['max requests in flight at the server', `${stats.maxInFlight} of ${CONCURRENCY}`],
      ['peak RSS (aim < 200 MB)', `${paced.peakRssMb.toFixed(0)} MB`],
      [
        'throughput at 0 ms latency (aim > 1,000/s)',
        `${(REQUESTS / fast.seconds).toFixed(0)} requests/s (${fast.seconds.toFixed(2)} s incl. start-up)`,
      ],
      ['peak RSS at 0 ms latency', `${fast.peakRssMb.toFixed(0)} MB`],
      ['pinned --version (median of 7)', `${versions[3].toFixed(0)} ms`],
    ]);
  } finally {
    await server.stop();
  }
}
