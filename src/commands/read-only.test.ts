// Reading commands on a database pinned may not write: a read-only file in a read-only folder (a CI
// artifact on read-only media, another user's project), or a file an older pinned wrote.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { permissionsApply, permissionsNote, query, repoRoot, runCli, tempProject } from './cli.test-helpers.js';

const example = join(repoRoot, 'suites/example.yaml');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A project whose run of the example suite was compared; the CLI then runs as a user who may read it. */
async function comparedProject(): Promise<{ cwd: string; db: string }> {
  const cwd = tempProject({});
  const run = await runCli(['run', example, '--no-html', '--no-progress'], { cwd });
  expect(run.code, run.stderr).toBe(1);
  chmodSync(cwd, 0o755);
  mkdirSync(join(cwd, 'out'), { mode: 0o777 });
  chmodSync(join(cwd, 'out'), 0o777);
  return { cwd, db: join(cwd, '.pinned/pinned.db') };
}

function expectNoStackTrace(result: { stderr: string }): void {
  expect(result.stderr).not.toMatch(/\n\s+at |this is a bug/);
}

describe('a database pinned may only read', () => {
  it.skipIf(!permissionsApply)(
    `runs, report, compare and estimate read a read-only file in a read-only folder and write nothing${permissionsNote}`,
    async () => {
      const { cwd, db } = await comparedProject();
      chmodSync(db, 0o444);
      chmodSync(join(cwd, '.pinned'), 0o555);
      const before = sha(db);
      const as = { cwd, ...permissionsApply };

      const runs = await runCli(['runs'], as);
      expect(runs.code, runs.stderr).toBe(0);
      expect(runs.stdout).toMatch(/1\s+support-replies\s+run\s+completed\s+56\/56/);

      const report = await runCli(['report', '--md', 'out/summary.md'], as);
      expect(report.code, report.stderr).toBe(0);
      expect(readFileSync(join(cwd, 'out/summary.md'), 'utf8')).toContain('## pinned: support-replies, run 1');

      // compare keeps its comparisons in the database: on one it cannot write, it compares and prints, and says nothing was kept.
      const compare = await runCli(['compare', '--json', 'out/comparison.json'], as);
      expect(compare.code, compare.stderr).toBe(1);
      expectNoStackTrace(compare);
      expect(compare.stdout).toMatch(/gpt-4o\s+keep-pinned/);
      expect(compare.stderr).toContain('.pinned/pinned.db cannot be written');
      expect(compare.stderr).toContain('the comparison was not stored');
      expect(JSON.parse(readFileSync(join(cwd, 'out/comparison.json'), 'utf8')).comparison.id).toBeNull();

      const estimate = await runCli(['estimate', example], as);
      expect(estimate.code, estimate.stderr).toBe(0);
      expect(estimate.stdout).toContain('nothing was sent');

      expect(sha(db)).toBe(before);
      expect(readdirSync(join(cwd, '.pinned'))).toEqual(['pinned.db']);
      expect(query(db, 'SELECT id FROM comparisons')).toEqual([{ id: 1 }]);
    },
  );

  it('a database an older pinned wrote is not migrated by reading commands: they say so and leave it as it is', async () => {
    const { cwd, db } = await comparedProject();
    const older = new Database(db);
    const current = older.prepare<[], number>('SELECT MAX(version) FROM schema_version').pluck().get()!;
    older.prepare('DELETE FROM schema_version WHERE version = ?').run(current);
    older.close();
    const before = sha(db);
    for (const command of [['runs'], ['report', '--md', 'out/summary.md'], ['estimate', example]]) {
      const result = await runCli(command, { cwd });
      expect(result.code, `${command[0]}: ${result.stderr}`).toBe(2);
      expectNoStackTrace(result);
      expect(result.stderr).toContain(
        `was written by an older pinned (database schema version ${current - 1}; this pinned reads version ${current})`,
      );
      expect(result.stderr).toContain(`pinned ${command[0]} only reads it and does not migrate it`);
    }
    expect(sha(db)).toBe(before);
    expect(existsSync(join(cwd, 'out/summary.md'))).toBe(false);
  });
});
