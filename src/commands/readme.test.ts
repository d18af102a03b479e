// The README's suite example is what users paste first: it must pass `pinned validate` as written
// (with the two files it names next to it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempProject } from './cli.test-helpers.js';

describe('README', () => {
  it('its "Suite format" example passes pinned validate', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const suite = [...readme.matchAll(/```yaml\n(.*?)```/gs)].map((m) => m[1]!).find((block) => block.startsWith('name: support-replies'));
    expect(suite, 'the README has a yaml block starting with name: support-replies').toBeDefined();
    const cwd = tempProject({
      'suite.yaml': suite!,
      'recordings/gpt-4-0314.jsonl': '{"case": "refund-window", "output": "Store credit after 30 days."}\n',
      'cases/more.jsonl': '{"text": "I love it"}\n',
    });
    const result = await runCli(['validate', 'suite.yaml'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("suite 'support-replies' is valid");
  });
});

describe('README and init agree on CI and on installing pinned', () => {
  it('the README shows exactly the workflow pinned init writes', async () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const cwd = tempProject({});
    expect((await runCli(['init'], { cwd })).code).toBe(0);
    const written = readFileSync(join(cwd, '.github/workflows/pinned.yml'), 'utf8');
    const shown = [...readme.matchAll(/```yaml\n(.*?)```/gs)].map((m) => m[1]!).find((block) => block.includes('\nname: pinned\n'));
    expect(shown, 'the README shows the workflow').toBe(written);
  });

  it('nothing tells a user to fetch pinned from the npm registry, where the name is not ours', () => {
    for (const file of ['README.md', 'action.yml', 'src/suite/starter-files.ts', 'src/cli.ts']) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      expect(text, file).not.toMatch(/npx pinned|npm (install|i) (-g|--global) pinned|npm install pinned\b/);
    }
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('npm install --save-dev github:pinned-dev/pinned#');
    expect(readme).toContain('python3, make and a C++ compiler');
  });
});
