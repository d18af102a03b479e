import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { endpointSuite, query, runCli, tempProject } from './cli.test-helpers.js';

const env = { TEST_API_KEY: 'sk-test-shards' };
let server: TestServer;
let suite: string;
beforeAll(async () => {
  server = await startTestServer({ recordRequests: false });
  suite = endpointSuite({ url: server.url, count: 30, targets: { 'model-a': { samples: 2 }, 'model-b': {}, 'model-c': {} } });
});
afterAll(() => server.close());

const cellsOf = (db: string) =>
  query(
    db,
    `SELECT c.target, c.case_id, c.sample, c.status, r.output, r.finish_reason FROM cells c LEFT JOIN responses r ON r.id = c.response_id
     WHERE c.run_id = (SELECT MAX(id) FROM runs) ORDER BY c.target, c.case_id, c.sample`,
  );
const verdictsOf = (db: string) =>
  query(
    db,
    `SELECT candidate, case_id, verdict, confirmed, unstable, similarity FROM verdicts WHERE comparison_id = (SELECT MAX(id) FROM comparisons) ORDER BY candidate, case_id`,
  );

describe('shards and pinned merge (end to end)', () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = tempProject({ 'suite.yaml': suite });
    const full = await runCli(['run', 'suite.yaml', '--db', 'full.db'], { cwd, env });
    expect([0, 1, 3]).toContain(full.code);
    for (const index of [1, 2, 3]) {
      const shard = await runCli(['run', 'suite.yaml', '--shard', `${index}/3`, '--db', `shard-${index}.db`], { cwd, env });
      expect(shard.code, shard.stderr).toBe(0);
      expect(shard.stderr).toContain(`shard ${index}/3`);
      expect(shard.stderr).toContain('is not compared on its own');
    }
    expect((await runCli(['runs', '--db', 'shard-2.db'], { cwd })).stdout).toMatch(/1\s+e2e\s+shard 2\/3\s+completed/);
  });

  it('N shard runs merged equal one unsharded run, cell for cell and verdict for verdict', async () => {
    const sizes = [1, 2, 3].map(
      (index) => query<{ n: number }>(join(cwd, `shard-${index}.db`), 'SELECT COUNT(DISTINCT case_id) AS n FROM cells')[0]!.n,
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(30);
    expect(Math.min(...sizes)).toBeGreaterThan(0);

    const merged = await runCli(['merge', 'merged.db', 'shard-1.db', 'shard-2.db', 'shard-3.db'], { cwd, env });
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('merged 3 shards of e2e into run 1 of merged.db: 120/120 cells done, 0 errors, 0 missing (completed)');
    expect(cellsOf(join(cwd, 'merged.db'))).toEqual(cellsOf(join(cwd, 'full.db')));
    expect(query(join(cwd, 'merged.db'), 'SELECT kind, status, total_cells FROM runs')).toEqual([
      { kind: 'merge', status: 'completed', total_cells: 120 },
    ]);

    const full = await runCli(['compare', '--db', 'full.db'], { cwd, env });
    const compared = await runCli(['compare', '--db', 'merged.db'], { cwd, env });
    expect(compared.code).toBe(full.code);
    expect(compared.stdout).toBe(full.stdout.replaceAll('full.db', 'merged.db'));
    expect(verdictsOf(join(cwd, 'merged.db'))).toEqual(verdictsOf(join(cwd, 'full.db')));
    expect(verdictsOf(join(cwd, 'merged.db'))).toHaveLength(60);
  });

  it('refuses the same shard twice, a file twice, a merge already made, and says so', async () => {
    copyFileSync(join(cwd, 'shard-1.db'), join(cwd, 'shard-1-copy.db'));
    const twice = await runCli(['merge', 'twice.db', 'shard-1.db', 'shard-1-copy.db'], { cwd, env });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('shard 1/3 is given twice (shard-1.db and shard-1-copy.db): each shard is merged once');

    const sameFile = await runCli(['merge', 'again.db', 'shard-2.db', 'shard-2.db'], { cwd, env });
    expect(sameFile.code).toBe(2);
    expect(sameFile.stderr).toContain('shard-2.db is given twice');

    await runCli(['merge', 'partial.db', 'shard-1.db'], { cwd, env }).then((result) => {
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('shards 2/3, 3/3 missing');
      expect(result.stdout).toContain('merged 1 of 3 shards of e2e into run 1 of partial.db');
      expect(result.stdout).toContain('(incomplete)');
    });
    const again = await runCli(['merge', 'partial.db', 'shard-1-copy.db', 'shard-2.db'], { cwd, env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('shard-1-copy.db (shard 1/3) is already merged into run 1 of partial.db');
    expect(query(join(cwd, 'partial.db'), 'SELECT COUNT(*) AS n FROM runs')).toEqual([{ n: 1 }]);
  });

  it('compares a shard database on its own cases only, when asked to', async () => {
    const result = await runCli(['compare', '--db', 'shard-1.db'], { cwd, env });
    expect(result.stderr).toMatch(
      /run 1 is shard 1\/3: comparing its \d+ of 30 cases only; merge the shards \(pinned merge\) for the suite's decision/,
    );
    expect(verdictsOf(join(cwd, 'shard-1.db')).map((v: any) => v.verdict)).not.toContain('error');
  });

  it('refuses databases of another suite', async () => {
    const other = tempProject({ 'suite.yaml': suite.replace('name: e2e', 'name: other') });
    copyFileSync(join(cwd, 'shard-1.db'), join(other, 'shard-1.db'));
    expect((await runCli(['run', 'suite.yaml', '--shard', '2/3', '--db', 'shard-2.db'], { cwd: other, env })).code).toBe(0);
    const mixed = await runCli(['merge', 'merged.db', 'shard-1.db', 'shard-2.db'], { cwd: other, env });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("shard-2.db holds a run of suite 'other', shard-1.db one of 'e2e': only runs of one suite merge");
  });

  it('refuses databases of another suite version', async () => {
    const other = tempProject({ 'suite.yaml': suite.replace('Question number 0:', 'Question zero:') });
    copyFileSync(join(cwd, 'shard-1.db'), join(other, 'shard-1.db'));
    const shard2 = await runCli(['run', 'suite.yaml', '--shard', '2/3', '--db', 'shard-2.db'], { cwd: other, env });
    expect(shard2.code, shard2.stderr).toBe(0);
    const mixed = await runCli(['merge', 'merged.db', 'shard-1.db', 'shard-2.db'], { cwd: other, env });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(
      /shard-2\.db and shard-1\.db ran different versions of suite 'e2e' \([0-9a-f]{12} vs [0-9a-f]{12}\): nothing was merged/,
    );
  });

  it('takes --shard I/N with 1 <= I <= N only', async () => {
    for (const bad of ['0/3', '4/3', 'x']) {
      const result = await runCli(['run', 'suite.yaml', '--shard', bad, '--db', 'bad.db'], { cwd, env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--shard');
    }
  });

  it('runs --shard 1/1 as the whole suite, compared like an unsharded run', async () => {
    const whole = await runCli(['run', 'suite.yaml', '--shard', '1/1', '--db', 'one.db'], { cwd, env });
    expect(whole.stderr).not.toContain('is not compared on its own');
    expect(whole.stdout).toContain('compared with model-a');
    expect(query(join(cwd, 'one.db'), 'SELECT COUNT(DISTINCT case_id) AS n FROM cells')).toEqual([{ n: 30 }]);
  });
});

describe('pinned merge and params_compat', () => {
  it('keeps what params_compat: auto rewrote in each shard on the merged run, and sums where rate limits bit', async () => {
    server.configure({ faults: [{ model: 'model-a', action: 'status', status: 429, retryAfterMs: 20, times: 2 }] });
    const cwd = tempProject({
      'suite.yaml': endpointSuite({
        url: server.url,
        count: 8,
        targets: { 'model-a': {}, 'o3-mini': { extra: '    params_compat: auto\n    params: { max_tokens: 40, temperature: 0.2 }' } },
      }),
    });
    for (const index of [1, 2]) {
      const shard = await runCli(['run', 'suite.yaml', '--shard', `${index}/2`, '--db', `shard-${index}.db`], { cwd, env });
      expect(shard.code, shard.stderr).toBe(0);
    }
    const merged = await runCli(['merge', 'merged.db', 'shard-1.db', 'shard-2.db'], { cwd, env });
    expect(merged.code, merged.stderr).toBe(0);
    expect(query(join(cwd, 'merged.db'), 'SELECT target, param, action, renamed_to FROM param_rewrites ORDER BY param')).toEqual([
      { target: 'o3-mini', param: 'max_tokens', action: 'renamed', renamed_to: 'max_completion_tokens' },
      { target: 'o3-mini', param: 'temperature', action: 'dropped', renamed_to: null },
    ]);
    const bit = (db: string) =>
      query<{ n: number }>(join(cwd, db), "SELECT COALESCE(SUM(rate_limited), 0) AS n FROM run_limits WHERE target = 'model-a'")[0]!.n;
    expect(bit('merged.db')).toBe(bit('shard-1.db') + bit('shard-2.db'));
    expect(bit('merged.db')).toBe(2);
    server.configure({ faults: [] });
  });
});
