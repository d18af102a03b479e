import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempProject } from './cli.test-helpers.js';

describe('pinned (the command line)', () => {
  it('prints its version', async () => {
    const result = await runCli(['--version'], { cwd: repoRoot });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('shows examples in every command help', async () => {
    // Every command the top-level help lists, so a new command cannot ship without examples.
    const help = await runCli(['--help'], { cwd: repoRoot });
    const commands = [
      ...help.stdout
        .split('Commands:')[1]!
        .split('\n\n')[0]!
        .matchAll(/^ {2}([a-z-]+)/gm),
    ]
      .map((m) => m[1]!)
      .filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['run', 'estimate', 'init', 'compare', 'validate', 'import', 'runs', 'report']));
    for (const command of commands) {
      const result = await runCli([command, '--help'], { cwd: repoRoot });
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toContain('Example');
      expect(result.stdout, command).toContain(`  pinned ${command}`);
    }
  });

  it('exits 2 on a usage mistake', async () => {
    const unknown = await runCli(['rnu', 'suite.yaml'], { cwd: repoRoot });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'rnu'");
    const badNumber = await runCli(['run', 'suites/example.yaml', '--concurrency', 'lots'], { cwd: repoRoot });
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain("--concurrency takes a whole number >= 1, got 'lots'");
    const badCost = await runCli(['run', 'suites/example.yaml', '--max-cost', 'cheap'], { cwd: repoRoot });
    expect(badCost.code).toBe(2);
    expect(badCost.stderr).toContain("--max-cost takes an amount in USD >= 0, e.g. 5 or 0.5, got 'cheap'");
    const badOnly = await runCli(['run', join(repoRoot, 'suites/example.yaml'), '--only', 'gpt-5'], { cwd: tempProject({}) });
    expect(badOnly.code).toBe(2);
    expect(badOnly.stderr).toContain("--only gpt-5: the suite has no target 'gpt-5'");
  });

  it('reports suite mistakes as file:line:col with the fix, and exits 2 without creating a run', async () => {
    const cwd = tempProject({
      'suite.yaml': `name: broken
baseline: gpt-4-0314
candidates: [gpt-4.1]
targets:
  gpt-4-0314:
    model: gpt-4-0314
    concurrancy: 4
  gpt-4.1:
    model: gpt-4.1
cases:
  - id: a
    prompt: "Hello {{name}}"
`,
    });
    for (const command of ['validate', 'run']) {
      const result = await runCli([command, 'suite.yaml'], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("suite.yaml:7:5: targets.gpt-4-0314: unknown key 'concurrancy'");
      expect(result.stderr).toContain("did you mean 'concurrency'?");
      expect(result.stderr).toContain("suite.yaml:11:5: case 'a': no value for {{name}}");
      expect(result.stderr).toContain('the suite has 2 problems');
    }
  });

  it('validates a good suite, noting keys that are not set without failing', async () => {
    const result = await runCli(['validate', join(repoRoot, 'suites/example.yaml')], { cwd: repoRoot });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("suite 'support-replies' is valid");
    expect(result.stdout).toContain('14 cases, 56 cells per run');
  });

  it('lists runs', async () => {
    const cwd = tempProject({});
    await runCli(['run', join(repoRoot, 'suites/example.yaml')], { cwd });
    const result = await runCli(['runs'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/1\s+support-replies\s+run\s+completed\s+56\/56/);
    const json = await runCli(['runs', '--json'], { cwd });
    expect(JSON.parse(json.stdout)[0].counts).toEqual({ ok: 56, error: 0, missing: 0, total: 56 });
  });
});
