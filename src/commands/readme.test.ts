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
