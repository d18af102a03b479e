// The HTML report collects reviews without a server: accept / reject on each case view, kept in
// local storage across reloads, exported as the review file or as pinned review commands, both
// of which the CLI then takes as evidence.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, exampleProject, runCli } from '../commands/cli.test-helpers.js';
import { browserMissing, browserNote, launchChromium, openReport } from './browser.test-helpers.js';
import { renderHtml } from './render-html.js';
import type { ReportData } from './report-data.js';
import { reportDataFor } from './report.test-helpers.js';

const NOTE = `tells them to pick the lock <img src=x onerror="window.__pwned=1"> it's unsafe`;

describe.skipIf(browserMissing)(`review buttons in the HTML report (Chromium)${browserNote}`, () => {
  let browser: Browser;
  let cwd: string;
  let data: ReportData;
  beforeAll(async () => {
    cwd = exampleProject();
    [browser, data] = await Promise.all([launchChromium(), reportDataFor('suites/example.yaml', cwd)]);
  });
  afterAll(async () => browser?.close());

  it('accept / reject on a case view last across reloads, and export as the review file and as commands the CLI takes', async () => {
    const { page, errors } = await openReport(browser, renderHtml(data), '#case=lost-suitcase-key&candidate=gpt-4o');
    const box = page.locator('.case .my-review');
    await expect.poll(() => box.locator('.status').textContent()).toBe('not reviewed');
    await box.locator('input.note').fill(NOTE);
    await box.locator('button[data-review="reject"]').click();
    await expect.poll(() => page.locator('.case .my-review').getAttribute('data-my-review')).toBe('reject');
    expect(await page.locator('.row.open sup.mine').count()).toBe(1);
    expect(await page.locator('#review-count').textContent()).toBe('1 review made in this browser (0 accepted, 1 rejected)');

    // Another case accepted from the list, then a reload: both are still there.
    await page.goto(`${page.url().split('#')[0]}#case=password-reset&candidate=gpt-4.1`);
    await page.locator('.case[data-case="password-reset"] button[data-review="accept"]').click();
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    await expect.poll(() => page.locator('.case .my-review').getAttribute('data-my-review')).toBe('accept');
    expect(await page.locator('#review-count').textContent()).toBe('2 reviews made in this browser (1 accepted, 1 rejected)');
    await page.screenshot({ path: join(cwd, 'review-buttons.png') });

    // The review file: a name is asked for first, then it downloads.
    await page.locator('#review-download').click();
    expect(await page.locator('#review-message').textContent()).toContain('Write your name first');
    await page.locator('#reviewer').fill('Ada Lovelace');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#review-download').click()]);
    expect(download.suggestedFilename()).toBe('example.reviews.yaml');
    const file = readFileSync((await download.path())!, 'utf8');
    const parsed = parse(file) as { reviews: Array<Record<string, string>> };
    const suitcase = data.cases.find((c) => c.id === 'lost-suitcase-key')!.comparisons['gpt-4o']!;
    expect(parsed.reviews).toEqual([
      expect.objectContaining({ case: 'lost-suitcase-key', candidate: 'gpt-4o', decision: 'reject', by: 'Ada Lovelace', note: NOTE }),
      expect.objectContaining({ case: 'password-reset', candidate: 'gpt-4.1', decision: 'accept', by: 'Ada Lovelace' }),
    ]);
    expect(parsed.reviews[0]).toMatchObject({ baseline_output: suitcase.outputs!.baseline, candidate_output: suitcase.outputs!.candidate });

    // The commands (in suite order), with the note quoted for the shell.
    await page.locator('#review-commands').click();
    const commands = await page.locator('#review-export').inputValue();
    expect(commands.split('\n')).toEqual([
      `pinned review ${data.run.id} --accept password-reset --candidate gpt-4.1 --by 'Ada Lovelace'`,
      `pinned review ${data.run.id} --reject lost-suitcase-key --candidate gpt-4o --note 'tells them to pick the lock <img src=x onerror="window.__pwned=1"> it'\\''s unsafe' --by 'Ada Lovelace'`,
    ]);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);

    // What the page exported is evidence to the CLI: the file as saved next to the suite...
    writeFileSync(join(cwd, 'suites/example.reviews.yaml'), file);
    const fromFile = JSON.parse((await runCli(['compare', '--json', '-'], { cwd })).stdout) as {
      cases: Array<{ case: string; candidate: string; verdict: string; review?: { by: string; note?: string } }>;
    };
    expect(fromFile.cases.find((c) => c.case === 'lost-suitcase-key' && c.candidate === 'gpt-4o')).toMatchObject({
      verdict: 'regressed',
      review: { by: 'Ada Lovelace', note: NOTE },
    });
    // ...and the commands, pasted into a shell.
    writeFileSync(join(cwd, 'suites/example.reviews.yaml'), '');
    const shell = spawnSync('bash', ['-e', '-c', `pinned() { node ${JSON.stringify(cliPath)} "$@"; }\n${commands}`], {
      cwd,
      encoding: 'utf8',
    });
    expect(shell.status, shell.stderr).toBe(0);
    expect(parse(readFileSync(join(cwd, 'suites/example.reviews.yaml'), 'utf8')).reviews).toEqual(
      parsed.reviews.map((r) => ({ ...r, at: expect.any(String) })),
    );
  });

  it('shows which verdicts rest on a review in the file, with who and when', async () => {
    const project = exampleProject();
    await runCli(['run', 'suites/example.yaml', '--no-html'], { cwd: project });
    await runCli(['review', '--reject', 'lost-suitcase-key', '--candidate', 'gpt-4o', '--note', 'unsafe', '--by', 'Grace'], {
      cwd: project,
    });
    const reviewed = await reportDataFor('suites/example.yaml', project);
    const { page } = await openReport(browser, renderHtml(reviewed), '#case=lost-suitcase-key&candidate=gpt-4o');
    const mark = page.locator('.case .mark.reviewed');
    expect(await mark.textContent()).toMatch(/^rejected by Grace, \d{4}-\d\d-\d\d$/);
    expect(await mark.getAttribute('title')).toMatch(/: unsafe$/);
    expect(await page.locator('.case .reasons li').first().textContent()).toMatch(/^regressed by review: rejected by Grace on/);
    expect(await page.locator('.row[data-case="lost-suitcase-key"][data-candidate="gpt-4o"] sup.rev').count()).toBe(1);
  });
});
