// The README promises that a test that cannot run here (no Chromium, no corpus) says why: vitest
// only counts skipped tests, so our reporter lists them with the reason their name carries.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './commands/cli.test-helpers.js';

it('the test output says why tests were skipped', () => {
  const root = mkdtempSync(join(tmpdir(), 'pinned-skips-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(
    join(root, 'src/demo.test.ts'),
    `import { describe, expect, it } from 'vitest';
describe.skipIf(true)('needs a thing [skipped: no thing here; install it]', () => {
  it('uses it', () => expect(1).toBe(1));
  it('uses it again', () => expect(1).toBe(1));
});
it('runs', () => expect(1).toBe(1));
`,
  );
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root, '--config', join(repoRoot, 'vitest.config.ts')],
    { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } },
  );
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toContain('skipped tests, and why:\n  2 skipped in src/demo.test.ts: no thing here; install it\n');
});
