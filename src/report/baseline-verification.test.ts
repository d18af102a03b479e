import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../commands/cli.test-helpers.js';
import { describeBaselineVerification, type StoredVerification } from '../domain/verification.js';
import { browserMissing, browserNote, launchChromium, openReport } from './browser.test-helpers.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown } from './render-markdown.js';
import type { ReportData } from './report-data.js';
import { exampleReportData, frozen } from './report.test-helpers.js';

// Every report shows the baseline endpoint's latest pinned verify next to its name, and warns
// when it was found inconsistent. (The example's baseline replays recordings, so on its own it
// has nothing to say: its reports carry null.)
const inconsistent: StoredVerification = {
  id: 1,
  runId: 3,
  target: 'gpt-4-0314',
  model: 'gpt-4-0314',
  baseUrl: 'https://api.example.com/v1',
  snapshot: 'gpt-4-0314',
  referenceFile: 'recordings/alpaca.jsonl',
  referenceSha256: 'cd'.repeat(32),
  prompts: 50,
  seed: 4242,
  alpha: 0.05,
  outcome: 'inconsistent',
  pairedP: 1.5e-10,
  styleP: 0.0006,
  summary:
    'inconsistent with the recorded gpt-4-0314: on 43 of 50 prompts its answers are further from the recording than a second genuine recording is (p < 0.001); style p < 0.001',
  detail: {},
  createdAt: '2026-12-04T17:51:33.679Z',
};

async function withVerification(): Promise<ReportData> {
  const data = frozen(await exampleReportData());
  const verification = describeBaselineVerification({
    target: 'gpt-4-0314',
    model: 'gpt-4-0314',
    recorded: false,
    latest: inconsistent,
    now: new Date('2026-12-05T00:00:00Z'),
  });
  return { ...data, baselineVerification: verification! };
}

describe("the baseline's verification in every report", () => {
  it('is null in the JSON of a baseline that replays recordings, and the whole verification otherwise, valid against the schema', async () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schema/comparison.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);
    const plain = JSON.parse(renderJson(await exampleReportData()));
    expect(plain.baselineVerification).toBeNull();
    const json = JSON.parse(renderJson(await withVerification()));
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    expect(json.baselineVerification).toMatchObject({
      latest: { runId: 3, prompts: 50, outcome: 'inconsistent', snapshot: 'gpt-4-0314', seed: 4242 },
      line: expect.stringMatching(/^checked 2026-12-04 17:51 UTC with pinned verify \(run 3\): inconsistent with the recorded gpt-4-0314/),
      warning: expect.stringMatching(/found it inconsistent with the recorded gpt-4-0314/),
    });
  });

  it('is a line under the Markdown headline, with the warning, using no tags of its own', async () => {
    const text = renderMarkdown(await withVerification());
    expect(text).toContain('Baseline endpoint **gpt-4-0314**: checked 2026-12-04 17:51 UTC with pinned verify (run 3): inconsistent with');
    expect(text).toMatch(/⚠️ \*\*Warning\*\*: the baseline endpoint's latest check/);
    const html = await marked.parse(text);
    expect(html).not.toMatch(/<blockquote/);
  });

  it('is a property of every JUnit test suite', async () => {
    const xml = renderJunit(await withVerification());
    expect(xml).toContain(
      '<property name="baselineVerification" value="checked 2026-12-04 17:51 UTC with pinned verify (run 3): inconsistent',
    );
    expect(xml).toContain(`<property name="baselineWarning" value="the baseline endpoint's latest check`);
  });

  it.skipIf(browserMissing)(
    `sits beside the baseline's name in the HTML report, with a warning above the decisions${browserNote}`,
    async () => {
      const browser = await launchChromium();
      try {
        const { page, errors } = await openReport(browser, renderHtml(await withVerification()));
        const badge = page.locator('[data-fig="baseline-verification"]');
        expect(await badge.textContent()).toBe('· inconsistent with the recorded gpt-4-0314 (pinned verify, K = 50, 2026-12-04, run 3)');
        expect(await badge.getAttribute('title')).toMatch(/^checked 2026-12-04 17:51 UTC with pinned verify \(run 3\)/);
        // Right after the baseline's name in the header.
        expect(await page.locator('body > header .meta').first().textContent()).toMatch(/baseline gpt-4-0314 · inconsistent with/);
        expect(await page.locator('[data-fig="baseline-warning"]').isVisible()).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
