// When there is nothing to compare, pinned says why in the user's terms.
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './cli.test-helpers.js';

const files = (candidates: string) => ({
  'suite.yaml': `name: lineup
baseline: old
candidates: ${candidates}
targets:
  old: { replay: old.jsonl }
  new: { replay: new.jsonl }
cases:
  - { id: a, prompt: "A?" }
`,
  'old.jsonl': '{"case": "a", "output": "A."}\n',
  'new.jsonl': '{"case": "a", "output": "A!"}\n',
});

describe('nothing to compare', () => {
  it('a suite with candidates: [] says it has no candidate, without blaming --only', async () => {
    const result = await runCli(['run', 'suite.yaml'], { cwd: tempProject(files('[]')) });
    expect(result.code).toBe(0);
    expect(result.stderr + result.stdout).not.toContain('--only');
    expect(result.stderr).toContain('not compared: the suite has no candidate (candidates: []), so this exit code is no gate');
  });
});

describe('--against', () => {
  it('refuses to compare a candidate with itself', async () => {
    const cwd = tempProject(files('[new]'));
    expect((await runCli(['run', 'suite.yaml', '--no-compare'], { cwd })).code).toBe(0);
    const result = await runCli(['compare', '1', '--against', '1:new'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--against 1:new: new is a candidate of run 1 itself, and a candidate compared with itself says nothing',
    );
    expect(result.stdout).not.toContain('compared with');
    // Its outputs in another run are a fair baseline.
    expect((await runCli(['run', 'suite.yaml', '--new', '--no-compare'], { cwd })).code).toBe(0);
    expect((await runCli(['compare', '2', '--against', '1:new'], { cwd })).stdout).toContain('compared with new (run 1)');
  });
});
