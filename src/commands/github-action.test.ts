import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempProject } from './cli.test-helpers.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: Step[] };
};

/** Fills the ${{ }} expressions the action's env and with blocks use, as the runner would. */
function expand(text: string, inputs: Record<string, string>, outputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (expr.startsWith('inputs.')) return inputs[expr.slice(7)] ?? '';
    if (expr === 'steps.run.outputs.exit-code') return outputs['exit-code'] ?? '';
    if (expr === 'github.action_path') return repoRoot;
    throw new Error(`unexpected expression ${expr}`);
  });
}

describe('the composite GitHub Action (action.yml)', () => {
  it('declares every input it uses, and never pastes an input into a script', () => {
    expect(action.runs.using).toBe('composite');
    const text = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    for (const [, name] of text.matchAll(/inputs\.([\w-]+)/g)) expect(Object.keys(action.inputs)).toContain(name);
    for (const step of action.runs.steps.filter((s) => s.run)) {
      expect(step.shell).toBe('bash');
      expect(step.run).not.toContain('${{');
    }
    expect(action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.if).toMatch(/^always\(\)/);
  });

  it('runs the suite, appends the summary, then fails the step with the gate’s exit code', () => {
    const cwd = tempProject({});
    const files = { output: join(cwd, 'github-output'), summary: join(cwd, 'step-summary') };
    writeFileSync(files.summary, '# earlier step\n');
    const inputs: Record<string, string> = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']),
    );
    inputs.suite = join(repoRoot, 'suites/example.yaml');
    inputs.args = '--concurrency 4 --new';
    const outputs: Record<string, string> = {};
    const GITHUB = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '42' };
    const results: Record<string, { status: number | null; stdout: string }> = {};
    // npm test has built dist/ already; the install step and the uses: steps belong to the runner.
    for (const step of action.runs.steps.filter((s) => s.run && s.name !== 'Install pinned')) {
      const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, expand(value, inputs, outputs)]));
      const result = spawnSync('bash', ['-e', '-c', step.run!], {
        cwd,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NO_COLOR: '1',
          GITHUB_ACTION_PATH: repoRoot,
          GITHUB_OUTPUT: files.output,
          GITHUB_STEP_SUMMARY: files.summary,
          ...GITHUB,
          ...env,
        },
      });
      results[step.name!] = { status: result.status, stdout: result.stdout };
      for (const line of readFileSync(files.output, 'utf8').split('\n'))
        if (line.includes('=')) outputs[line.split('=')[0]!] = line.slice(line.indexOf('=') + 1);
    }
    expect(results['Run pinned']).toMatchObject({ status: 0 });
    expect(results['Run pinned']!.stdout).toContain('HTML report: pinned-report/report.html');
    expect(outputs['exit-code']).toBe('1');
    const summary = readFileSync(files.summary, 'utf8');
    expect(summary.startsWith('# earlier step\n## pinned: support-replies, run 1')).toBe(true);
    expect(summary).toContain(
      "Full report (HTML, side-by-side diffs): pinned-report/report.html, in the [run's artifacts](https://github.com/acme/app/actions/runs/42#artifacts)",
    );
    expect(readFileSync(join(cwd, 'pinned-report/junit.xml'), 'utf8')).toContain('<testsuites');
    expect(results['Apply the gate']).toMatchObject({ status: 1 });
    expect(results['Apply the gate']!.stdout).toContain('::error title=pinned::the gate failed');
  });
});
