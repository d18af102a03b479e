// What changed since last time: pinned compare --since RUN (this database) and --since-db PATH
// (another one, such as main's cached database), the Markdown summary leading with it, the HTML
// report's trend over the suite's runs, and pinned runs with each run's decisions and cost.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleProject, runCli } from './cli.test-helpers.js';

/** gpt-4o gets partial-refund right and is cut off on password-reset: one fixed, one new regression. */
function changeGpt4o(cwd: string): void {
  const file = join(cwd, 'fixtures/recordings/example/gpt-4o.jsonl');
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  for (const row of rows) {
    if (row.case === 'partial-refund') row.output = 'Refund: $25.00 − 10% of $25.00 = $22.50.\n\nRefund: $22.50';
    if (row.case === 'password-reset') row.finish_reason = 'length';
  }
  writeFileSync(file, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
}

describe('what changed since last time (built CLI)', () => {
  it('--since-db: new and fixed regressions against another database, leading the Markdown summary; the trend and pinned runs', async () => {
    const cwd = exampleProject();
    expect((await runCli(['run', 'suites/example.yaml', '--no-html'], { cwd })).code).toBe(1);
    // main's database, as a CI cache would restore it.
    copyFileSync(join(cwd, '.pinned/pinned.db'), join(cwd, 'main.db'));
    changeGpt4o(cwd);
    const run = await runCli(
      ['run', 'suites/example.yaml', '--new', '--since-db', 'main.db', '--md', 'summary.md', '--html', 'report.html'],
      {
        cwd,
      },
    );
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('since run 1 of main.db: 1 new regression, 1 fixed, 0 other verdicts moved');
    expect(run.stdout).toContain('  gpt-4o: keep-pinned; 1 new regressions, 1 fixed, 0 moved');
    expect(run.stdout).toContain('    new regressions: password-reset');
    expect(run.stdout).toContain('    fixed: partial-refund');
    expect(run.stdout).toContain('  gpt-4.1: review; 0 new regressions, 0 fixed, 0 moved');

    const md = readFileSync(join(cwd, 'summary.md'), 'utf8');
    expect(md.split('\n').slice(0, 6)).toEqual([
      '## pinned: support-replies, run 2',
      '',
      '**Since run 1 of main.db: 1 new regression, 1 fixed, 0 other verdicts moved.**',
      '',
      '- **gpt-4.1** (review): no verdict moved',
      '- **gpt-4o** (keep-pinned): new regressions: password-reset; fixed: partial-refund',
    ]);

    // The HTML report: the same changes, and the suite's two runs side by side.
    const html = readFileSync(join(cwd, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Since run 1 of main.db: 1 new regression, 1 fixed, 0 other verdicts moved</h2>');
    expect(html).toContain('data-fig="trend"');
    expect(html).toMatch(/<tr data-trend="gpt-4o:regressed">.*<td class="n">3<\/td><td class="n">3<\/td><\/tr>/);
    expect(html).toMatch(/<tr data-trend="gpt-4.1:agreement">.*<td class="n">90%<\/td><td class="n">90%<\/td><\/tr>/);
    expect(html).toMatch(/<tr data-trend="gpt-4o:cost">.*<td class="n">\$0\.0\d+<\/td>/);

    const runs = await runCli(['runs'], { cwd });
    expect(runs.stdout).toMatch(/ 2 +support-replies +run +completed .*\$0\.1\d+ +gpt-4\.1 review, gpt-4o keep-pinned/);
    const json = JSON.parse((await runCli(['runs', '--json'], { cwd })).stdout) as Array<{ decisions: unknown[]; costUsd: number }>;
    expect(json[0]).toMatchObject({
      decisions: [
        { candidate: 'gpt-4.1', decision: 'review' },
        { candidate: 'gpt-4o', decision: 'keep-pinned' },
      ],
    });
    expect(json[0]!.costUsd).toBeGreaterThan(0);
  });

  it('--since RUN in the same database, and what it refuses', async () => {
    const cwd = exampleProject();
    await runCli(['run', 'suites/example.yaml', '--no-html'], { cwd });
    changeGpt4o(cwd);
    await runCli(['run', 'suites/example.yaml', '--new', '--no-html'], { cwd });
    const since = await runCli(['compare', '--since', '1'], { cwd });
    expect(since.stdout).toContain('since run 1: 1 new regression, 1 fixed, 0 other verdicts moved');
    expect((await runCli(['compare', '2', '--since', '2'], { cwd })).stderr).toContain(
      '--since 2 is the run being compared: name an earlier run',
    );
    expect((await runCli(['compare', '--since', '9'], { cwd })).stderr).toContain('--since 9: no such run');
    expect((await runCli(['compare', '--since-db', 'nope.db'], { cwd })).stderr).toContain('--since-db nope.db: no such database');
    // --since-db naming this very database is --since its latest earlier compared run, not the run itself.
    const self = await runCli(['compare', '--since-db', '.pinned/pinned.db'], { cwd });
    expect(self.stdout).toContain('since run 1: 1 new regression, 1 fixed, 0 other verdicts moved');
  });
});

describe('the gate on cost and latency (built CLI)', () => {
  it('max_cost_ratio and max_p95_latency_ratio in the suite or as gate flags, reported with the decision', async () => {
    const cwd = exampleProject();
    const suite = join(cwd, 'suites/example.yaml');
    writeFileSync(
      suite,
      readFileSync(suite, 'utf8').replace('  max_regression_rate: 0.05\n', '  max_regression_rate: 0.05\n  max_cost_ratio: 0.12\n'),
    );
    const run = await runCli(['run', 'suites/example.yaml', '--no-html', '--md', 'summary.md'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("gpt-4o: keep-pinned — its cost per answer is 17% of the baseline's (gate: max_cost_ratio 12%)");
    expect(run.stdout).toContain("  cost and latency: cost per answer 10% of the baseline's (gate ≤ 12%)");
    expect(readFileSync(join(cwd, 'summary.md'), 'utf8')).toContain("cost per answer at most 12% of the baseline's");
    const flags = await runCli(['compare', '--max-cost-ratio', '1', '--max-p95-latency-ratio', '0.3', '--json', '-'], { cwd });
    const json = JSON.parse(flags.stdout) as {
      gate: Record<string, number>;
      candidates: Array<{ candidate: string; decision: string; reasons: string[]; budget: { costRatio: number } }>;
    };
    expect(json.gate).toMatchObject({ maxCostRatio: 1, maxP95LatencyRatio: 0.3 });
    const gpt41 = json.candidates.find((d) => d.candidate === 'gpt-4.1')!;
    expect(gpt41.decision).toBe('keep-pinned');
    expect(gpt41.reasons[0]).toMatch(/^its p95 latency is \d+% of the baseline's \(gate: max_p95_latency_ratio 30%\)$/);
    expect(gpt41.budget.costRatio).toBeCloseTo(0.1, 2);
    const bad = await runCli(['compare', '--max-cost-ratio', '0'], { cwd });
    expect(bad.code).toBe(2);
  });
});
