// Failures of the machine, not of pinned or the suite: a damaged database, a full disk, a hostile
// YAML file. Each is exit 2 naming the cause and the way out, never a stack trace or "this is a bug".
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { endpointSuite, query, repoRoot, runCli, tempProject, replayHead } from './cli.test-helpers.js';

const replaySuite = `${replayHead('replay')}cases:
${Array.from({ length: 40 }, (_, i) => `  - { id: c${i}, prompt: "Question ${i}?" }`).join('\n')}
`;
const recording = Array.from({ length: 40 }, (_, i) => JSON.stringify({ case: `c${i}`, output: `Answer ${i}. `.repeat(40) })).join('\n');

function expectEnvironmentError(result: { code: number | null; stderr: string }, ...texts: string[]): void {
  expect(result.code, result.stderr).toBe(2);
  for (const text of texts) expect(result.stderr).toContain(text);
  expect(result.stderr).not.toMatch(/\n\s+at |this is a bug/);
}

describe('a damaged database', () => {
  it('is named with how to recover, by reading and writing commands alike (exit 2)', async () => {
    const cwd = tempProject({ 'suite.yaml': replaySuite, 'old.jsonl': recording, 'new.jsonl': recording });
    expect((await runCli(['run', 'suite.yaml', '--no-html'], { cwd })).code).toBe(0);
    const db = join(cwd, '.pinned/pinned.db');
    // Page 1 (the header and the schema) intact; every other page overwritten, as a bad sector or a torn copy would.
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    closeSync(fd);
    for (const command of [['runs'], ['report'], ['compare'], ['run', 'suite.yaml']]) {
      expectEnvironmentError(
        await runCli(command, { cwd }),
        `${db} is damaged (SQLITE_CORRUPT`,
        'Restore it from a backup, or delete it (with its -wal and -shm files): pinned never needs it to run again',
      );
    }
  });
});

// A full disk is a tmpfs of a megabyte, which only root may mount.
let mountPoint: string | undefined;
let mountNote = '';
try {
  const dir = tempProject({});
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
  mountPoint = dir;
} catch {
  mountNote = ' [skipped: mounting a small tmpfs to fill needs root]';
}

describe('a full disk', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ recordRequests: false });
  });
  afterAll(async () => {
    await server.close();
    if (mountPoint) execFileSync('umount', [mountPoint]);
  });

  it.skipIf(!mountPoint)(
    `stops the run with exit 2 naming it, marks the run interrupted and keeps what was committed${mountNote}`,
    async () => {
      // Answers of ~6 KB: a few dozen fill the disk.
      server.configure({ latencyMs: 0, script: [{ content: 'A long answer that fills the disk. '.repeat(170) }] });
      const cwd = tempProject({
        'suite.yaml': endpointSuite({
          url: server.url,
          count: 150,
          targets: { 'model-a': { concurrency: 2 }, 'model-b': { concurrency: 2 } },
        }),
      });
      const dbDir = join(mountPoint!, 'pinned');
      mkdirSync(dbDir);
      const db = join(dbDir, 'pinned.db');
      const result = await runCli(['run', 'suite.yaml', '--db', db, '--no-progress'], { cwd, env: { TEST_API_KEY: 'sk-test-full' } });
      expectEnvironmentError(
        result,
        `cannot write ${db}: the disk is full (SQLITE_FULL`,
        'Everything committed before is kept; free some space and run the same command again to resume',
      );
      expect(query(db, 'SELECT id, status FROM runs')).toEqual([{ id: 1, status: 'interrupted' }]);
      const kept = query<{ n: number }>(
        db,
        `SELECT COUNT(*) AS n FROM cells c JOIN responses r ON r.id = c.response_id WHERE c.status = 'ok'`,
      );
      expect(kept[0]!.n).toBeGreaterThan(0);
      expect(kept[0]!.n).toBeLessThan(300);
      // The space kept for these last writes is given back.
      expect(existsSync(`${db}-reserve`)).toBe(false);
    },
  );
});

describe('a YAML alias bomb', () => {
  it('is a suite error at the alias, for validate and run (exit 2)', async () => {
    const suite = join(repoRoot, 'fixtures/suite/alias-bomb/suite.yaml');
    expect(readFileSync(suite, 'utf8')).toContain('&f [*e');
    for (const command of ['validate', 'run']) {
      const result = await runCli([command, suite], { cwd: tempProject({}) });
      expectEnvironmentError(result, 'alias-bomb/suite.yaml:15:18: YAML aliases here expand the file past 1000 values');
    }
  });
});
