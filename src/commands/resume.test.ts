import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { endpointSuite, query, runCli, startCli, tempProject, waitFor } from './cli.test-helpers.js';

const env = { TEST_API_KEY: 'sk-test-resume' };
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ recordRequests: false });
});
afterAll(() => server.close());

const countOkIfAny = (db: string) => {
  try {
    return countOk(db);
  } catch {
    return 0; // not created yet
  }
};
const countOk = (db: string) => query<{ n: number }>(db, `SELECT COUNT(*) AS n FROM cells WHERE status = 'ok'`)[0]!.n;

describe('a run that is killed or interrupted', () => {
  it('loses nothing to kill -9: the next run resumes it and every cell is done exactly once', async () => {
    server.configure({ latencyMs: 60, faults: [] });
    server.resetStats();
    const cwd = tempProject({
      'suite.yaml': endpointSuite({
        url: server.url,
        count: 60,
        targets: { 'model-a': { concurrency: 3 }, 'model-b': { concurrency: 3 } },
      }),
    });
    const db = join(cwd, '.pinned/pinned.db');
    const { child, done } = startCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    await waitFor(() => server.stats.completions >= 30);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const savedBeforeKill = countOk(db);
    expect(savedBeforeKill).toBeGreaterThan(0);
    expect(savedBeforeKill).toBeLessThan(120);
    // Every answer the server finished before the kill and the client read was stored; only those in flight are lost:
    // at most the 6 requests outstanding, plus answers read but not yet committed (the writer commits once per
    // event-loop turn, and the freed slot may already carry the next request). On a loaded machine that was 7.
    const sentBefore = server.stats.completions;
    expect(sentBefore - savedBeforeKill).toBeLessThanOrEqual(12);

    const resumed = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming run 1`);
    expect(resumed.stderr).toContain(`${savedBeforeKill} already done`);
    expect(query(db, 'SELECT id, status FROM runs')).toEqual([{ id: 1, status: 'completed' }]);
    expect(countOk(db)).toBe(120);
    // One stored success per cell: nothing finished was asked again.
    expect(query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM responses WHERE ok = 1')[0]!.n).toBe(120);
    expect(server.stats.completions - sentBefore).toBe(120 - savedBeforeKill);
  });

  it('on Ctrl-C stops sending, keeps what finished, marks the run interrupted and says how to resume', async () => {
    server.configure({ latencyMs: 80, faults: [] });
    server.resetStats();
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 50, targets: { 'model-a': { concurrency: 2 } } }) });
    const db = join(cwd, '.pinned/pinned.db');
    const { child, done } = startCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    await waitFor(() => server.stats.completions >= 5);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('no new requests');
    // The same flags, so the resumed run fills the same cells (here: still without comparing).
    expect(result.stderr).toContain('Resume with: pinned run suite.yaml --no-compare\n');
    expect(query(db, 'SELECT status FROM runs')).toEqual([{ status: 'interrupted' }]);
    // In-flight requests were allowed to finish and were saved: the server answered nothing that was thrown away.
    expect(countOk(db)).toBe(server.stats.completions);
    expect(countOk(db)).toBeLessThan(50);

    const resumed = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    expect(resumed.code).toBe(0);
    expect(countOk(db)).toBe(50);
    expect(server.stats.completions).toBe(50);
  });

  it('says so when a run stopped short and the suite changed since, instead of silently starting over', async () => {
    server.configure({ latencyMs: 80, faults: [] });
    const suite = endpointSuite({ url: server.url, count: 30, targets: { 'model-a': { concurrency: 2 } } });
    const cwd = tempProject({ 'suite.yaml': suite });
    const { child, done } = startCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    await waitFor(() => countOkIfAny(join(cwd, '.pinned/pinned.db')) >= 3);
    child.kill('SIGINT');
    expect((await done).code).toBe(130);
    writeFileSync(join(cwd, 'suite.yaml'), suite.replace(/^name: (.*)$/m, 'name: $1\ndescription: edited after the interrupt'));
    const edited = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stderr).toMatch(
      /note: run 1 of \S+ stopped interrupted with an earlier version of the suite; this version starts a new run/,
    );
    expect(edited.stderr).toContain('starting run 2');
  });

  it('refuses to resume a run another live process owns', async () => {
    server.configure({ latencyMs: 100, faults: [] });
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 40, targets: { 'model-a': { concurrency: 1 } } }) });
    const first = startCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    await waitFor(() => first.child.exitCode === null && countOkIfAny(join(cwd, '.pinned/pinned.db')) > 0);
    const second = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    first.child.kill('SIGKILL');
    await first.done;
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(/run 1 of this suite is in progress in process \d+/);
    expect(second.stderr).toContain('--new');
  });

  it('pinned runs lists a run whose process is gone as interrupted, not running', async () => {
    // Long enough to be still going when pinned runs looks, however slow this machine is; killed below.
    server.configure({ latencyMs: 100, faults: [] });
    const cwd = tempProject({ 'suite.yaml': endpointSuite({ url: server.url, count: 1000, targets: { 'model-a': { concurrency: 1 } } }) });
    const db = join(cwd, '.pinned/pinned.db');
    const { child, done } = startCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    await waitFor(() => countOkIfAny(db) >= 2);
    const live = await runCli(['runs'], { cwd });
    expect(live.stdout).toMatch(/1\s+e2e\s+run\s+running\s/);
    child.kill('SIGKILL');
    await done;
    // The row still says running: only the process that ran it could have said otherwise.
    expect(query(db, 'SELECT status FROM runs')).toEqual([{ status: 'running' }]);
    const listed = await runCli(['runs'], { cwd });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/1\s+e2e\s+run\s+interrupted\s/);
    const [json] = JSON.parse((await runCli(['runs', '--json'], { cwd })).stdout);
    expect(json.run.status).toBe('interrupted');
  });

  it('compare and report refuse a run that is still going, say how far it is, and store nothing', async () => {
    // Minutes of work at one request at a time: still going however slow the commands below are; killed at the end.
    server.configure({ latencyMs: 100, faults: [] });
    const suite = endpointSuite({
      url: server.url,
      count: 1000,
      targets: { 'model-a': { concurrency: 1 }, 'model-b': { concurrency: 1 } },
    });
    const cwd = tempProject({ 'suite.yaml': suite });
    const db = join(cwd, '.pinned/pinned.db');
    const { child, done } = startCli(['run', 'suite.yaml', '--no-compare'], { cwd, env });
    try {
      await waitFor(() => countOkIfAny(db) >= 2);
      for (const command of [['compare'], ['compare', '1', '--json', 'c.json'], ['report']]) {
        const result = await runCli(command, { cwd });
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toMatch(/run 1 is still running \(\d+\/2000 cells done\) in process \d+ on \S+/);
        expect(result.stderr).toContain('compare it once it has finished');
        expect(result.stderr).not.toMatch(/\n\s+at |this is a bug/);
      }
      expect(query(db, 'SELECT id FROM comparisons')).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      await done;
    }
    // Once its process is gone the run is interrupted, and comparing it is the user's call.
    const after = await runCli(['compare'], { cwd });
    expect(after.stderr).not.toContain('still running');
  });
});
