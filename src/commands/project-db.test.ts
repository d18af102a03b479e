// Where the project's database is when no --db or PINNED_DB says: found upward from the current
// folder, like git finds .git, so a run from a subfolder continues the project's runs.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { query, runCli, tempProject, replayHead } from './cli.test-helpers.js';

const suite = `${replayHead('upward')}cases:
  - { id: a, prompt: "A?" }
  - { id: b, prompt: "B?" }
`;
const recording = '{"case": "a", "output": "A."}\n{"case": "b", "output": "B."}\n';
const files = { 'suites/x.yaml': suite, 'suites/old.jsonl': recording, 'suites/new.jsonl': recording };

describe("the project's database", () => {
  it('is found upward from a subfolder: a run there continues the runs made at the top', async () => {
    const cwd = tempProject(files);
    mkdirSync(join(cwd, '.git'));
    expect((await runCli(['run', 'suites/x.yaml', '--no-compare'], { cwd })).code).toBe(0);
    const suites = join(cwd, 'suites');
    const again = await runCli(['run', 'x.yaml', '--no-compare'], { cwd: suites });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('0 to send, 4 reused from earlier runs');
    expect(existsSync(join(suites, '.pinned'))).toBe(false);
    expect(query(join(cwd, '.pinned/pinned.db'), 'SELECT id FROM runs')).toEqual([{ id: 1 }, { id: 2 }]);
    const runs = await runCli(['runs'], { cwd: join(suites) });
    expect(runs.stdout).toMatch(/2\s+upward\s+run\s+completed/);
    expect(runs.stdout).toMatch(/1\s+upward\s+run\s+completed/);
  });

  it("is created at the git repository's top when none exists yet, wherever in it the first run starts", async () => {
    const cwd = tempProject(files);
    mkdirSync(join(cwd, '.git'));
    expect((await runCli(['run', 'x.yaml', '--no-compare'], { cwd: join(cwd, 'suites') })).code).toBe(0);
    expect(existsSync(join(cwd, '.pinned/pinned.db'))).toBe(true);
    expect(existsSync(join(cwd, 'suites/.pinned'))).toBe(false);
  });

  it('is not looked for above the git repository it is in, and outside one is created in the current folder', async () => {
    const outer = tempProject({ '.pinned/pinned.db': '' });
    const inner = join(outer, 'repo');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(inner, path, '..'), { recursive: true });
      writeFileSync(join(inner, path), text);
    }
    mkdirSync(join(inner, '.git'));
    expect((await runCli(['run', 'suites/x.yaml', '--no-compare'], { cwd: inner })).code).toBe(0);
    expect(existsSync(join(inner, '.pinned/pinned.db'))).toBe(true);

    const plain = tempProject(files);
    expect((await runCli(['run', 'x.yaml', '--no-compare'], { cwd: join(plain, 'suites') })).code).toBe(0);
    expect(existsSync(join(plain, 'suites/.pinned/pinned.db'))).toBe(true);
  });

  it('--db and PINNED_DB still win', async () => {
    const cwd = tempProject(files);
    mkdirSync(join(cwd, '.pinned'));
    const suites = join(cwd, 'suites');
    expect((await runCli(['run', 'x.yaml', '--no-compare', '--db', 'flag.db'], { cwd: suites })).code).toBe(0);
    expect((await runCli(['run', 'x.yaml', '--no-compare'], { cwd: suites, env: { PINNED_DB: 'env.db' } })).code).toBe(0);
    expect(existsSync(join(suites, 'flag.db'))).toBe(true);
    expect(existsSync(join(suites, 'env.db'))).toBe(true);
    expect(existsSync(join(cwd, '.pinned/pinned.db'))).toBe(false);
  });
});
