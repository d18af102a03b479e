// The decision table is read in a terminal and in CI logs: one line per candidate within 80
// columns, each figure once.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempProject } from './cli.test-helpers.js';

describe('the decision table', () => {
  it('fits 80 columns and repeats no column', async () => {
    const result = await runCli(['run', join(repoRoot, 'suites/example.yaml'), '--no-html'], { cwd: tempProject({}) });
    const lines = result.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('candidate  decision'));
    expect(header, result.stdout).toBeGreaterThan(0);
    const table = lines.slice(header, header + 3);
    for (const line of table) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(table[0]).toBe('candidate  decision     agrees (CI)    regressed  changed  errors  needed');
    expect(table[1]).toMatch(/^gpt-4\.1 +review +\d+% \(\d+%–\d+%\) +\d+ \(\d+%\) +\d+ +\d+ +\d+$/);
    // Every verdict's count, once, under the candidate's headline.
    expect(result.stdout).toMatch(
      /\n {2}verdicts: \d+ same · \d+ equivalent · \d+ drifted · \d+ changed · \d+ regressed · \d+ improved · \d+ error/,
    );
  });
});
