import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { pct } from '../domain/format.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, browserNote, launchChromium, openReport } from './browser.test-helpers.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import type { ReportData } from './report-data.js';
import { exampleReportData, XSS_PAYLOADS, xssReportData } from './report.test-helpers.js';

describe('renderHtml', () => {
  it('is one self-contained file: no external scripts, styles, fonts or images', async () => {
    const html = renderHtml(await exampleReportData());
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(html).not.toContain('@import');
  });

  it('lists what params_compat: auto rewrote, per target', async () => {
    const data = await exampleReportData();
    const rewritten: ReportData = {
      ...data,
      targets: data.targets.map((t) =>
        t.name === 'gpt-4o'
          ? {
              ...t,
              paramRewrites: [
                {
                  param: 'max_tokens',
                  action: 'renamed' as const,
                  to: 'max_completion_tokens',
                  reason: 'the provider rejected it: 400 unsupported_parameter',
                },
              ],
            }
          : t,
      ),
    };
    expect(renderHtml(data)).not.toContain('data-fig="rewrites"');
    const html = renderHtml(rewritten);
    expect(html).toContain(
      '<b>gpt-4o</b>: max_tokens → max_completion_tokens <span class="muted">(the provider rejected it: 400 unsupported_parameter)</span>',
    );
  });

  it('says where rate limits bit, since their waits are in the latency figures', async () => {
    const data = await exampleReportData();
    expect(renderHtml(data)).not.toContain('data-fig="limits"');
    const limited: ReportData = {
      ...data,
      targets: data.targets.map((t) =>
        t.name === 'gpt-4.1' ? { ...t, limits: { rateLimited: 12, pausedMs: 8200, concurrency: 8, lowestConcurrency: 2 } } : t,
      ),
    };
    expect(renderHtml(limited)).toContain('<b>gpt-4.1</b>: 12 × 429, paused 8.2 s, concurrency 8 (lowest 2)');
  });

  it('escapes suite names, candidate names and tags in the server-rendered summary', async () => {
    const html = renderHtml(await xssReportData());
    expect(html).toContain('&lt;b&gt;xss&lt;/b&gt; suite');
    expect(html).toContain('new&lt;img src=x onerror=window.__pwned=&#39;name&#39;&gt;');
    for (const payload of XSS_PAYLOADS) expect(html).not.toContain(payload);
  });
});

