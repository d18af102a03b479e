import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server/server.js';
import { repoRoot, runCli, tempProject } from './cli.test-helpers.js';

const example = join(repoRoot, 'suites/example.yaml');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ recordRequests: true });
});
afterAll(() => server.close());

describe('reports from the command line (end to end)', () => {
  it('pinned run writes the HTML report to reports/<suite>-<run>.html and prints where', async () => {
    const cwd = tempProject({});
    const result = await runCli(['run', example, '--no-progress'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('HTML report: reports/support-replies-1.html');
    expect(readFileSync(join(cwd, 'reports/support-replies-1.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    // The terminal lists the critical regressions first.
    expect(result.stdout).toMatch(/gpt-4o: keep-pinned[^\n]*\n {2}verdicts: [^\n]*\n {2}regressed escalate-chargeback \(critical\)/);

    const chosen = await runCli(['run', example, '--new', '--html', 'out/r.html', '--md', 'out/summary.md', '--junit', 'out/junit.xml'], {
      cwd,
    });
    expect(chosen.code).toBe(1);
    expect(chosen.stdout).toContain('HTML report: out/r.html');
    expect(readFileSync(join(cwd, 'out/summary.md'), 'utf8')).toContain('Full report (HTML, side-by-side diffs): out/r.html');
    expect(XMLValidator.validate(readFileSync(join(cwd, 'out/junit.xml'), 'utf8'))).toBe(true);
    expect(existsSync(join(cwd, 'reports/support-replies-2.html'))).toBe(false);

    const none = await runCli(['run', example, '--new', '--no-html'], { cwd: tempProject({}) });
    expect(none.code).toBe(1);
    expect(none.stdout).not.toContain('HTML report');
  });

  it('pinned report writes any format for the latest run from its stored comparison, and exits 0', async () => {
    const cwd = tempProject({});
    await runCli(['run', example, '--no-html'], { cwd });
    const result = await runCli(
      ['report', '--md', 'summary.md', '--json', 'comparison.json', '--junit', 'junit.xml', '--html', 'report.html'],
      { cwd },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/gpt-4o\s+keep-pinned/);
    for (const line of [
      'HTML report: report.html',
      'Markdown summary: summary.md',
      'JSON comparison: comparison.json',
      'JUnit XML: junit.xml',
    ])
      expect(result.stdout).toContain(line);
    expect(readFileSync(join(cwd, 'summary.md'), 'utf8')).toContain('## pinned: support-replies, run 1');
    expect(JSON.parse(readFileSync(join(cwd, 'comparison.json'), 'utf8')).comparison.id).toBe(1);
    expect(readFileSync(join(cwd, 'junit.xml'), 'utf8')).toContain('<testsuite name="gpt-4o"');
    expect(readFileSync(join(cwd, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);

    const plain = await runCli(['report', '1'], { cwd });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('HTML report: reports/support-replies-1.html');
    expect(existsSync(join(cwd, 'reports/support-replies-1.html'))).toBe(true);

    writeFileSync(join(cwd, 'a-file'), '');
    const unwritable = await runCli(['report', '--md', 'a-file/summary.md'], { cwd });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('cannot write the Markdown summary to a-file/summary.md');

    const missing = await runCli(['report', '9'], { cwd });
    expect(missing.code).toBe(2);
    const empty = await runCli(['report'], { cwd: tempProject({}) });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('there are no runs');
  });

  it('pinned report compares a run that was never compared, without asking its judge', async () => {
    server.configure({
      script: [
        { model: 'old-model', content: 'Refunds are possible within 30 days of delivery; after that we offer store credit.' },
        { model: 'new-model', content: 'Sure: during the first month you get your money back; later on, a voucher.' },
      ],
    });
    const cwd = tempProject({
      'suite.yaml': `name: never compared
baseline: old
candidates: [new]
targets:
  old: { model: old-model, base_url: "${server.url}", api_key_env: TEST_KEY }
  new: { model: new-model, base_url: "${server.url}", api_key_env: TEST_KEY }
judge: { model: judge-model, base_url: "${server.url}", api_key_env: TEST_KEY }
cases:
  - { id: refund, prompt: "Can I get a refund?" }
`,
    });
    const run = await runCli(['run', 'suite.yaml', '--no-compare'], { cwd, env: { TEST_KEY: 'sk-test' } });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('HTML report');
    server.requests.length = 0;
    const result = await runCli(['report', '--md', 'summary.md'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('run 1 has no stored comparison: comparing it now from local evidence');
    expect(result.stderr).toContain('pinned compare asks it');
    expect(server.requests).toHaveLength(0);
    expect(readFileSync(join(cwd, 'summary.md'), 'utf8')).toContain('## pinned: never compared, run 1');
  });

  it("writes a report given as '-' to stdout, alone there, and creates no file named '-'", async () => {
    const cwd = tempProject({});
    const run = await runCli(['run', example, '--no-html', '--json', '-'], { cwd });
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).comparison.id).toBe(1);
    // What usually goes to stdout (the run summary, the decisions) goes to stderr instead.
    expect(run.stderr).toMatch(/gpt-4o\s+keep-pinned/);

    const compare = await runCli(['compare', '--json', '-'], { cwd });
    expect(compare.code, compare.stderr).toBe(1);
    expect(JSON.parse(compare.stdout).comparison.id).toBe(2);
    expect(compare.stderr).toMatch(/gpt-4o\s+keep-pinned/);

    const report = await runCli(['report', '--md', '-', '--html', 'report.html'], { cwd });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^## pinned: support-replies, run 1/);
    expect(report.stderr).toContain('HTML report: report.html');
    expect(existsSync(join(cwd, 'report.html'))).toBe(true);

    const junit = await runCli(['report', '--junit', '-'], { cwd });
    expect(XMLValidator.validate(junit.stdout)).toBe(true);

    const two = await runCli(['report', '--md', '-', '--json', '-'], { cwd });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("only one report can go to stdout ('-'): --md and --json both ask for it");
    expect(existsSync(join(cwd, '-'))).toBe(false);
  });
});
