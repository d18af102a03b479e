import { chromium } from 'playwright-core';
const [file, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
await page.goto('file://' + file);
await page.waitForSelector('body[data-ready]');
await page.screenshot({ path: out });
await browser.close();