describe.skipIf(browserMissing)(`the HTML report in Chromium${browserNote}`, () => {
  let browser: Browser;
  let data: ReportData;
  let html: string;
  beforeAll(async () => {
    [browser, data] = await Promise.all([launchChromium(), exampleReportData()]);
    html = renderHtml(data);
  });
  afterAll(async () => browser?.close());

  it("shows each candidate's decision and figures as the JSON states them", async () => {
    const json = JSON.parse(renderJson(data)) as {
      candidates: Array<{ candidate: string; decision: string; counts: Record<string, number>; equivalence: { rate: number } }>;
    };
    const { page, errors, dir } = await openReport(browser, html);
    for (const expected of json.candidates) {
      const card = page.locator(`.card[data-candidate="${expected.candidate}"]`);
      expect(await card.locator('[data-fig=decision]').textContent()).toBe(expected.decision.replace('-', ' '));
      expect(await card.locator('[data-fig=regressed] b').textContent()).toBe(String(expected.counts.regressed));
      expect(await card.locator('[data-fig=drifted] b').textContent()).toBe(String(expected.counts.drifted));
      expect(await card.locator('[data-fig=errors] b').textContent()).toBe(String(expected.counts.error));
      expect(await card.locator('[data-fig=equivalence] b').textContent()).toBe(pct(expected.equivalence.rate));
      expect(await card.locator('.vbar .seg').count()).toBe(Object.values(expected.counts).filter((n) => n > 0).length);
    }
    await page.screenshot({ path: join(dir, 'summary.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('filters by verdict, candidate and text, and the counts follow the filters', async () => {
    const { page, errors } = await openReport(browser, html);
    const total = data.cases.reduce((n, c) => n + Object.keys(c.comparisons).length, 0);
    await expect.poll(() => page.locator('#count').textContent()).toBe(`${total} of ${total} shown`);
    const regressed = data.decisions.reduce((n, d) => n + d.counts.regressed, 0);
    expect(await page.locator('[data-chip=regressed] b').textContent()).toBe(String(regressed));

    await page.click('[data-chip=regressed]');
    await expect.poll(() => page.locator('#count').textContent()).toBe(`${regressed} of ${total} shown`);
    expect(new Set(await page.locator('.row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict'))))).toEqual(
      new Set(['regressed']),
    );

    const gpt4o = data.decisions.find((d) => d.candidate === 'gpt-4o')!;
    await page.selectOption('#f-candidate', 'gpt-4o');
    await expect.poll(() => page.locator('#count').textContent()).toBe(`${gpt4o.counts.regressed} of ${total} shown`);
    expect(await page.locator('[data-chip=same] b').textContent()).toBe(String(gpt4o.counts.same));

    await page.click('[data-chip=regressed]');
    await page.click('.card[data-candidate="gpt-4.1"] .vbar .seg[data-verdict=equivalent]');
    const gpt41 = data.decisions.find((d) => d.candidate === 'gpt-4.1')!;
    await expect.poll(() => page.locator('#count').textContent()).toBe(`${gpt41.counts.equivalent} of ${total} shown`);
    expect(await page.locator('#f-candidate').inputValue()).toBe('gpt-4.1');
    await page.click('[data-chip=equivalent]');
    await page.selectOption('#f-candidate', '');
    await page.fill('#q', 'chargeback');
    await expect
      .poll(() =>
        page
          .locator('.row')
          .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-case')} ${r.getAttribute('data-candidate')}`).sort()),
      )
      .toEqual(['escalate-chargeback gpt-4.1', 'escalate-chargeback gpt-4o']);
    expect(errors).toEqual([]);
  });

  it('opens a case with word-level highlights, switches diff modes, and keeps it across a reload', async () => {
    const { page, errors, dir } = await openReport(browser, html);
    await page.click('.row[data-case="extract-order"][data-candidate="gpt-4.1"]');
    const view = page.locator('#detail .case');
    expect(await view.getAttribute('data-case')).toBe('extract-order');
    expect(await view.locator('ins').allTextContents()).toContain('1');
    expect(await view.locator('del').allTextContents()).toContain('3');
    expect(await view.locator('.reasons').textContent()).toContain('quantity: 3 → 1');
    expect(page.url()).toContain('#case=extract-order&candidate=gpt-4.1');
    await page.screenshot({ path: join(dir, 'case.png'), fullPage: true });

    await page.click('[data-mode=inline]');
    expect(await view.locator('.diff-inline ins').count()).toBeGreaterThan(0);
    await page.click('[data-mode=raw]');
    expect(await view.locator('ins, del').count()).toBe(0);

    await page.reload();
    await page.waitForSelector('body[data-ready]');
    expect(await page.locator('#detail .case').getAttribute('data-case')).toBe('extract-order');
    expect(await page.locator('.row.sel').getAttribute('data-case')).toBe('extract-order');
    expect(errors).toEqual([]);
  });

  it('follows a deep link, and moves with j / k and opens with Enter', async () => {
    const { page, errors } = await openReport(browser, html, '#case=escalate-chargeback&candidate=gpt-4o');
    expect(await page.locator('#detail .case').getAttribute('data-candidate')).toBe('gpt-4o');
    expect(await page.locator('#detail .case [data-verdict]').textContent()).toBe(
      data.cases.find((c) => c.id === 'escalate-chargeback')!.comparisons['gpt-4o']!.verdict,
    );

    await page.selectOption('#sort', 'suite');
    await page.locator('#list').focus();
    await page.keyboard.press('k');
    for (let i = 0; i < 3; i++) await page.keyboard.press('j');
    const selected = await page.locator('.row.sel').getAttribute('data-case');
    await page.keyboard.press('Enter');
    expect(await page.locator('#detail .case').getAttribute('data-case')).toBe(selected);
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`case=${selected}`);
    expect(errors).toEqual([]);
  });

  it('keeps hostile model output, case ids, tags and names inert text', async () => {
    const xss = await xssReportData();
    const { page, errors, dialogs, dir } = await openReport(browser, renderHtml(xss));
    const rows = await page.locator('.row').count();
    expect(rows).toBe(XSS_PAYLOADS.length);
    for (let i = 0; i < rows; i++) {
      await page.locator('.row').nth(i).click();
      for (const mode of ['side', 'inline', 'raw']) await page.click(`[data-mode=${mode}]`);
      await page.locator('#detail details').evaluateAll((all) => all.forEach((d) => ((d as unknown as { open: boolean }).open = true)));
      await page.locator('#detail a').evaluateAll((links) => links.forEach((a) => (a as unknown as { click(): void }).click()));
    }
    await page.fill('#q', '<script>');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(dir, 'xss.png'), fullPage: true });
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('#detail script, #detail img, #detail svg, #list img, #detail textarea').count()).toBe(0);
    const shown = await page.locator('body').textContent();
    expect(shown).toContain('<img src=x onerror=');
    expect(errors).toEqual([]);
  });
});
