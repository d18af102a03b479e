import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

// Report tests run in Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it).
// Without it they skip with the reason in their name; CI sets PINNED_REQUIRE_BROWSER=1 so they
// cannot skip there.
export const chromiumPath = process.env.PINNED_CHROMIUM ?? '/usr/bin/chromium';
export const browserMissing = !existsSync(chromiumPath);
export const browserNote = browserMissing
  ? ` [skipped: no Chromium at ${chromiumPath}; apt-get install -y chromium or set PINNED_CHROMIUM]`
  : '';

if (browserMissing && process.env.PINNED_REQUIRE_BROWSER === '1') {
  throw new Error(`PINNED_REQUIRE_BROWSER=1 but no Chromium at ${chromiumPath}`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The closed network refuses Chromium's background connections; these keep it quiet and fast.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface OpenedReport {
  page: Page;
  file: string;
  dir: string;
  /** Uncaught exceptions and console errors the page produced. */
  errors: string[];
  /** Every dialog (alert, confirm, prompt) the page tried to open. */
  dialogs: string[];
}

/** Writes the HTML to a temp file and opens it from file://, the way a reader opens a CI artifact. */
export async function openReport(
  browser: Browser,
  html: string,
  hash = '',
  viewport = { width: 1400, height: 1000 },
): Promise<OpenedReport> {
  const dir = mkdtempSync(join(tmpdir(), 'pinned-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`file://${file}${hash}`);
  await page.waitForSelector('body[data-ready]');
  return { page, file, dir, errors, dialogs };
}
