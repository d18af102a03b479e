// What a user meets when a path, an id or a key is wrong: the problem and the fix, exit 2, no
// stack trace, and nothing left behind (a mistyped --db must not create an empty database).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject, replayHead } from './cli.test-helpers.js';

const replaySuite = `${replayHead('replay')}cases:
  - { id: a, prompt: "A?" }
  - { id: b, prompt: "B?" }
`;
const files = {
  'suite.yaml': replaySuite,
  'old.jsonl': '{"case": "a", "output": "A."}\n{"case": "b", "output": "B."}\n',
  'new.jsonl': '{"case": "a", "output": "A."}\n{"case": "b", "output": "B."}\n',
};

function expectCleanUsageError(result: { code: number | null; stderr: string }, text: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(text);
  expect(result.stderr).not.toMatch(/\n\s+at |this is a bug/);
}

describe('bad input', () => {
  it('compare, report and runs on a database that does not exist say so and create nothing', async () => {
    const cwd = tempProject({});
    for (const command of ['compare', 'report']) {
      const fresh = await runCli([command], { cwd });
      expectCleanUsageError(fresh, 'there are no runs: no database at .pinned/pinned.db');
      expect(fresh.stderr).toContain('run a suite first (pinned run <suite>), or point --db or PINNED_DB at the database a run wrote');
      expectCleanUsageError(await runCli([command, '--db', 'shard-1.db'], { cwd }), 'no database at shard-1.db (--db)');
      expectCleanUsageError(await runCli([command], { cwd, env: { PINNED_DB: 'typo.db' } }), 'no database at typo.db (PINNED_DB)');
    }
    const runs = await runCli(['runs', '--db', 'typo.db'], { cwd });
    expect(runs.code).toBe(0);
    expect(runs.stdout).toContain('no runs yet: no database at typo.db');
    expect(JSON.parse((await runCli(['runs', '--json'], { cwd })).stdout)).toEqual([]);
    for (const path of ['.pinned', 'shard-1.db', 'typo.db']) expect(existsSync(join(cwd, path)), path).toBe(false);
  });

  it('a folder or a file that is not a database given as --db is a usage error', async () => {
    const cwd = tempProject(files);
    mkdirSync(join(cwd, 'dbs'));
    expectCleanUsageError(
      await runCli(['run', 'suite.yaml', '--db', 'dbs'], { cwd }),
      `${join(cwd, 'dbs')} is a folder, not a database file (a database path looks like ${join(cwd, 'dbs/pinned.db')})`,
    );
    expectCleanUsageError(await runCli(['report', '--db', 'suite.yaml'], { cwd }), 'is not a pinned database (not a SQLite file)');
  });

  it('a run id the database does not hold names the latest one and how to list them', async () => {
    const cwd = tempProject(files);
    expect((await runCli(['run', 'suite.yaml', '--no-compare'], { cwd })).code).toBe(0);
    for (const args of [
      ['report', '999'],
      ['compare', '999'],
    ]) {
      const result = await runCli(args, { cwd });
      expectCleanUsageError(result, 'run 999: no such run in .pinned/pinned.db (its latest run is 1)');
      expect(result.stderr).toContain('pinned runs --db .pinned/pinned.db lists its runs');
    }
    expectCleanUsageError(
      await runCli(['compare', '1', '--against', '7'], { cwd }),
      '--against 7: no such run in .pinned/pinned.db (its latest run is 1)',
    );
  });

  it('compare names the cases without an output, which make it exit 4', async () => {
    const cwd = tempProject({ ...files, 'new.jsonl': '{"case": "a", "output": "A."}\n' });
    const result = await runCli(['run', 'suite.yaml', '--no-html'], { cwd });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('compared with old (run 1) on 2 cases');
    expect(result.stdout).toContain("  error b: the candidate has no output: no recording for case 'b' (sample 0) in new.jsonl");
  });

  it('a run --only some targets says it is not compared, so its exit code is no gate', async () => {
    const cwd = tempProject(files);
    const candidates = await runCli(['run', 'suite.yaml', '--only', 'candidates'], { cwd });
    expect(candidates.code, candidates.stderr).toBe(0);
    expect(candidates.stderr).toContain('not compared: --only runs not the baseline, so this exit code is no gate.');
    expect(candidates.stderr).toContain('pinned compare RUN --against RUN:old');
    const baseline = await runCli(['run', 'suite.yaml', '--only', 'baseline'], { cwd });
    expect(baseline.stderr).toContain('not compared: --only runs no candidate');
    expect((await runCli(['run', 'suite.yaml', '--only', 'baseline', '--no-compare', '--new'], { cwd })).stderr).not.toContain(
      'not compared',
    );
  });

  it('import: a missing --from file, and recorded case ids the suite does not have', async () => {
    const cwd = tempProject({
      ...files,
      'rec.jsonl': '{"case": "a", "output": "A."}\n{"case": "bb", "output": "B."}\n',
      'typo.jsonl': '{"case": "aa", "output": "A."}\n',
    });
    const missing = await runCli(['import', 'suite.yaml', '--target', 'old', '--from', 'logs/old.jsonl'], { cwd });
    expectCleanUsageError(missing, '--from logs/old.jsonl: file not found');
    expect(missing.stderr).toContain('the path is relative to the current folder, not to the suite');

    const stray = await runCli(['import', 'suite.yaml', '--target', 'old', '--from', 'rec.jsonl'], { cwd });
    expect(stray.code, stray.stderr).toBe(0);
    expect(stray.stderr).toContain('missing for 1 case: b');
    expect(stray.stderr).toContain(
      'not imported: rows for 1 case id the suite does not have: bb (a typo, or a case renamed since it was recorded?)',
    );

    const none = await runCli(['import', 'suite.yaml', '--target', 'old', '--from', 'typo.jsonl'], { cwd });
    expectCleanUsageError(none, 'no row of typo.jsonl matches a case of suite.yaml');
    expect(none.stderr).toContain('rows for 1 case id the suite does not have: aa');
  });

  it('a javascript assertion whose function cannot be loaded is a suite error in validate, and a warning in compare', async () => {
    const cwd = tempProject({
      ...files,
      'suite.yaml': replaySuite.replace(
        '  - { id: b, prompt: "B?" }\n',
        '  - { id: b, prompt: "B?", assert: [{ javascript: "checks.mjs#checkB" }] }\n',
      ),
      'checks.mjs': 'export function checkA(output) { return output.length > 0; }\n',
    });
    const result = await runCli(['validate', 'suite.yaml'], { cwd });
    expectCleanUsageError(result, "suite.yaml:9:5: case 'b': javascript checks.mjs#checkB: checks.mjs has no exported function 'checkB'");
    const run = await runCli(['run', 'suite.yaml', '--no-html'], { cwd });
    expect(run.stderr).toContain(
      "warning: javascript checks.mjs#checkB cannot run (checks.mjs has no exported function 'checkB'): it fails on every output of every target",
    );
  });

  it('validate notes a judge or embeddings key that is not set', async () => {
    const cwd = tempProject({
      ...files,
      'suite.yaml': replaySuite
        .replace(
          'cases:\n',
          'judge: { model: gpt-4.1, api_key_env: JUDGE_KEY }\nembeddings: { model: text-embedding-3-small, api_key_env: EMBEDDINGS_KEY }\ncases:\n',
        )
        .replace('  - { id: b, prompt: "B?" }\n', ''),
    });
    const result = await runCli(['validate', 'suite.yaml'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 case, 2 cells per run');
    expect(result.stderr).toContain('note judge: the API key variable JUDGE_KEY is not set');
    expect(result.stderr).toContain('note embeddings: the API key variable EMBEDDINGS_KEY is not set');
    const set = await runCli(['validate', 'suite.yaml'], { cwd, env: { JUDGE_KEY: 'k', EMBEDDINGS_KEY: 'k' } });
    expect(set.stderr).not.toContain('is not set');
    // One case: the only note left is that the gate cannot clear at that size.
    expect(set.stderr).toContain(
      'note: this gate needs 19 cases to return replaceable when every case agrees with the baseline; the suite has 1',
    );
  });
});
