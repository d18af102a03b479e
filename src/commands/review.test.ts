// Reviews as evidence that lasts: `pinned review RUN --accept/--reject` writes the review file
// next to the suite, `pinned compare` reads it as evidence (verdict, decision, gate), and a review
// lapses when an output it approved changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exampleProject, runCli } from './cli.test-helpers.js';

interface Json {
  candidates: Array<{
    candidate: string;
    decision: string;
    reviewed?: { accepted: number; rejected: number };
    criticalRegressions: string[];
  }>;
  cases: Array<{
    case: string;
    candidate: string;
    verdict: string;
    confirmed: boolean;
    reasons: string[];
    review?: { by: string };
    lapsedReview?: unknown;
  }>;
}

async function compareJson(cwd: string): Promise<{ code: number | null; json: Json; stderr: string }> {
  const result = await runCli(['compare', '--json', '-', '--db', 'p.db'], { cwd });
  return { code: result.code, json: JSON.parse(result.stdout) as Json, stderr: result.stderr };
}

describe('pinned review --accept / --reject (built CLI)', () => {
  it('writes the review file next to the suite; compare takes it as evidence, in the verdict and the gate', async () => {
    const cwd = exampleProject();
    expect((await runCli(['run', 'suites/example.yaml', '--db', 'p.db', '--no-html'], { cwd })).code).toBe(1);
    const before = await compareJson(cwd);
    expect(before.json.candidates.find((d) => d.candidate === 'gpt-4.1')?.decision).toBe('review');

    const reject = await runCli(
      [
        'review',
        '1',
        '--db',
        'p.db',
        '--reject',
        'refund-window',
        '--candidate',
        'gpt-4.1',
        '--note',
        'drops the 90-day limit',
        '--by',
        'Ada',
      ],
      { cwd },
    );
    expect(reject.code, reject.stderr).toBe(0);
    expect(reject.stdout).toContain('rejected refund-window for gpt-4.1 (was equivalent) by Ada: written to suites/example.reviews.yaml');
    const accept = await runCli(['review', '--db', 'p.db', '--accept', 'lost-suitcase-key', '--candidate', 'gpt-4o', '--by', 'Grace'], {
      cwd,
    });
    expect(accept.code, accept.stderr).toBe(0);

    const file = parse(readFileSync(join(cwd, 'suites/example.reviews.yaml'), 'utf8')) as { reviews: Array<Record<string, string>> };
    expect(file.reviews.map((r) => [r.case, r.candidate, r.decision, r.by])).toEqual([
      ['lost-suitcase-key', 'gpt-4o', 'accept', 'Grace'],
      ['refund-window', 'gpt-4.1', 'reject', 'Ada'],
    ]);
    expect(file.reviews[1]).toMatchObject({ note: 'drops the 90-day limit', baseline_output: expect.stringMatching(/^[0-9a-f]{16}$/) });

    const after = await compareJson(cwd);
    const refund = after.json.cases.find((c) => c.case === 'refund-window' && c.candidate === 'gpt-4.1')!;
    expect(refund).toMatchObject({ verdict: 'regressed', confirmed: true, review: { by: 'Ada' } });
    expect(refund.reasons[0]).toMatch(/^regressed by review: rejected by Ada on \d{4}-\d\d-\d\d: drops the 90-day limit$/);
    // refund-window is a billing case, which the gate holds critical: one rejection keeps gpt-4.1 pinned.
    expect(after.json.candidates.find((d) => d.candidate === 'gpt-4.1')).toMatchObject({
      decision: 'keep-pinned',
      criticalRegressions: ['refund-window'],
      reviewed: { accepted: 0, rejected: 1 },
    });
    const suitcase = after.json.cases.find((c) => c.case === 'lost-suitcase-key' && c.candidate === 'gpt-4o')!;
    expect(suitcase).toMatchObject({ verdict: 'equivalent', confirmed: true });
    expect(after.stderr).toContain("reviewed: 1 verdict rests on a person's review (0 accepted, 1 rejected; by Ada)");

    // The reports say which verdicts rest on a review, by whom and when.
    const md = await runCli(['report', '--db', 'p.db', '--md', '-'], { cwd });
    expect(md.stdout).toContain('**Reviewed by people**');
    expect(md.stdout).toMatch(
      /- 👤 \*\*gpt-4\.1\*\*: 1 verdict rests on a review: refund-window regressed \(rejected by Ada, \d{4}-\d\d-\d\d\)/,
    );
  });

  it('a review lapses when the output it approved changes: the case is asked again', async () => {
    const cwd = exampleProject();
    await runCli(['run', 'suites/example.yaml', '--db', 'p.db', '--no-html'], { cwd });
    await runCli(['review', '1', '--db', 'p.db', '--accept', 'lost-suitcase-key', '--candidate', 'gpt-4o', '--by', 'Grace'], { cwd });
    const reviewed = await compareJson(cwd);
    expect(reviewed.json.cases.find((c) => c.case === 'lost-suitcase-key' && c.candidate === 'gpt-4o')?.verdict).toBe('equivalent');

    // gpt-4o answers differently in a new run: the review was of the old answer.
    const recording = join(cwd, 'fixtures/recordings/example/gpt-4o.jsonl');
    const rows = readFileSync(recording, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { case: string; output: string });
    for (const row of rows) if (row.case === 'lost-suitcase-key') row.output = `${row.output} Please contact a locksmith.`;
    writeFileSync(recording, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
    expect((await runCli(['run', 'suites/example.yaml', '--db', 'p.db', '--no-html', '--new'], { cwd })).code).toBe(1);
    const lapsed = await compareJson(cwd);
    const item = lapsed.json.cases.find((c) => c.case === 'lost-suitcase-key' && c.candidate === 'gpt-4o')!;
    expect(item.verdict).toBe('changed');
    expect(item.lapsedReview).toMatchObject({ decision: 'accept', by: 'Grace' });
    expect(item.reasons.at(-1)).toMatch(
      /^a review no longer applies \(accepted by Grace on .*\): the candidate's output changed since; review it again$/,
    );
    expect(lapsed.stderr).toContain('1 review no longer applies (an output changed): lost-suitcase-key; pinned review asks again');
  });

  it('refuses what it cannot record: an unknown case or candidate, both --accept and --reject, no terminal and no decision', async () => {
    const cwd = exampleProject();
    await runCli(['run', 'suites/example.yaml', '--db', 'p.db', '--no-html'], { cwd });
    const unknown = await runCli(['review', '--db', 'p.db', '--accept', 'nope', '--candidate', 'gpt-4o', '--by', 'A'], { cwd });
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.stderr).toContain("run 1 has no case 'nope'");
    const which = await runCli(['review', '--db', 'p.db', '--accept', 'refund-window', '--by', 'A'], { cwd });
    expect(which.stderr).toContain('say which candidate you reviewed: --candidate gpt-4.1 or --candidate gpt-4o');
    const both = await runCli(['review', '--db', 'p.db', '--accept', 'a', '--reject', 'b'], { cwd });
    expect(both).toMatchObject({ code: 2 });
    const notTerminal = await runCli(['review', '--db', 'p.db'], { cwd });
    expect(notTerminal).toMatchObject({ code: 2 });
    expect(notTerminal.stderr).toContain('pinned review 1 --accept CASE --candidate NAME --note "..." (or --reject)');
  });
});
