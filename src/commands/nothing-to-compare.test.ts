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
