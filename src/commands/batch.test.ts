import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRICE_TABLE_DATE } from '../domain/model-table.js';
import { targetCost } from '../domain/target-cost.js';
import { openStore } from '../store/open-store.js';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { endpointSuite, query, runCli, startCli, tempProject, waitFor } from './cli.test-helpers.js';

const env = { TEST_API_KEY: 'sk-test-batch', PINNED_BATCH_POLL_MS: '20' };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ recordRequests: false });
});
afterAll(() => server.close());
beforeEach(() => {
  server.configure({ batchDelayMs: 0, batchFailRate: 0, batchDropCreateAnswers: 0, latencyMs: 0, faults: [] });
  server.resetStats();
});

const count = (db: string, sql: string) => query<{ n: number }>(db, sql)[0]!.n;
const countIfAny = (db: string, sql: string) => {
  try {
    return count(db, sql);
  } catch {
    return 0; // not created yet
  }
};

describe('pinned run --batch (end to end, against the test server’s Batch API)', () => {
  it('costs what the Batch API answered at half the list price', async () => {
    const suite = endpointSuite({
      url: server.url,
      count: 4,
      targets: { 'gpt-4o': { extra: '    batch: true' }, 'gpt-4o-2024-08-06': {} },
    });
    const cwd = tempProject({ 'suite.yaml': suite });
    const result = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    const store = openStore(join(cwd, '.pinned/pinned.db'));
    try {
      const data = store.readRun(store.latestRun({ kind: 'run' })!.id);
      const listPrice = (name: string) => {
        const cells = [...data.cells].filter((c) => c.target === name);
        expect(cells.every((c) => c.response?.source === (name === 'gpt-4o' ? 'batch' : 'api'))).toBe(true);
        return cells.reduce(
          (sum, c) => sum + (c.response!.usage!.promptTokens! * 2.5 + c.response!.usage!.completionTokens! * 10) / 1e6,
          0,
        );
      };
      const cost = (name: string) =>
        targetCost(
          data.targets.find((t) => t.name === name),
          [...data.cells].filter((c) => c.target === name),
        );
      expect(cost('gpt-4o').price).toMatchObject({ input: 2.5, output: 10, source: 'table', tableDate: PRICE_TABLE_DATE });
      expect(cost('gpt-4o').costUsd).toBeCloseTo(listPrice('gpt-4o') / 2, 12);
      expect(cost('gpt-4o-2024-08-06').costUsd).toBeCloseTo(listPrice('gpt-4o-2024-08-06'), 12);
    } finally {
      store.close();
    }
  });

  it('runs a batch target through files and batches, next to a direct one, into the same tables', async () => {
    const suite = endpointSuite({ url: server.url, count: 12, targets: { 'model-a': { extra: '    batch: true' }, 'model-b': {} } });
    const cwd = tempProject({ 'suite.yaml': suite });
    const db = join(cwd, '.pinned/pinned.db');
    const result = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/model-a: submitted batch batch_test\d+ \(12 requests\); waiting for it/);
    expect(result.stderr).toMatch(/model-a: batch batch_test\d+ completed: 12 answered, 0 failed/);
    expect(server.stats).toMatchObject({ batches: 1, files: 1, batchLines: 12, byModel: { 'model-b': 12 } });
    expect(server.stats.byModel['model-a']).toBeUndefined();
    expect(count(db, "SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'")).toBe(24);
    expect(query(db, 'SELECT target, status FROM batches')).toEqual([{ target: 'model-a', status: 'completed' }]);
    const [output] = query<{ output: string }>(
      db,
      "SELECT r.output FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.target = 'model-a' AND c.case_id = 'case-000'",
    );
    expect(output!.output).toMatch(/^model-a says: .*Question number 0: what is 0 \+ 0\?$/);

    // The canonical request is the one a direct request makes: without batch mode, everything is reused.
    const direct = await runCli(['run', 'suite.yaml', '--no-compare', '--new'], {
      cwd: tempProject({ 'suite.yaml': suite.replace('    batch: true\n', '') }),
      env: { ...env, PINNED_DB: db },
    });
    expect(direct.code, direct.stderr).toBe(0);
    expect(direct.stderr).toContain('24 cells, 0 to send, 24 reused from earlier runs');
  });

  it('killed while the batch is pending, a rerun polls the same batch and submits nothing again', async () => {
    server.configure({ batchDelayMs: 60_000 });
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 10, targets: { 'model-a': {}, 'model-b': {} } }) });
    const db = join(cwd, '.pinned/pinned.db');
    const first = startCli(['run', 'suite.yaml', '--batch', '--no-compare'], { cwd, env });
    await waitFor(() => countIfAny(db, 'SELECT COUNT(*) AS n FROM batches') === 2);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    expect(server.stats.batches).toBe(2);
    expect(count(db, "SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'")).toBe(0);

    server.configure({ batchDelayMs: 0 });
    const rerun = await runCli(['run', 'suite.yaml', '--batch', '--no-compare'], { cwd, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(/model-a: resuming batch batch_test\d+ .*10 requests\): polling it, not submitting again/);
    expect(server.stats.batches).toBe(2);
    expect(server.stats.batchLines).toBe(20);
    expect(count(db, "SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'")).toBe(20);
    expect(query(db, 'SELECT DISTINCT status FROM batches')).toEqual([{ status: 'completed' }]);
  });

  it('finds a batch whose creation answer was lost instead of creating a second one', async () => {
    server.configure({ batchDropCreateAnswers: 1 });
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 5, targets: { 'model-a': {} } }) });
    const result = await runCli(['run', 'suite.yaml', '--batch', '--no-compare'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(server.stats.batches).toBe(1);
    expect(server.stats.batchLines).toBe(5);
  });

  it('on Ctrl-C while polling, stops, keeps the batch pending and says the rerun picks it up', async () => {
    server.configure({ batchDelayMs: 60_000 });
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 4, targets: { 'model-a': {} } }) });
    const db = join(cwd, '.pinned/pinned.db');
    const first = startCli(['run', 'suite.yaml', '--batch', '--no-compare'], { cwd, env });
    await waitFor(() => countIfAny(db, 'SELECT COUNT(*) AS n FROM batches') === 1);
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('is still running at the provider; running the same command again picks it up');
    expect(query(db, 'SELECT status FROM runs')).toEqual([{ status: 'interrupted' }]);
    expect(query(db, 'SELECT status FROM batches')).toEqual([{ status: 'pending' }]);
  });

  it('stores lines that fail as errors of their cells, and a rerun sends only those again', async () => {
    server.configure({ batchFailRate: 0.3 });
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 30, maxRetries: 0, targets: { 'model-a': {} } }) });
    const db = join(cwd, '.pinned/pinned.db');
    const first = await runCli(['run', 'suite.yaml', '--batch', '--no-compare'], { cwd, env });
    expect(first.code).toBe(4);
    const errors = count(db, "SELECT COUNT(*) AS n FROM cells WHERE status = 'error'");
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(30);
    expect(
      query(
        db,
        "SELECT DISTINCT r.error_kind, r.error_status, r.error_message FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.status = 'error'",
      ),
    ).toEqual([
      { error_kind: 'http', error_status: 500, error_message: 'The server had an error while processing your request. Sorry about that!' },
    ]);

    server.configure({ batchFailRate: 0 });
    const rerun = await runCli(['run', 'suite.yaml', '--batch', '--no-compare'], { cwd, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`submitted batch`);
    expect(rerun.stderr).toContain(`(${errors} requests)`);
    expect(server.stats.batchLines).toBe(30 + errors);
    expect(count(db, "SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'")).toBe(30);
  });

  it('stores a refused submission as the cells’ errors (an infrastructure failure), with the key scrubbed', async () => {
    server.configure({
      faults: [{ path: '/v1/files', action: 'status', status: 401, message: `Incorrect API key provided: ${env.TEST_API_KEY}.` }],
    });
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 3, targets: { 'model-a': {}, 'model-b': {} } }) });
    const db = join(cwd, '.pinned/pinned.db');
    const result = await runCli(['run', 'suite.yaml', '--batch'], { cwd, env });
    expect(result.code).toBe(4);
    expect(server.stats.batches).toBe(0);
    const messages = query<{ error_message: string }>(db, 'SELECT DISTINCT error_message FROM responses');
    expect(messages).toEqual([
      { error_message: expect.stringContaining('submitting the batch failed: 401 Incorrect API key provided: [redacted].') },
    ]);
    expect(result.stdout + result.stderr).not.toContain(env.TEST_API_KEY);
    expect(query(db, 'SELECT COUNT(*) AS n FROM batches')).toEqual([{ n: 0 }]);
  });

  it('sends failed lines again in a new batch, up to max_retries rounds', async () => {
    server.configure({ batchFailRate: 0.3 });
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 30, maxRetries: 6, targets: { 'model-a': {} } }) });
    const db = join(cwd, '.pinned/pinned.db');
    const result = await runCli(['run', 'suite.yaml', '--batch', '--no-compare'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('retry round 2');
    expect(server.stats.batches).toBeGreaterThan(1);
    expect(count(db, "SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'")).toBe(30);
    expect(count(db, 'SELECT COUNT(*) AS n FROM responses WHERE ok = 0')).toBe(0);
    expect(server.stats.batchLines).toBeGreaterThan(30);
  });
});
