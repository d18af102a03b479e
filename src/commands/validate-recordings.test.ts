// validate reads replay recordings as run would, and reports every bad row as file:line:col;
// a replay path that leads out of the project is refused before anything is read; and no error
// quotes the content of a file that is not a recording.
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './cli.test-helpers.js';

function project(replay: string, recording: string): string {
  return tempProject({
    'package.json': '{}',
    'suites/suite.yaml': `name: rec
baseline: old
candidates: [new]
targets:
  old: { replay: ${replay} }
  new: { replay: good.jsonl }
cases:
  - { id: a, prompt: "A?" }
  - { id: b, prompt: "B?" }
`,
    'suites/good.jsonl': '{"case": "a", "output": "A."}\n{"case": "b", "output": "B."}\n',
    'suites/old.jsonl': recording,
  });
}

describe('validate and recordings', () => {
  it('reports every bad row of a recording with file:line:col, and run names them all too', async () => {
    const cwd = project(
      'old.jsonl',
      [
        '{"case": "a", "output": "A."}',
        'this is not json',
        '{"case": "b", "output": 42}',
        '',
        '{"case": "b", "output": "B.", "sample": -1}',
      ].join('\n'),
    );
    const result = await runCli(['validate', 'suites/suite.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('suites/old.jsonl:2:1: not valid JSON');
    expect(result.stderr).toContain(`suites/old.jsonl:3:1: "output" must be a string (case 'b')`);
    expect(result.stderr).toContain(`suites/old.jsonl:5:1: "sample" must be an integer >= 0 (case 'b')`);
    expect(result.stderr).not.toContain('this is not json');
    const run = await runCli(['run', 'suites/suite.yaml'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('suites/old.jsonl:2:1: not valid JSON');
    expect(run.stderr).toContain('suites/old.jsonl:5:1:');
  });

  it('a replay path outside the project is refused without reading it', async () => {
    const result = await runCli(['validate', 'suites/suite.yaml'], { cwd: project('../../../../../../../../etc/passwd', '') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('suites/suite.yaml:5:18: targets.old.replay: /etc/passwd is outside the project');
    expect(result.stderr).not.toMatch(/root:/);
  });

  it('a file that is not a recording is named, never quoted', async () => {
    const secret = 'DATABASE_PASSWORD=hunter2-very-secret';
    const cwd = project('notes.txt', '');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${cwd}/suites/notes.txt`, `# notes\n${secret}\n{"not": "a row", "password": "${secret}"}\n`);
    for (const command of ['validate', 'run']) {
      const result = await runCli([command, 'suites/suite.yaml'], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('suites/notes.txt:1:1: not valid JSON');
      expect(result.stderr).not.toContain('hunter2');
      expect(result.stderr).not.toContain('password');
    }
  });
});
