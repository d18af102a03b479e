// The HTML report on a phone (390 px wide), where a reviewer opens a CI artifact from a link:
// case ids readable, a table wider than the screen says it scrolls, critical cases marked as
// the terminal and Markdown mark them, the noise-floor label whole, and an error case still
// showing the answer the other side gave.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, browserNote, launchChromium, openReport } from './browser.test-helpers.js';
import { renderHtml } from './render-html.js';
import { reportDataFor } from './report.test-helpers.js';

const PHONE = { width: 390, height: 844 };
const LONG_ID = 'refund-window-after-forty-five-days';
const texts = [
  'Sure, here is how.',
  'Your order ships today.',
  'We are sorry for the delay.',
  'Reset it from settings.',
  'Call us any time.',
];

async function narrowReportHtml(): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'pinned-narrow-'));
  const ids = [LONG_ID, 'password-reset-email-never-arrives', 'late-order', 'shipping-times', 'contact-hours'];
  writeFileSync(
    join(cwd, 'suite.yaml'),
    `name: narrow
baseline: old
candidates: [new]
targets:
  old: { replay: recordings/a-rather-long-folder-name/baseline-outputs.jsonl, samples: 2 }
  new: { replay: recordings/a-rather-long-folder-name/candidate-outputs.jsonl }
gate: { critical_tags: [billing] }
cases:
${ids.map((id, i) => `  - { id: ${id}, prompt: "Q${i}?"${i === 0 ? ', tags: [billing]' : ''} }`).join('\n')}
  - { id: no-baseline-answer, prompt: "Q?" }
`,
  );
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(cwd, 'recordings/a-rather-long-folder-name'), { recursive: true });
  // Two identical baseline samples per case: the baseline never differs from itself, so the floor is 1.00.
  const baseline = ids.flatMap((id, i) => [0, 1].map((sample) => JSON.stringify({ case: id, sample, output: texts[i] })));
  const candidate = [
    ...ids.map((id, i) => JSON.stringify({ case: id, output: i === 0 ? 'No refunds, sorry.' : texts[i] })),
    JSON.stringify({ case: 'no-baseline-answer', output: 'The candidate answered this one.' }),
  ];
  writeFileSync(join(cwd, 'recordings/a-rather-long-folder-name/baseline-outputs.jsonl'), baseline.join('\n'));
  writeFileSync(join(cwd, 'recordings/a-rather-long-folder-name/candidate-outputs.jsonl'), candidate.join('\n'));
  return renderHtml(await reportDataFor(join(cwd, 'suite.yaml'), cwd));
}

describe.skipIf(browserMissing)(`the HTML report on a 390 px screen${browserNote}`, () => {
  let browser: Browser;
  let html: string;
  beforeAll(async () => {
    [browser, html] = await Promise.all([launchChromium(), narrowReportHtml()]);
  });
  afterAll(async () => browser?.close());

  it('shows whole case ids, a scroll cue on the targets table, critical cases and the whole noise-floor label', async () => {
    const { page, errors, dir } = await openReport(browser, html, '', PHONE);
    await page.screenshot({ path: join(dir, 'phone.png'), fullPage: true });
    const id = page.locator(`.row[data-case="${LONG_ID}"] .id`);
    const { client, scroll } = await id.evaluate((e) => ({ client: e.clientWidth, scroll: e.scrollWidth }));
    expect(scroll, 'the case id is cut off').toBeLessThanOrEqual(client);

    const scroller = page.locator('.targets .scroll');
    expect(await scroller.getAttribute('data-overflow')).toBe('right');
    expect(await page.locator('.targets .scroll-cue').isVisible()).toBe(true);

    expect(await page.locator(`.row[data-case="${LONG_ID}"] .crit`).textContent()).toBe('critical');
    expect(await page.locator('.row[data-case="shipping-times"] .crit').count()).toBe(0);

    for (const label of await page.locator('.floor-label').all()) {
      expect(await label.textContent()).toBe('noise floor 1.00');
      const [box, svg] = await Promise.all([label.boundingBox(), label.evaluate((e) => e.closest('svg')!.getBoundingClientRect().right)]);
      expect(box!.x + box!.width, 'the label runs off the chart').toBeLessThanOrEqual(svg + 0.5);
    }
    expect(errors).toEqual([]);
  });

  it('a critical case says so in its view, and an error case still shows the answer the other side gave', async () => {
    const { page, errors, dir } = await openReport(browser, html, `#case=${LONG_ID}&candidate=new`, PHONE);
    expect(await page.locator('#detail .case header .crit').textContent()).toBe('critical');
    await page.goto(`${page.url().split('#')[0]}#case=no-baseline-answer&candidate=new`);
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    const view = page.locator('#detail .case');
    expect(await view.getAttribute('data-verdict')).toBe('error');
    expect(await view.locator('.one-side').textContent()).toContain('The candidate answered this one.');
    expect(await view.locator('.one-side').textContent()).toContain('no recording for case');
    await page.screenshot({ path: join(dir, 'phone-error-case.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
