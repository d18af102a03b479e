import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempProject } from './cli.test-helpers.js';

describe('pinned init (built CLI)', () => {
  it('writes a starter suite that passes pinned validate and the JSON Schema, a workflow and .gitignore entries', async () => {
    const cwd = tempProject({});
    const result = await runCli(['init'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('created  suites/starter.yaml');
    expect(result.stdout).toContain('created  .github/workflows/pinned.yml');
    expect(result.stdout).toContain('created  .gitignore (+ .pinned/, reports/)');
    expect(result.stdout).not.toContain('  cd ');
    expect(result.stdout).toContain('  pinned run suites/starter.yaml');
    expect(readFileSync(join(cwd, '.gitignore'), 'utf8')).toMatch(/^\.pinned\/\nreports\/\n$/m);

    const validate = await runCli(['validate', 'suites/starter.yaml'], { cwd });
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain("suite 'starter' is valid");
    expect(validate.stdout).toContain('3 cases');
    expect(validate.stdout).toContain('baseline:   gpt-4-0314 (gpt-4-0314 at https://api.cometapi.com/v1)');

    const suite = readFileSync(join(cwd, 'suites/starter.yaml'), 'utf8');
    const schemaUrl = /^# yaml-language-server: \$schema=(\S+)/.exec(suite)![1]!;
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/suite.schema.json'), 'utf8'));
    expect(schemaUrl).toBe(schema.$id);
    const check = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);
    expect(check(parse(suite)) ? [] : check.errors).toEqual([]);

    const workflow = parse(readFileSync(join(cwd, '.github/workflows/pinned.yml'), 'utf8'));
    const steps = workflow.jobs.pinned.steps as Array<{ run?: string; env?: Record<string, string> }>;
    expect(steps.find((step) => step.run?.includes('pinned run'))).toMatchObject({
      run: expect.stringContaining('suites/starter.yaml'),
      env: { COMETAPI_KEY: '${{ secrets.COMETAPI_KEY }}' },
    });
    // Three cases can never clear a gate that needs 59: init says so, and the workflow is green on review.
    expect(result.stdout).toContain(
      'note: this gate needs 59 cases to return replaceable when every case agrees with the baseline; the suite has 3',
    );
    expect(validate.stderr).toContain(
      'this gate needs 59 cases to return replaceable when every case agrees with the baseline; the suite has 3',
    );
  });

  it('writes a workflow step that passes on review (exit 3) with a warning, and fails on keep-pinned and errors', async () => {
    const cwd = tempProject({});
    await runCli(['init'], { cwd });
    const workflow = parse(readFileSync(join(cwd, '.github/workflows/pinned.yml'), 'utf8'));
    const script = (workflow.jobs.pinned.steps as Array<{ run?: string }>).find((step) => step.run?.includes('pinned run'))!.run!;
    // A stand-in for npx that exits as pinned would, run by bash as a GitHub runner does.
    const bin = join(cwd, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npx'), '#!/bin/sh\necho "pinned $*"\nexit "$PINNED_EXIT"\n');
    chmodSync(join(bin, 'npx'), 0o755);
    const step = (exit: number) =>
      spawnSync('bash', ['-e', '-c', script], {
        cwd,
        env: { PATH: `${bin}:${process.env.PATH}`, PINNED_EXIT: String(exit) },
        encoding: 'utf8',
      });
    const review = step(3);
    expect(review.status).toBe(0);
    expect(review.stdout).toContain('::warning title=pinned needs more evidence::');
    expect(step(0).status).toBe(0);
    expect(step(1).status).toBe(1);
    expect(step(4).status).toBe(4);
  });

  it('never overwrites: existing files are skipped and reported, .gitignore only gains missing lines', async () => {
    const cwd = tempProject({ 'app/suites/starter.yaml': 'name: mine\n', 'app/.gitignore': 'node_modules\n/.pinned' });
    const result = await runCli(['init', 'app'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('skipped  app/suites/starter.yaml (exists; left as it is)');
    expect(result.stdout).toContain('created  app/.github/workflows/pinned.yml');
    expect(result.stdout).toContain('updated  app/.gitignore (+ reports/)');
    // The next steps run from the project, where the workflow and .gitignore expect .pinned/ and reports/.
    expect(result.stdout).toContain('next:\n  cd app\n');
    expect(result.stdout).toContain('\n  pinned run suites/starter.yaml\n');
    expect(readFileSync(join(cwd, 'app/suites/starter.yaml'), 'utf8')).toBe('name: mine\n');
    const gitignore = readFileSync(join(cwd, 'app/.gitignore'), 'utf8');
    expect(gitignore.startsWith('node_modules\n/.pinned\n')).toBe(true);
    expect(gitignore.match(/\.pinned/g)).toHaveLength(1);
    expect(gitignore).toContain('\nreports/\n');

    writeFileSync(join(cwd, 'app/.github/workflows/pinned.yml'), 'edited\n');
    const again = await runCli(['init', 'app'], { cwd });
    expect(again.stdout).toContain('skipped  app/.github/workflows/pinned.yml');
    expect(again.stdout).toContain('skipped  app/.gitignore (already ignores .pinned/ and reports/)');
    expect(readFileSync(join(cwd, 'app/.github/workflows/pinned.yml'), 'utf8')).toBe('edited\n');
    expect(readFileSync(join(cwd, 'app/.gitignore'), 'utf8')).toBe(gitignore);
  });
});
