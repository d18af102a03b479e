// A suite with javascript: assertions runs code: validate loads the modules, run and compare call
// them on every output. validate says so, and a module outside the suite's folder (a path with
// ../ or an absolute one, or a link that leads out) is refused unless the suite allows it.
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './cli.test-helpers.js';

// Importing the module leaves a mark: the test sees whether pinned ran it.
const module = `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./ran', import.meta.url), 'yes');
export function ok() { return true; }
`;

function project(reference: string, extra = ''): string {
  return tempProject({
    'suites/suite.yaml': `name: js
baseline: old
candidates: [new]
${extra}targets:
  old: { replay: old.jsonl }
  new: { replay: old.jsonl }
cases:
  - id: a
    prompt: "A?"
    assert:
      - javascript: ${reference}
`,
    'suites/old.jsonl': '{"case": "a", "output": "A."}\n',
    'suites/checks.mjs': module,
    'shared/checks.mjs': module,
  });
}

describe('javascript assertions', () => {
  it('validate --help says that a suite with javascript assertions runs code', async () => {
    const help = await runCli(['validate', '--help'], { cwd: tempProject({}) });
    expect(help.stdout).toContain('javascript: assertions');
    expect(help.stdout).toContain('executes code');
  });

  it('validate says which modules it ran', async () => {
    const cwd = project('checks.mjs#ok');
    const result = await runCli(['validate', 'suites/suite.yaml'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('runs code: suites/checks.mjs (javascript assertions; loaded by validate, called by run and compare)');
    expect(existsSync(join(cwd, 'suites/ran'))).toBe(true);
  });

  it('a module outside the suite folder is refused, and not run, unless the suite allows it', async () => {
    for (const reference of ['../shared/checks.mjs#ok', 'linked/checks.mjs#ok']) {
      const cwd = project(reference);
      symlinkSync(join(cwd, 'shared'), join(cwd, 'suites/linked'));
      for (const command of ['validate', 'run']) {
        const result = await runCli([command, 'suites/suite.yaml'], { cwd });
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr).toContain(
          `suites/suite.yaml:11:9: cases[0].assert[0]: ${reference.split('#')[0]} is outside the suite's folder`,
        );
        expect(result.stderr).toContain('allow_outside_modules: true');
      }
      expect(existsSync(join(cwd, 'shared/ran')), reference).toBe(false);
    }
    const allowed = project('../shared/checks.mjs#ok', 'allow_outside_modules: true\n');
    expect((await runCli(['validate', 'suites/suite.yaml'], { cwd: allowed })).code).toBe(0);
    expect(existsSync(join(allowed, 'shared/ran'))).toBe(true);
  });
});
